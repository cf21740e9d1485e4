/**
 * `POST /v3/chat` with `stream: true` (coze-openapi.yaml ChatV3): Coze's framing, the event order, and a store that
 * agrees with what was streamed (the rows `chat.stream-framing` and `chat.stream-events` of docs/contract.md).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { expectApiError, fixturesOf, jwtToken, newMock } from './helpers.js';
import { api, ask, botId, chat, dataFrom, dataOf, deltaText, names, streamEvents } from './resource-helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

type Chat = { id: string; conversation_id: string; bot_id: string; status: string; usage: { token_count: number; input_count: number; output_count: number }; last_error: { code: number } };
type Message = { id: string; role: string; type: string; content: string; chat_id: string; conversation_id: string };

describe('a streamed chat with the echo bot', () => {
  it('is written as event:/data: lines with no space after the colon, JSON data and "[DONE]" last', async () => {
    const res = await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('Hi') });
    const text = await res.clone().text();
    expect(text.startsWith('event:conversation.chat.created\ndata:{')).toBe(true);
    expect(text.endsWith('event:done\ndata:"[DONE]"\n\n')).toBe(true);
    expect(res.headers.get('x-tt-logid')).toMatch(/^\d{17}[0-9A-F]{15}$/);
    await streamEvents(res);
  });

  it('sends created, in_progress, the answer in deltas, the answer, a verbose finish, completed and done', async () => {
    const question = 'What does the mock answer? 🙂 Exactly this.';
    const events = await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask(question) }));
    const deltas = events.filter((e) => e.event === 'conversation.message.delta');
    expect(names(events)).toEqual([
      'conversation.chat.created',
      'conversation.chat.in_progress',
      ...deltas.map(() => 'conversation.message.delta'),
      'conversation.message.completed',
      'conversation.message.completed',
      'conversation.chat.completed',
      'done',
    ]);
    // Four characters a delta by default, cut by code point (the emoji stays whole).
    expect(deltas.length).toBe(Math.ceil(Array.from(question).length / 4));
    expect(deltaText(events)).toBe(question);
    const [answer, verbose] = events.filter((e) => e.event === 'conversation.message.completed').map((e) => e.data as Message);
    expect(answer).toMatchObject({ role: 'assistant', type: 'answer', content: question, content_type: 'text' });
    expect((deltas[0]?.data as Message).id).toBe(answer?.id);
    expect(verbose).toMatchObject({ type: 'verbose', content: expect.stringContaining('"msg_type":"generate_answer_finish"') });
    expect(dataOf<Chat>(events, 'conversation.chat.created').status).toBe('created');
    expect(dataOf<Chat>(events, 'conversation.chat.in_progress').status).toBe('in_progress');
    const completed = dataOf<Chat>(events, 'conversation.chat.completed');
    expect(completed).toMatchObject({ status: 'completed', bot_id: botId(app, 'Echo bot'), last_error: { code: 0, msg: '' } });
    expect(completed.usage.output_count).toBeGreaterThan(0);
    expect(completed.usage.token_count).toBe(completed.usage.input_count + completed.usage.output_count);
  });

  it('takes an empty conversation_id (coze-py and coze-go send ?conversation_id= for none) as none', async () => {
    const res = await api(app, 'POST', '/v3/chat?conversation_id=', { user_id: 'user-1', bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('No conversation') });
    const events = await streamEvents(res);
    expect(deltaText(events)).toBe('No conversation');
    expect(dataOf<Chat>(events, 'conversation.chat.created').conversation_id).toMatch(/^\d+$/);
  });

  it('creates a conversation when none is given, and stores what it streamed', async () => {
    const events = await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('Remember me') }));
    const completed = dataOf<Chat>(events, 'conversation.chat.completed');
    const retrieved = await dataFrom<Chat>(await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${completed.conversation_id}&chat_id=${completed.id}`));
    expect(retrieved).toEqual(completed);
    const chatMessages = await dataFrom<Message[]>(await api(app, 'GET', `/v3/chat/message/list?conversation_id=${completed.conversation_id}&chat_id=${completed.id}`));
    expect(chatMessages.map((m) => m.type)).toEqual(['answer', 'verbose']);
    const listed = (await (await api(app, 'POST', `/v1/conversation/message/list?conversation_id=${completed.conversation_id}`, { order: 'asc' })).json()) as { data: Message[] };
    expect(listed.data.map((m) => [m.role, m.type, m.content])).toEqual([
      ['user', 'question', 'Remember me'],
      ['assistant', 'answer', 'Remember me'],
    ]);
  });

  it('answers the conversation’s last user message when no additional_messages are given', async () => {
    const first = dataOf<Chat>(await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('first') })), 'conversation.chat.completed');
    await api(app, 'POST', `/v1/conversation/message/create?conversation_id=${first.conversation_id}`, { role: 'user', content: 'second', content_type: 'text' });
    const events = await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true }, first.conversation_id));
    expect(dataOf<Chat>(events, 'conversation.chat.created').conversation_id).toBe(first.conversation_id);
    expect(deltaText(events)).toBe('second');
  });

  it('reads an object_string question: its text and the names of its files', async () => {
    const form = new FormData();
    form.append('file', new File(['png'], 'cat.png', { type: 'image/png' }));
    const upload = await app.request('/v1/files/upload', { method: 'POST', headers: { authorization: `Bearer ${fixturesOf(app).pat}` }, body: form });
    const file = await dataFrom<{ id: string }>(upload);
    const content = JSON.stringify([{ type: 'text', text: 'What is this?' }, { type: 'image', file_id: file.id }]);
    const events = await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: [{ role: 'user', content, content_type: 'object_string' }] }));
    expect(deltaText(events)).toBe('What is this? [image cat.png]');
  });
});

describe('a client that leaves mid-stream', () => {
  it('gets nothing more; the chat runs to its end and keeps its whole answer', async () => {
    await app.request(`/__mock/bots/${botId(app, 'Echo bot')}/script`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answer: 'all of it', chunkSize: 1, delayMs: 1000 }) });
    const res = await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const created = JSON.parse(/data:(.*)/.exec(first)?.[1] as string) as Chat;
    await reader.cancel();
    // Read before any retrieval (which would count towards completing it): the chat is already over.
    const messages = await dataFrom<Message[]>(await api(app, 'GET', `/v3/chat/message/list?conversation_id=${created.conversation_id}&chat_id=${created.id}`));
    expect(messages[0]).toMatchObject({ type: 'answer', content: 'all of it' });
    const retrieved = await dataFrom<Chat>(await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${created.conversation_id}&chat_id=${created.id}`));
    expect(retrieved.status).toBe('completed');
  });
});

describe('errors of a streaming call are JSON, not SSE', () => {
  it.each([
    ['no token', null, 401, 4100],
    ['an unknown token', 'pat_unknown', 401, 4100],
  ])('%s → %i code %i', async (_what, token, status, code) => {
    const res = await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') }, undefined, token as string);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    await expectApiError(res, status, code);
  });

  it('an expired OAuth token → 401 code 4100', async () => {
    const { access_token } = await jwtToken(app, { duration_seconds: 60 });
    app.mock.clock.advance(61);
    const res = await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') }, undefined, access_token);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    await expectApiError(res, 401, 4100);
  });

  it('a token without the chat permission → 403 code 4101 naming chat', async () => {
    app = newMock({ config: { pats: [{ token: 'pat_no_chat_here', permissions: ['listBot'] }] } });
    const body = await expectApiError(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') }, undefined, 'pat_no_chat_here'), 403, 4101);
    expect(body.msg).toContain('chat');
  });

  it('a bad body → 400 code 4000 naming the field', async () => {
    const bot = botId(app, 'Echo bot');
    const cases: [Record<string, unknown>, string][] = [
      [{ bot_id: 42, stream: true, additional_messages: ask('x') }, 'bot_id'],
      [{ bot_id: bot, stream: 'yes', additional_messages: ask('x') }, 'stream'],
      [{ bot_id: bot, stream: true, additional_messages: 'Hi' }, 'additional_messages'],
      [{ bot_id: bot, stream: true, additional_messages: [{ role: 'robot', content: 'x', content_type: 'text' }] }, 'additional_messages.0.role'],
      [{ bot_id: bot, stream: true, additional_messages: [{ role: 'user', content: 'x', content_type: 'card' }] }, 'additional_messages.0.content_type'],
      [{ bot_id: bot, stream: true, additional_messages: [{ role: 'user', content: 'x' }] }, 'additional_messages.0.content_type'],
      [{ bot_id: bot, stream: true, additional_messages: [{ role: 'user', content: '[{"type":"image"}]', content_type: 'object_string' }] }, 'additional_messages.0.content[0]'],
      [{ bot_id: bot, stream: true, additional_messages: [{ role: 'user', content: '[{"type":"image","file_id":"7000"}]', content_type: 'object_string' }] }, 'additional_messages.0.content[0].file_id'],
      [{ bot_id: bot, stream: true, additional_messages: ask('x'), meta_data: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'meta_data'],
      [{ bot_id: bot, stream: true }, 'additional_messages'],
    ];
    for (const [body, field] of cases) {
      const res = await chat(app, body);
      expect(res.headers.get('content-type'), JSON.stringify(body)).toMatch(/^application\/json/);
      const error = await expectApiError(res, 400, 4000);
      expect(error.msg, JSON.stringify(body)).toContain(field);
    }
    const noUser = await api(app, 'POST', '/v3/chat', { bot_id: bot, stream: true, additional_messages: ask('x') });
    expect((await expectApiError(noUser, 400, 4000)).msg).toContain('user_id');
    const notJson = await api(app, 'POST', '/v3/chat', '{"bot_id":');
    expect((await expectApiError(notJson, 400, 4000)).msg).toContain('not valid JSON');
  });

  it('an oversize body → 413 in the envelope', async () => {
    const res = await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x'.repeat(70_000)) });
    await expectApiError(res, 413, 4000);
  });

  it('unknown, unpublished and out-of-reach bots get Coze’s errors', async () => {
    await expectApiError(await chat(app, { bot_id: '7000000000000000000', stream: true, additional_messages: ask('x') }), 404, 4200);
    expect((await expectApiError(await chat(app, { bot_id: botId(app, 'Draft bot'), stream: true, additional_messages: ask('x') }), 400, 4015)).msg).toContain('published');
    // The draft is reachable when asked for by name (publish_status: unpublished_draft).
    const draft = await streamEvents(await chat(app, { bot_id: botId(app, 'Draft bot'), stream: true, publish_status: 'unpublished_draft', additional_messages: ask('draft?') }));
    expect(deltaText(draft)).toBe('draft?');
    // A token limited to the personal space cannot reach the team space's bot.
    const [personal] = fixturesOf(app).workspaces;
    const { token } = app.mock.live.addPat({ permissions: ['chat'], workspaceIds: [personal?.id as string] }, app.mock.clock.nowSeconds());
    await expectApiError(await chat(app, { bot_id: botId(app, 'Team echo bot'), stream: true, additional_messages: ask('x') }, undefined, token), 403, 4101);
    expect(deltaText(await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('mine') }, undefined, token)))).toBe('mine');
  });

  it('an unknown conversation, or another user’s, → 404 code 4200', async () => {
    app = newMock({ config: { users: [{ user_id: '42', user_name: 'alice' }], pats: [{ token: 'pat_alice_token', userId: '42' }] } });
    await expectApiError(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') }, '7000000000000000001'), 404, 4200);
    const mine = dataOf<Chat>(await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') })), 'conversation.chat.completed');
    await expectApiError(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') }, mine.conversation_id, 'pat_alice_token'), 404, 4200);
    expect(deltaText(await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('y') }, mine.conversation_id)))).toBe('y');
  });
});

describe('channel tokens (oauth_jwt_channel)', () => {
  it('chat with Connector.botChat, only with the bots of their bot_id_list', async () => {
    const echo = botId(app, 'Echo bot');
    const scope = { account_permission: { permission_list: ['Connector.botChat'] }, attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [echo] } } };
    const { access_token } = await jwtToken(app, { scope }, undefined, 'channel');
    expect(deltaText(await streamEvents(await chat(app, { bot_id: echo, stream: true, additional_messages: ask('via channel') }, undefined, access_token)))).toBe('via channel');
    const refused = await expectApiError(await chat(app, { bot_id: botId(app, 'Tool bot'), stream: true, additional_messages: ask('x') }, undefined, access_token), 403, 4101);
    expect(refused.msg).toContain(botId(app, 'Tool bot'));
  });
});
