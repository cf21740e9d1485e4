/**
 * The resources' state (docs/behaviour.md): capped by `limits.maxEntries` with a 429 and Retry-After when full of
 * live records (nothing live is forgotten, a refused chat uses up no script), emptied by reset, journaled without
 * credentials, streams let go on reset and shutdown.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { startMockServer } from '../src/server.js';
import { expectApiError, newMock, postJson } from './helpers.js';
import { api, ask, botId, chat, dataFrom, deltaText, streamEvents } from './resource-helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock({ config: { limits: { maxEntries: 4 } } });
});

const newConversation = async () => dataFrom<{ id: string }>(await api(app, 'POST', '/v1/conversation/create', {}));

describe('caps (limits.maxEntries)', () => {
  it('conversations: the one past the cap gets 429 code 4013 with Retry-After; the others stay', async () => {
    const kept = [];
    for (let i = 0; i < 4; i++) kept.push((await newConversation()).id);
    const refused = await api(app, 'POST', '/v1/conversation/create', {});
    await expectApiError(refused, 429, 4013);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    for (const id of kept) expect((await api(app, 'GET', `/v1/conversation/retrieve?conversation_id=${id}`)).status).toBe(200);
  });

  it('messages: a chat that cannot store its question and answer is refused whole, its script kept', async () => {
    const conversation = await newConversation();
    for (let i = 0; i < 2; i++) await api(app, 'POST', `/v1/conversation/message/create?conversation_id=${conversation.id}`, { role: 'user', content: `m${i}`, content_type: 'text' });
    await postJson(app, `/__mock/bots/${botId(app, 'Echo bot')}/script`, { answer: 'scripted' });
    // Two messages stored; a chat needs three more (question, answer, verbose).
    await expectApiError(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') }, conversation.id), 429, 4013);
    const listed = (await (await api(app, 'POST', `/v1/conversation/message/list?conversation_id=${conversation.id}`, {})).json()) as { data: unknown[] };
    expect(listed.data).toHaveLength(2);
    expect(((await (await app.request(`/__mock/bots/${botId(app, 'Echo bot')}/script`)).json()) as { scripts: unknown[] }).scripts).toHaveLength(1);
  });

  it('chats and files refuse past the cap too', async () => {
    app = newMock({ config: { limits: { maxEntries: 20 } } });
    // Chats that store no message (a failure, answering the conversation's one question), so the chats fill first.
    const conversation = await newConversation();
    await api(app, 'POST', `/v1/conversation/message/create?conversation_id=${conversation.id}`, { role: 'user', content: 'q', content_type: 'text' });
    await postJson(app, `/__mock/bots/${botId(app, 'Echo bot')}/script`, { failed: { code: 5000, msg: 'x' }, times: null });
    for (let i = 0; i < 20; i++) await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true }, conversation.id));
    await expectApiError(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true }, conversation.id), 429, 4013);
    expect(app.mock.store.resources.chats.chats.size).toBe(20);
    const form = () => {
      const body = new FormData();
      body.append('file', new File(['x'], 'x.txt'));
      return body;
    };
    const upload = () => app.request('/v1/files/upload', { method: 'POST', headers: { authorization: `Bearer ${app.mock.fixtures.pats[0]?.token}` }, body: form() });
    for (let i = 0; i < 20; i++) expect((await upload()).status).toBe(200);
    await expectApiError(await upload(), 429, 4013);
  });
});

describe('reset', () => {
  it('forgets conversations, messages, chats and files', async () => {
    app = newMock();
    const events = await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') }));
    const { conversation_id, id } = events[0]?.data as { conversation_id: string; id: string };
    await postJson(app, '/__mock/reset', {});
    await expectApiError(await api(app, 'GET', `/v1/conversation/retrieve?conversation_id=${conversation_id}`), 404, 4200);
    await expectApiError(await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${conversation_id}&chat_id=${id}`), 404, 4200);
    expect(app.mock.store.resources.conversations.messages.size).toBe(0);
  });

  it('ends a stream still being sent, at once', async () => {
    app = newMock();
    await postJson(app, `/__mock/bots/${botId(app, 'Echo bot')}/script`, { answer: 'a slow answer', chunkSize: 1, delayMs: 5000 });
    const res = await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('x') });
    const text = res.text();
    await postJson(app, '/__mock/reset', {});
    // Only the first event went out before the pause; the reset ended the stream instead of waiting 5 s a delta.
    expect((await text).match(/^event:/gm)).toHaveLength(1);
  });
});

describe('shutdown', () => {
  it('lets go of a hung stream', async () => {
    const server = await startMockServer({ seed: 'beta' });
    const echo = server.fixtures.bots[0]?.id as string;
    await fetch(`${server.url}/__mock/bots/${echo}/script`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hang: true }) });
    const res = await fetch(`${server.url}/v3/chat`, { method: 'POST', headers: { authorization: `Bearer ${server.fixtures.pat}`, 'content-type': 'application/json' }, body: JSON.stringify({ bot_id: echo, user_id: 'u', stream: true, additional_messages: ask('x') }) });
    const body = res.text().catch(() => 'closed');
    const started = performance.now();
    await server.close();
    await body;
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('the journal', () => {
  it('records chat calls with the token redacted, and no upload bytes', async () => {
    app = newMock();
    deltaText(await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('journaled question') })));
    const form = new FormData();
    form.append('file', new File(['secret file bytes'], 'x.txt'));
    await app.request('/v1/files/upload', { method: 'POST', headers: { authorization: `Bearer ${app.mock.fixtures.pats[0]?.token}` }, body: form });
    const entries = app.mock.journal.entries();
    const chatEntry = entries.find((e) => e.path === '/v3/chat');
    expect(chatEntry).toMatchObject({ status: 200, headers: { authorization: 'Bearer [redacted]' } });
    const uploadEntry = entries.find((e) => e.path === '/v1/files/upload');
    expect(uploadEntry?.status).toBe(200);
    expect(JSON.stringify(uploadEntry)).not.toContain('secret file bytes');
  });
});
