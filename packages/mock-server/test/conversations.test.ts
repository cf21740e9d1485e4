/**
 * Conversations and messages (coze-openapi.yaml CreateConversationApi, RetrieveConversationApi, ListConversationsApi,
 * ClearConversationApi, CreateMessageApi, ListMessageApi, RetrieveMessageApi, ModifyMessageApi, DeleteMessageApi).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { expectApiError, newMock } from './helpers.js';
import { api, ask, botId, chat, dataFrom } from './resource-helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

type Conversation = { id: string; created_at: number; meta_data: Record<string, string>; last_section_id: string; name: string };
type Message = { id: string; conversation_id: string; role: string; type: string; content: string; content_type: string; meta_data: Record<string, string>; section_id: string };
type Page = { code: number; data: Message[]; first_id: string; last_id: string; has_more: boolean };

const create = async (body: Record<string, unknown> = {}) => dataFrom<Conversation>(await api(app, 'POST', '/v1/conversation/create', body));
const addMessage = async (conversation: string, content: string, role = 'user') =>
  dataFrom<Message>(await api(app, 'POST', `/v1/conversation/message/create?conversation_id=${conversation}`, { role, content, content_type: 'text' }));
const list = async (conversation: string, body: Record<string, unknown> = {}) => {
  const res = await api(app, 'POST', `/v1/conversation/message/list?conversation_id=${conversation}`, body);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

describe('conversations', () => {
  it('create (with messages and meta_data), retrieve, and list per bot newest first with has_more', async () => {
    const echo = botId(app, 'Echo bot');
    const first = await create({ bot_id: echo, meta_data: { uuid: 'newid1234' }, name: 'first', messages: [{ role: 'user', content: 'hello', content_type: 'text' }, { role: 'assistant', content: 'hi!', content_type: 'text' }] });
    expect(first).toMatchObject({ id: expect.stringMatching(/^\d{19}$/), meta_data: { uuid: 'newid1234' }, name: 'first', last_section_id: expect.stringMatching(/^\d{19}$/) });
    expect(await dataFrom(await api(app, 'GET', `/v1/conversation/retrieve?conversation_id=${first.id}`))).toEqual(first);
    expect((await list(first.id, { order: 'asc' })).data.map((m) => [m.role, m.type, m.content])).toEqual([['user', 'question', 'hello'], ['assistant', 'answer', 'hi!']]);
    const second = await create({ bot_id: echo });
    await create({ bot_id: botId(app, 'Tool bot') });
    await create();
    const page1 = await dataFrom<{ conversations: Conversation[]; has_more: boolean }>(await api(app, 'GET', `/v1/conversations?bot_id=${echo}&page_size=1`));
    expect(page1).toEqual({ conversations: [expect.objectContaining({ id: second.id })], has_more: true });
    const page2 = await dataFrom<{ conversations: Conversation[]; has_more: boolean }>(await api(app, 'GET', `/v1/conversations?bot_id=${echo}&page_size=1&page_num=2`));
    expect(page2).toEqual({ conversations: [expect.objectContaining({ id: first.id })], has_more: false });
    const ascending = await dataFrom<{ conversations: Conversation[] }>(await api(app, 'GET', `/v1/conversations?bot_id=${echo}&sort_order=ASC`));
    expect(ascending.conversations.map((c) => c.id)).toEqual([first.id, second.id]);
  });

  it('a chat without conversation_id creates one for its bot, listed with the others', async () => {
    const started = await dataFrom<{ conversation_id: string }>(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: false, additional_messages: ask('x') }));
    const listed = await dataFrom<{ conversations: Conversation[] }>(await api(app, 'GET', `/v1/conversations?bot_id=${botId(app, 'Echo bot')}`));
    expect(listed.conversations.map((c) => c.id)).toEqual([started.conversation_id]);
  });

  it('clear starts a new section: later messages carry it, a chat no longer reads what came before', async () => {
    const conversation = await create({ bot_id: botId(app, 'Echo bot') });
    const before = await addMessage(conversation.id, 'old question');
    const cleared = await dataFrom<{ id: string; conversation_id: string }>(await api(app, 'POST', `/v1/conversations/${conversation.id}/clear`));
    expect(cleared).toEqual({ id: expect.stringMatching(/^\d{19}$/), conversation_id: conversation.id });
    expect(cleared.id).not.toBe(before.section_id);
    expect((await dataFrom<Conversation>(await api(app, 'GET', `/v1/conversation/retrieve?conversation_id=${conversation.id}`))).last_section_id).toBe(cleared.id);
    expect((await list(conversation.id)).data).toHaveLength(1);
    await expectApiError(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: false }, conversation.id), 400, 4000);
    expect((await addMessage(conversation.id, 'new question')).section_id).toBe(cleared.id);
    expect((await chat(app, { bot_id: botId(app, 'Echo bot'), stream: false }, conversation.id)).status).toBe(200);
  });

  it('answer Coze’s errors: bad bodies and queries 4000, unknown ids 4200, no token 4100, no permission 4101', async () => {
    await expectApiError(await api(app, 'POST', '/v1/conversation/create', { meta_data: 'x' }), 400, 4000);
    await expectApiError(await api(app, 'POST', '/v1/conversation/create', { messages: [{ role: 'user', content: 'x', content_type: 'text', meta_data: { '': 'v' } }] }), 400, 4000);
    await expectApiError(await api(app, 'POST', '/v1/conversation/create', { name: 'n'.repeat(101) }), 400, 4000);
    await expectApiError(await api(app, 'POST', '/v1/conversation/create', { bot_id: '7000000000000000000' }), 404, 4200);
    await expectApiError(await api(app, 'POST', '/v1/conversation/create', '[1]'), 400, 4000);
    await expectApiError(await api(app, 'GET', '/v1/conversation/retrieve'), 400, 4000);
    await expectApiError(await api(app, 'GET', '/v1/conversation/retrieve?conversation_id=7000000000000000000'), 404, 4200);
    await expectApiError(await api(app, 'GET', '/v1/conversations'), 400, 4000);
    await expectApiError(await api(app, 'GET', `/v1/conversations?bot_id=${botId(app, 'Echo bot')}&page_size=0`), 400, 4000);
    await expectApiError(await api(app, 'GET', `/v1/conversations?bot_id=${botId(app, 'Echo bot')}&sort_order=sideways`), 400, 4000);
    await expectApiError(await api(app, 'POST', '/v1/conversations/7000000000000000000/clear'), 404, 4200);
    await expectApiError(await api(app, 'POST', '/v1/conversation/create', {}, null), 401, 4100);
    app = newMock({ config: { pats: [{ token: 'pat_only_chat_x', permissions: ['chat'] }] } });
    expect((await expectApiError(await api(app, 'POST', '/v1/conversation/create', {}, 'pat_only_chat_x'), 403, 4101)).msg).toContain('conversation');
  });
});

describe('messages', () => {
  it('create, retrieve, modify (answered as `message`) and delete', async () => {
    const conversation = await create();
    const message = await addMessage(conversation.id, 'draft', 'assistant');
    expect(message).toMatchObject({ conversation_id: conversation.id, role: 'assistant', type: 'answer', content: 'draft', content_type: 'text', meta_data: {}, bot_id: '', chat_id: '' });
    const ids = `conversation_id=${conversation.id}&message_id=${message.id}`;
    expect(await dataFrom(await api(app, 'GET', `/v1/conversation/message/retrieve?${ids}`))).toEqual(message);
    const modified = await api(app, 'POST', `/v1/conversation/message/modify?${ids}`, { content: 'final', meta_data: { edited: 'yes' } });
    const body = (await modified.json()) as { code: number; message: Message; data?: unknown };
    expect(body).toMatchObject({ code: 0, message: { id: message.id, content: 'final', meta_data: { edited: 'yes' } } });
    expect(body.data).toBeUndefined();
    expect(await dataFrom(await api(app, 'POST', `/v1/conversation/message/delete?${ids}`))).toMatchObject({ id: message.id, content: 'final' });
    await expectApiError(await api(app, 'GET', `/v1/conversation/message/retrieve?${ids}`), 404, 4200);
    expect((await list(conversation.id)).data).toEqual([]);
  });

  it('take object_string content as a string or (as coze-js messages.create sends it) as a list', async () => {
    const conversation = await create();
    const items = [{ type: 'text', text: 'look' }, { type: 'image', file_url: 'https://example.invalid/cat.png' }];
    const asList = await dataFrom<Message>(await api(app, 'POST', `/v1/conversation/message/create?conversation_id=${conversation.id}`, { role: 'user', content: items, content_type: 'object_string' }));
    const asString = await dataFrom<Message>(await api(app, 'POST', `/v1/conversation/message/create?conversation_id=${conversation.id}`, { role: 'user', content: JSON.stringify(items), content_type: 'object_string' }));
    expect(JSON.parse(asList.content)).toEqual(items);
    expect(asString.content).toBe(asList.content);
  });

  it('list newest first by default, page with limit, after_id (onwards, as coze-py pages) and before_id (back)', async () => {
    const conversation = await create();
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push((await addMessage(conversation.id, `m${i}`)).id);
    const first = await list(conversation.id, { limit: 2 });
    expect(first.data.map((m) => m.content)).toEqual(['m4', 'm3']);
    expect(first).toMatchObject({ first_id: sent[4], last_id: sent[3], has_more: true });
    const second = await list(conversation.id, { limit: 2, after_id: first.last_id });
    expect(second.data.map((m) => m.content)).toEqual(['m2', 'm1']);
    const third = await list(conversation.id, { limit: 2, after_id: second.last_id });
    expect(third).toMatchObject({ has_more: false, data: [expect.objectContaining({ content: 'm0' })] });
    const back = await list(conversation.id, { limit: 2, before_id: third.first_id });
    expect(back.data.map((m) => m.content)).toEqual(['m2', 'm1']);
    expect(back.has_more).toBe(true);
    expect((await list(conversation.id, { order: 'asc', limit: 3 })).data.map((m) => m.content)).toEqual(['m0', 'm1', 'm2']);
    // "0" means no position (ListMessageApi), as do empty cursors and coze-py's nulls.
    expect((await list(conversation.id, { before_id: '0', after_id: null, chat_id: null })).data).toHaveLength(5);
    // No body at all: coze-js sends none when no parameter is given.
    const bare = await app.request(`/v1/conversation/message/list?conversation_id=${conversation.id}`, { method: 'POST', headers: { authorization: `Bearer ${app.mock.fixtures.pats[0]?.token}` } });
    expect(((await bare.json()) as Page).data).toHaveLength(5);
  });

  it('filter by chat_id', async () => {
    const started = await dataFrom<{ id: string; conversation_id: string }>(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: false, additional_messages: ask('from a chat') }));
    await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${started.conversation_id}&chat_id=${started.id}`);
    await addMessage(started.conversation_id, 'by hand');
    const byChat = await list(started.conversation_id, { chat_id: started.id, order: 'asc' });
    expect(byChat.data.map((m) => [m.type, m.content])).toEqual([['question', 'from a chat'], ['answer', 'from a chat']]);
  });

  it('answer Coze’s errors for bad input', async () => {
    const conversation = await create();
    const message = await addMessage(conversation.id, 'x');
    const base = `/v1/conversation/message`;
    const cases: [string, string, unknown, number, number][] = [
      ['POST', `${base}/create?conversation_id=${conversation.id}`, { role: 'user', content: 'x' }, 400, 4000],
      ['POST', `${base}/create?conversation_id=${conversation.id}`, { role: 'bot', content: 'x', content_type: 'text' }, 400, 4000],
      ['POST', `${base}/create?conversation_id=${conversation.id}`, { role: 'user', content: 5, content_type: 'text' }, 400, 4000],
      ['POST', `${base}/create?conversation_id=${conversation.id}`, { role: 'user', content: 'not json', content_type: 'object_string' }, 400, 4000],
      ['POST', `${base}/create`, { role: 'user', content: 'x', content_type: 'text' }, 400, 4000],
      ['POST', `${base}/create?conversation_id=7000000000000000000`, { role: 'user', content: 'x', content_type: 'text' }, 404, 4200],
      ['POST', `${base}/list?conversation_id=${conversation.id}`, { limit: 51 }, 400, 4000],
      ['POST', `${base}/list?conversation_id=${conversation.id}`, { limit: '10' }, 400, 4000],
      ['POST', `${base}/list?conversation_id=${conversation.id}`, { order: 'random' }, 400, 4000],
      ['POST', `${base}/list?conversation_id=${conversation.id}`, { before_id: message.id, after_id: message.id }, 400, 4000],
      ['POST', `${base}/list?conversation_id=${conversation.id}`, { after_id: '7000000000000000000' }, 400, 4000],
      ['GET', `${base}/retrieve?conversation_id=${conversation.id}`, undefined, 400, 4000],
      ['GET', `${base}/retrieve?conversation_id=${conversation.id}&message_id=7000000000000000000`, undefined, 404, 4200],
      ['POST', `${base}/modify?conversation_id=${conversation.id}&message_id=${message.id}`, { content: ['x'] }, 400, 4000],
      ['POST', `${base}/delete?conversation_id=${conversation.id}&message_id=7000000000000000000`, undefined, 404, 4200],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await api(app, method, path, body);
      expect(res.headers.get('content-type'), `${method} ${path}`).toMatch(/^application\/json/);
      await expectApiError(res, status, code);
    }
    await expectApiError(await api(app, 'POST', `${base}/create?conversation_id=${conversation.id}`, { role: 'user', content: 'x', content_type: 'text' }, null), 401, 4100);
  });
});
