/**
 * The unmodified @coze/api over real HTTP against the chat, conversation, message, file and bot endpoints, with the
 * fixture PAT and bots: what an app built on the SDK sees (the row `chat.sdk-stream-parsing` of docs/contract.md).
 */
import { mkdtempSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError, ChatEventType, CozeAPI, RoleType, type StreamChatData } from '@coze/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../src/clock.js';
import { createControlClient, type ControlClient } from '../src/control/client.js';
import { startMockServer, type RunningMockServer } from '../src/server.js';
import { T0 } from './helpers.js';

let server: RunningMockServer;
let control: ControlClient;
let client: CozeAPI;
const bot = (name: string) => server.fixtures.bots.find((b) => b.name === name)?.id as string;

beforeAll(async () => {
  // A frozen clock: createAndPoll must still end (a stream: false chat completes at its first retrieval).
  server = await startMockServer({ seed: 'beta', clock: createClock({ frozenAt: T0 }) });
  control = createControlClient(server.url);
  client = new CozeAPI({ token: server.fixtures.pat, baseURL: server.url });
});
afterAll(() => server.close());
beforeEach(() => control.reset());

async function collect(stream: AsyncIterable<StreamChatData>): Promise<StreamChatData[]> {
  const events: StreamChatData[] = [];
  for await (const event of stream) events.push(event);
  return events;
}
const answerOf = (events: StreamChatData[]) =>
  events
    .filter((e) => e.event === ChatEventType.CONVERSATION_MESSAGE_DELTA)
    .map((e) => (e.data as { content: string }).content)
    .join('');
const question = (text: string) => [{ role: RoleType.User, content: text, content_type: 'text' as const }];

describe('chat with @coze/api', () => {
  it('chat.stream: the echo bot streams its question back, and the stream ends with done', async () => {
    const events = await collect(await client.chat.stream({ bot_id: bot('Echo bot'), additional_messages: question('Hello from the SDK') }));
    expect(answerOf(events)).toBe('Hello from the SDK');
    expect(events.at(-1)).toEqual({ event: ChatEventType.DONE, data: '[DONE]' });
    expect(events.find((e) => e.event === ChatEventType.CONVERSATION_CHAT_COMPLETED)?.data).toMatchObject({ status: 'completed' });
  });

  it('chat.createAndPoll: completed, with the same answer in its messages', async () => {
    const { chat, messages } = await client.chat.createAndPoll({ bot_id: bot('Echo bot'), additional_messages: question('Poll me') });
    expect(chat.status).toBe('completed');
    expect(messages?.find((m) => m.type === 'answer')?.content).toBe('Poll me');
  });

  it('chat.submitToolOutputs: the tool bot completes with the output, streamed or not', async () => {
    const first = await collect(await client.chat.stream({ bot_id: bot('Tool bot'), additional_messages: question('weather?') }));
    const waiting = first.find((e) => e.event === ChatEventType.CONVERSATION_CHAT_REQUIRES_ACTION)?.data as { id: string; conversation_id: string; required_action: { submit_tool_outputs: { tool_calls: { id: string }[] } } };
    const [call] = waiting.required_action.submit_tool_outputs.tool_calls;
    const after = await collect(
      client.chat.submitToolOutputs({ conversation_id: waiting.conversation_id, chat_id: waiting.id, stream: true, tool_outputs: [{ tool_call_id: call?.id as string, output: 'sunny' }] }) as AsyncIterable<StreamChatData>,
    );
    expect(answerOf(after)).toBe('sunny');

    const polled = await client.chat.createAndPoll({ bot_id: bot('Tool bot'), additional_messages: question('again?') });
    expect(polled.chat.status).toBe('requires_action');
    const calls = polled.chat.required_action?.submit_tool_outputs.tool_calls ?? [];
    const result = await client.chat.submitToolOutputs({ conversation_id: polled.chat.conversation_id, chat_id: polled.chat.id, stream: false, tool_outputs: calls.map((c) => ({ tool_call_id: c.id, output: 'rain' })) }).next();
    expect(result.value).toMatchObject({ status: 'in_progress' });
    expect((await client.chat.retrieve(polled.chat.conversation_id, polled.chat.id)).status).toBe('completed');
    expect((await client.chat.messages.list(polled.chat.conversation_id, polled.chat.id)).find((m) => m.type === 'answer')?.content).toBe('rain');
  });

  it('a script’s failure reaches the SDK as conversation.chat.failed with last_error, and an error event as one', async () => {
    await control.setBotScript(bot('Script bot'), { failed: { code: 5000, msg: 'scripted failure' } });
    const failed = await collect(await client.chat.stream({ bot_id: bot('Script bot'), additional_messages: question('x') }));
    expect(failed.find((e) => e.event === ChatEventType.CONVERSATION_CHAT_FAILED)?.data).toMatchObject({ status: 'failed', last_error: { code: 5000, msg: 'scripted failure' } });
    await control.setBotScript(bot('Script bot'), { failed: { code: 4011, msg: 'as an error event', event: 'error' } });
    const errored = await collect(await client.chat.stream({ bot_id: bot('Script bot'), additional_messages: question('x') }));
    expect(errored.at(-1)).toEqual({ event: ChatEventType.ERROR, data: { code: 4011, msg: 'as an error event' } });
  });

  it('a dropped stream ends the SDK’s iteration early; the chat still completes on the server', async () => {
    await control.setBotScript(bot('Script bot'), { answer: 'cut short', chunkSize: 1, dropAfterEvents: 4 });
    const events = await collect(await client.chat.stream({ bot_id: bot('Script bot'), additional_messages: question('x') }));
    // coze-js 1.3.9 swallows the socket error of a stream (fetchAPI's `stream()` calls handleError without throwing).
    expect(events.map((e) => e.event)).toEqual(['conversation.chat.created', 'conversation.chat.in_progress', 'conversation.message.delta', 'conversation.message.delta']);
    const chat = events[0]?.data as { id: string; conversation_id: string };
    expect((await client.chat.retrieve(chat.conversation_id, chat.id)).status).toBe('completed');
  });

  it('a hung stream: the SDK waits; once the app gives up, cancel frees the conversation', async () => {
    await control.setBotScript(bot('Script bot'), { hang: true });
    const abort = new AbortController();
    const stream = await client.chat.stream({ bot_id: bot('Script bot'), additional_messages: question('x') }, { signal: abort.signal });
    const seen: StreamChatData[] = [];
    for await (const event of stream) {
      seen.push(event);
      if (seen.length === 2) break;
    }
    abort.abort();
    const chat = seen[1]?.data as { id: string; conversation_id: string };
    expect((await client.chat.retrieve(chat.conversation_id, chat.id)).status).toBe('in_progress');
    expect((await client.chat.cancel(chat.conversation_id, chat.id)).status).toBe('canceled');
  });

  it('an expired token gets 401 code 4100 as JSON on the streaming call', async () => {
    const pat = await control.addPat({ expiresInSeconds: 60 });
    await control.advanceClock(61);
    const raw = await fetch(`${server.url}/v3/chat`, { method: 'POST', headers: { authorization: `Bearer ${pat.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ bot_id: bot('Echo bot'), user_id: 'u', stream: true }) });
    expect(raw.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await raw.json()).toMatchObject({ code: 4100 });
    const sdk = new CozeAPI({ token: pat.token, baseURL: server.url });
    await expect(collect(await sdk.chat.stream({ bot_id: bot('Echo bot'), additional_messages: question('x') }))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('the README’s stub example: requireToken { permission: "chat" } serves the fixture PAT', async () => {
    await control.addReply({ match: { method: 'POST', path: '/v3/chat' }, requireToken: { permission: 'chat' }, reply: { status: 200, body: { code: 0, msg: '', data: { id: 'chat_1', conversation_id: 'c_1', status: 'in_progress' } } } });
    expect(await client.chat.create({ bot_id: bot('Echo bot') })).toMatchObject({ id: 'chat_1' });
  });
});

describe('conversations, messages, files and bots with @coze/api', () => {
  it('a conversation’s message list holds both turns of a chat; messages can be created, changed and deleted', async () => {
    const conversation = await client.conversations.create({ bot_id: bot('Echo bot'), meta_data: { case: 'sdk' } });
    expect((await client.conversations.retrieve(conversation.id)).meta_data).toEqual({ case: 'sdk' });
    await collect(await client.chat.stream({ bot_id: bot('Echo bot'), conversation_id: conversation.id, additional_messages: question('turn one') }));
    const listed = await client.conversations.messages.list(conversation.id, { order: 'asc' });
    expect(listed.data.map((m) => [m.role, m.content])).toEqual([['user', 'turn one'], ['assistant', 'turn one']]);
    const added = await client.conversations.messages.create(conversation.id, { role: RoleType.User, content: 'by hand', content_type: 'text', meta_data: {} });
    expect((await client.conversations.messages.retrieve(conversation.id, added.id)).content).toBe('by hand');
    expect(await client.conversations.messages.update(conversation.id, added.id, { content: 'changed', content_type: 'text' })).toMatchObject({ id: added.id, content: 'changed' });
    expect(await client.conversations.messages.delete(conversation.id, added.id)).toMatchObject({ id: added.id });
    expect((await client.conversations.list({ bot_id: bot('Echo bot') })).conversations.map((c) => c.id)).toContain(conversation.id);
    expect(await client.conversations.clear(conversation.id)).toMatchObject({ conversation_id: conversation.id });
  });

  it('files.upload: the uploaded file’s id is retrievable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coze-mock-upload-'));
    writeFileSync(join(dir, 'notes.txt'), 'some notes');
    const uploaded = await client.files.upload({ file: createReadStream(join(dir, 'notes.txt')) });
    expect(uploaded).toMatchObject({ id: expect.stringMatching(/^\d{19}$/), bytes: 10, file_name: 'notes.txt' });
    expect(await client.files.retrieve(uploaded.id)).toEqual(uploaded);
  });

  it('bots.retrieveNew and bots.retrieve answer a fixture bot', async () => {
    expect(await client.bots.retrieveNew(bot('Tool bot'))).toMatchObject({ bot_id: bot('Tool bot'), name: 'Tool bot' });
    expect(await client.bots.retrieve({ bot_id: bot('Echo bot') })).toMatchObject({ bot_id: bot('Echo bot'), name: 'Echo bot' });
  });
});
