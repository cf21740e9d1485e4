/**
 * `stream: false` chats and their companions (coze-openapi.yaml ChatV3, RetrieveChatOpen, ListChatMessageApi,
 * CancelChatApi, SubmitToolOutputs): completion by retrievals or by the mock clock, one chat at a time per
 * conversation (4016), cancelling, and the tool bot's requires_action round trip.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { expectApiError, newMock } from './helpers.js';
import { api, ask, botId, chat, dataFrom, dataOf, deltaText, names, streamEvents } from './resource-helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

type Chat = {
  id: string;
  conversation_id: string;
  status: string;
  completed_at?: number;
  required_action?: { type: string; submit_tool_outputs: { tool_calls: { id: string; type: string; function: { name: string; arguments: string } }[] } };
};
type Message = { type: string; content: string; role: string };

const startChat = async (body: Record<string, unknown>, conversationId?: string) => dataFrom<Chat>(await chat(app, { stream: false, ...body }, conversationId));
const retrieve = (c: Chat, method = 'GET') => api(app, method, `/v3/chat/retrieve?conversation_id=${c.conversation_id}&chat_id=${c.id}`);
const chatMessages = async (c: Chat) => dataFrom<Message[]>(await api(app, 'GET', `/v3/chat/message/list?conversation_id=${c.conversation_id}&chat_id=${c.id}`));
const submit = (c: Chat, body: Record<string, unknown>) => api(app, 'POST', `/v3/chat/submit_tool_outputs?conversation_id=${c.conversation_id}&chat_id=${c.id}`, body);

describe('stream: false', () => {
  it('answers the chat at once, in progress, and completes at its first retrieval (GET or POST, as coze-js sends)', async () => {
    const started = await startChat({ bot_id: botId(app, 'Echo bot'), additional_messages: ask('polled') });
    expect(started).toMatchObject({ status: 'in_progress', id: expect.stringMatching(/^\d{19}$/), conversation_id: expect.stringMatching(/^\d{19}$/) });
    expect(await chatMessages(started)).toEqual([]);
    const done = await dataFrom<Chat>(await retrieve(started, 'POST'));
    expect(done).toMatchObject({ status: 'completed', completed_at: expect.any(Number) });
    expect((await chatMessages(started)).map((m) => [m.type, m.content])).toEqual([
      ['answer', 'polled'],
      ['verbose', expect.stringContaining('generate_answer_finish')],
    ]);
    expect(await dataFrom<Chat>(await retrieve(started))).toEqual(done);
  });

  it('with chat.completeAfterRetrievals 3: in progress twice, completed at the third retrieval, the clock frozen', async () => {
    app = newMock({ config: { chat: { completeAfterRetrievals: 3 } } });
    const started = await startChat({ bot_id: botId(app, 'Echo bot'), additional_messages: ask('slow') });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await dataFrom<Chat>(await retrieve(started))).status);
    expect(statuses).toEqual(['in_progress', 'in_progress', 'completed']);
  });

  it('completes without a retrieval once chat.completeAfterMs of mock time has passed', async () => {
    app = newMock({ config: { chat: { completeAfterRetrievals: 1000, completeAfterMs: 5000 } } });
    const started = await startChat({ bot_id: botId(app, 'Echo bot'), additional_messages: ask('later') });
    app.mock.clock.advance(4.999);
    expect(await chatMessages(started)).toEqual([]);
    app.mock.clock.advance(0.001);
    expect((await chatMessages(started)).map((m) => m.content)).toContain('later');
    expect((await dataFrom<Chat>(await retrieve(started))).status).toBe('completed');
  });

  it('shows the answer in the conversation once due, without any retrieval', async () => {
    app = newMock({ config: { chat: { completeAfterRetrievals: 1000, completeAfterMs: 1000 } } });
    const started = await startChat({ bot_id: botId(app, 'Echo bot'), additional_messages: ask('in the history') });
    const history = async () => ((await (await api(app, 'POST', `/v1/conversation/message/list?conversation_id=${started.conversation_id}`, { order: 'asc' })).json()) as { data: Message[] }).data;
    expect((await history()).map((m) => m.type)).toEqual(['question']);
    app.mock.clock.advance(1);
    expect((await history()).map((m) => [m.type, m.content])).toEqual([['question', 'in the history'], ['answer', 'in the history']]);
  });

  it('needs auto_save_history (ChatV3: without it there is nothing to poll)', async () => {
    const res = await chat(app, { bot_id: botId(app, 'Echo bot'), stream: false, auto_save_history: false, additional_messages: ask('x') });
    expect((await expectApiError(res, 400, 4000)).msg).toContain('auto_save_history');
  });

  it('retrieve and message/list answer 404 for an unknown chat and 400 without ids', async () => {
    const started = await startChat({ bot_id: botId(app, 'Echo bot'), additional_messages: ask('x') });
    await expectApiError(await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${started.conversation_id}&chat_id=7000000000000000000`), 404, 4200);
    await expectApiError(await api(app, 'GET', `/v3/chat/message/list?conversation_id=7000000000000000000&chat_id=${started.id}`), 404, 4200);
    await expectApiError(await api(app, 'GET', `/v3/chat/retrieve?chat_id=${started.id}`), 400, 4000);
    await expectApiError(await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${started.conversation_id}&chat_id=${started.id}`, undefined, null), 401, 4100);
  });
});

describe('one chat at a time per conversation', () => {
  it('answers 409 code 4016 while a chat is in progress, and takes the next once it is over', async () => {
    const started = await startChat({ bot_id: botId(app, 'Echo bot'), additional_messages: ask('one') });
    for (const stream of [false, true]) {
      const busy = await chat(app, { bot_id: botId(app, 'Echo bot'), stream, additional_messages: ask('two') }, started.conversation_id);
      expect(busy.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await expectApiError(busy, 409, 4016)).msg).toContain(started.conversation_id);
    }
    await retrieve(started);
    const next = await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('two') }, started.conversation_id));
    expect(deltaText(next)).toBe('two');
  });

  it('refuses a second chat while a stream is still being sent', async () => {
    const bot = botId(app, 'Script bot');
    await app.request(`/__mock/bots/${bot}/script`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answer: 'slow answer', delayMs: 40 }) });
    const first = await chat(app, { bot_id: bot, stream: true, additional_messages: ask('x') });
    const reader = (first.body as ReadableStream<Uint8Array>).getReader();
    const head = new TextDecoder().decode((await reader.read()).value);
    const conversation = /"conversation_id":"(\d+)"/.exec(head)?.[1];
    await expectApiError(await chat(app, { bot_id: bot, stream: true, additional_messages: ask('y') }, conversation), 409, 4016);
    while (!(await reader.read()).done) {
      // drain the first stream
    }
    expect((await chat(app, { bot_id: bot, stream: false, additional_messages: ask('y') }, conversation)).status).toBe(200);
  });
});

describe('POST /v3/chat/cancel', () => {
  it('cancels a chat in progress, frees the conversation, and refuses to cancel it again', async () => {
    app = newMock({ config: { chat: { completeAfterRetrievals: 5 } } });
    const started = await startChat({ bot_id: botId(app, 'Echo bot'), additional_messages: ask('stop me') });
    const ids = { conversation_id: started.conversation_id, chat_id: started.id };
    expect(await dataFrom<Chat>(await api(app, 'POST', '/v3/chat/cancel', ids))).toMatchObject({ id: started.id, status: 'canceled' });
    expect((await dataFrom<Chat>(await retrieve(started))).status).toBe('canceled');
    expect(await chatMessages(started)).toEqual([]);
    expect((await expectApiError(await api(app, 'POST', '/v3/chat/cancel', ids), 400, 4000)).msg).toContain('canceled');
    expect((await chat(app, { bot_id: botId(app, 'Echo bot'), stream: false, additional_messages: ask('again') }, started.conversation_id)).status).toBe(200);
  });

  it('validates its body and its ids', async () => {
    await expectApiError(await api(app, 'POST', '/v3/chat/cancel', { conversation_id: 1, chat_id: '2' }), 400, 4000);
    await expectApiError(await api(app, 'POST', '/v3/chat/cancel', { conversation_id: '7000000000000000000', chat_id: '2' }), 404, 4200);
    await expectApiError(await api(app, 'POST', '/v3/chat/cancel', { conversation_id: '1', chat_id: '2' }, null), 401, 4100);
  });
});

describe('the tool bot (requires_action, then submit_tool_outputs)', () => {
  it('streams a function_call and requires_action, then answers the submitted output in a second stream', async () => {
    const events = await streamEvents(await chat(app, { bot_id: botId(app, 'Tool bot'), stream: true, additional_messages: ask('weather in Paris') }));
    expect(names(events)).toEqual(['conversation.chat.created', 'conversation.chat.in_progress', 'conversation.message.completed', 'conversation.chat.requires_action', 'done']);
    expect(dataOf<Message>(events, 'conversation.message.completed')).toMatchObject({ type: 'function_call', content: expect.stringContaining('"name":"lookup"') });
    const waiting = dataOf<Chat>(events, 'conversation.chat.requires_action');
    const [call] = waiting.required_action?.submit_tool_outputs.tool_calls ?? [];
    expect(waiting).toMatchObject({ status: 'requires_action', required_action: { type: 'submit_tool_outputs' } });
    expect(call).toMatchObject({ type: 'function', function: { name: 'lookup', arguments: JSON.stringify({ query: 'weather in Paris' }) } });
    expect((await dataFrom<Chat>(await retrieve(waiting))).status).toBe('requires_action');
    await expectApiError(await chat(app, { bot_id: botId(app, 'Tool bot'), stream: true, additional_messages: ask('x') }, waiting.conversation_id), 409, 4016);

    const after = await streamEvents(await submit(waiting, { stream: true, tool_outputs: [{ tool_call_id: call?.id, output: '22 °C and sunny' }] }));
    expect(names(after)[0]).toBe('conversation.chat.in_progress');
    expect(names(after).slice(-2)).toEqual(['conversation.chat.completed', 'done']);
    expect(deltaText(after)).toBe('22 °C and sunny');
    expect((await dataFrom<Chat>(await retrieve(waiting))).status).toBe('completed');
    expect((await chatMessages(waiting)).map((m) => m.type)).toEqual(['function_call', 'tool_response', 'answer', 'verbose']);
  });

  it('works without streaming too (coze-js submitToolOutputs with stream: false)', async () => {
    const started = await startChat({ bot_id: botId(app, 'Tool bot'), additional_messages: ask('q') });
    const waiting = await dataFrom<Chat>(await retrieve(started));
    expect(waiting.status).toBe('requires_action');
    const [call] = waiting.required_action?.submit_tool_outputs.tool_calls ?? [];
    expect(await dataFrom<Chat>(await submit(waiting, { stream: false, tool_outputs: [{ tool_call_id: call?.id, output: 'done by tool' }] }))).toMatchObject({ status: 'in_progress' });
    expect((await dataFrom<Chat>(await retrieve(waiting))).status).toBe('completed');
    expect((await chatMessages(waiting)).find((m) => m.type === 'answer')?.content).toBe('done by tool');
  });

  it('refuses outputs for unknown or missing tool calls, and outputs for a chat that is not waiting', async () => {
    const events = await streamEvents(await chat(app, { bot_id: botId(app, 'Tool bot'), stream: true, additional_messages: ask('q') }));
    const waiting = dataOf<Chat>(events, 'conversation.chat.requires_action');
    const [call] = waiting.required_action?.submit_tool_outputs.tool_calls ?? [];
    expect((await expectApiError(await submit(waiting, { tool_outputs: [{ tool_call_id: '7000', output: 'x' }] }), 400, 4000)).msg).toContain('7000');
    await expectApiError(await submit(waiting, { tool_outputs: [] }), 400, 4000);
    await expectApiError(await submit(waiting, { tool_outputs: [{ tool_call_id: call?.id, output: 5 }] }), 400, 4000);
    await expectApiError(await submit(waiting, { tool_outputs: 'x' }), 400, 4000);
    const echo = await startChat({ bot_id: botId(app, 'Echo bot'), additional_messages: ask('q') });
    await retrieve(echo);
    expect((await expectApiError(await submit(echo, { tool_outputs: [{ tool_call_id: '1', output: 'x' }] }), 400, 4000)).msg).toContain('completed');
  });
});

describe('auto_save_history: false', () => {
  it('streams the answer but keeps nothing: no messages, no retrievable chat', async () => {
    const events = await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, auto_save_history: false, additional_messages: ask('forget me') }));
    expect(deltaText(events)).toBe('forget me');
    const completed = dataOf<Chat>(events, 'conversation.chat.completed');
    await expectApiError(await retrieve(completed), 404, 4200);
    const listed = (await (await api(app, 'POST', `/v1/conversation/message/list?conversation_id=${completed.conversation_id}`, {})).json()) as { data: unknown[] };
    expect(listed.data).toEqual([]);
  });
});
