import { assert, expectNonEmptyString, expectReply } from './assert.js';
import { defineChecks, type CheckContext } from './check.js';
import {
  answerOf,
  collectEvents,
  eventData,
  expectCozeCode,
  patClient,
  uniqueText,
  userQuestion,
  type ChatData,
  type MessageData,
  type SdkChatEvent,
} from './chat-support.js';
import { raw } from './flows.js';

/**
 * Chat v3 driven through the SDK's `chat` resource (coze-openapi.yaml ChatV3, RetrieveChatOpen, ListChatMessageApi,
 * CancelChatApi, SubmitToolOutputs) against bots whose answers are known: what an app built on `chat.stream` and
 * `chat.createAndPoll` reads. An SDK release that parses events differently fails here.
 */

/** Asserts the order of a completed chat's events: created, in_progress, deltas, the completed messages, completed, done. */
function expectCompletedChatOrder(events: readonly SdkChatEvent[]): void {
  const names = events.map((e) => e.event);
  assert.deepEqual(names.slice(0, 2), ['conversation.chat.created', 'conversation.chat.in_progress'], `a chat starts created, then in_progress: ${JSON.stringify(names)}`);
  assert.deepEqual(names.slice(-2), ['conversation.chat.completed', 'done'], `a chat ends completed, then done: ${JSON.stringify(names)}`);
  const firstCompleted = names.indexOf('conversation.message.completed');
  const lastDelta = names.lastIndexOf('conversation.message.delta');
  assert.ok(lastDelta > 1 && firstCompleted > lastDelta, `the deltas come before the completed messages: ${JSON.stringify(names)}`);
}

/** Asserts a chat object as every `conversation.chat.*` event and `retrieve` carry it (contract row chat.chat-object). */
function expectChatObject(chat: ChatData, status: string): void {
  expectNonEmptyString(chat?.id, 'chat.id');
  expectNonEmptyString(chat.conversation_id, 'chat.conversation_id');
  assert.equal(chat.status, status, `chat.status must be ${status}: ${JSON.stringify(chat)}`);
  assert.equal(typeof chat.created_at, 'number', 'chat.created_at must be Unix seconds');
  for (const field of ['token_count', 'output_count', 'input_count'] as const) assert.equal(typeof chat.usage?.[field], 'number', `chat.usage.${field} must be a number`);
}

/** The stream of one question to the echo bot, as the SDK yields it. */
const echoStream = (ctx: CheckContext, question: string, conversationId?: string) =>
  collectEvents<SdkChatEvent>(
    patClient(ctx).chat.stream({ bot_id: ctx.cred('bots').echo, additional_messages: userQuestion(question), ...(conversationId ? { conversation_id: conversationId } : {}) }),
  );

/** The tool bot's first chat, streamed: it waits for the output of its function call. */
async function toolCallWaiting(ctx: CheckContext, question: string) {
  const events = await collectEvents<SdkChatEvent>(patClient(ctx).chat.stream({ bot_id: ctx.cred('bots').tool, additional_messages: userQuestion(question) }));
  const chat = eventData<ChatData>(events, 'conversation.chat.requires_action');
  const [call, ...more] = chat.required_action?.submit_tool_outputs.tool_calls ?? [];
  assert.ok(call && more.length === 0, `the tool bot asks for one function call: ${JSON.stringify(chat.required_action)}`);
  return { events, chat, call };
}

export const chatChecks = defineChecks('chat', [
  {
    id: 'chat.stream-echo',
    title: 'chat.stream with the echo bot: created, in_progress, the answer in deltas, completed messages, chat.completed with usage, done',
    source: '@coze/api Chat.stream; coze-openapi.yaml ChatV3 (text/event-stream); contract rows chat.stream-events, chat.sdk-stream-parsing',
    covers: ['chat.stream-events', 'chat.sdk-stream-parsing', 'chat.create', 'chat.chat-object'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const question = uniqueText('stream');
      const events = await echoStream(ctx, question);
      expectCompletedChatOrder(events);
      assert.equal(answerOf(events), question, 'the deltas add up to the echo of the question');
      const deltaIds = new Set(events.filter((e) => e.event === 'conversation.message.delta').map((e) => (e.data as MessageData).id));
      const completed = events.filter((e) => e.event === 'conversation.message.completed').map((e) => e.data as MessageData);
      const answer = completed.find((m) => m.type === 'answer');
      assert.equal(answer?.content, question, 'the completed answer holds the whole answer');
      assert.deepEqual([...deltaIds], [answer?.id], 'every delta carries the id of the answer it builds');
      const verbose = completed.find((m) => m.type === 'verbose');
      assert.equal((JSON.parse(verbose?.content ?? '{}') as { msg_type?: string }).msg_type, 'generate_answer_finish', 'a verbose generate_answer_finish closes the answer');
      const created = eventData<ChatData>(events, 'conversation.chat.created');
      const done = eventData<ChatData>(events, 'conversation.chat.completed');
      expectChatObject(done, 'completed');
      assert.equal(typeof done.completed_at, 'number', 'a completed chat has completed_at');
      assert.equal(done.id, created.id, 'every chat event is about the same chat');
      assert.deepEqual(events.at(-1), { event: 'done', data: '[DONE]' }, 'the SDK yields done with "[DONE]"');
    },
  },
  {
    id: 'chat.stream-framing',
    title: 'a chat stream is text/event-stream of event:/data: pairs (no space, no id:), one-line JSON data, done carrying "[DONE]"',
    source: 'coze-py tests/testdata/chat_text_stream_resp.txt (captured stream); contract row chat.stream-framing',
    covers: ['chat.stream-framing'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const reply = await raw(ctx, 'POST', '/v3/chat', {
        json: { bot_id: ctx.cred('bots').echo, user_id: 'conformance', stream: true, additional_messages: userQuestion(uniqueText('framing')) },
        headers: { authorization: `Bearer ${ctx.cred('pat')}` },
      });
      expectReply(reply, 200, { json: false });
      assert.match(reply.headers.get('content-type') ?? '', /^text\/event-stream/, 'a stream is text/event-stream');
      assert.ok(reply.text.endsWith('\n\n'), 'the last event ends with a blank line');
      const blocks = reply.text.slice(0, -2).split('\n\n');
      for (const block of blocks) {
        const lines = block.split('\n');
        assert.equal(lines.length, 2, `an event is exactly an event: line and a data: line: ${JSON.stringify(block)}`);
        assert.match(lines[0] as string, /^event:[a-z_.]+$/, 'event:<name>, no space after the colon');
        assert.match(lines[1] as string, /^data:\S/, 'data:<json>, no space after the colon');
        JSON.parse((lines[1] as string).slice(5));
      }
      assert.equal(blocks.at(-1), 'event:done\ndata:"[DONE]"', 'the stream ends with done and the JSON string "[DONE]"');
    },
  },
  {
    id: 'chat.create-and-poll',
    title: 'chat.createAndPoll with the echo bot ends completed, and its messages hold the answer',
    source: '@coze/api Chat.createAndPoll (retrieve every 100 ms, then message list); contract row chat.polling',
    covers: ['chat.polling', 'chat.create', 'chat.chat-object'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const question = uniqueText('poll');
      const client = patClient(ctx);
      const { chat, messages } = await client.chat.createAndPoll({ bot_id: ctx.cred('bots').echo, additional_messages: userQuestion(question) });
      expectChatObject(chat as ChatData, 'completed');
      assert.equal((messages as MessageData[] | undefined)?.find((m) => m.type === 'answer')?.content, question, 'the answer among the chat\'s messages is the echo');
      assert.ok(!(messages as MessageData[]).some((m) => m.role === 'user'), 'the chat\'s messages leave out the question');
      const again = await client.chat.retrieve(chat.conversation_id, chat.id);
      assert.equal(again.status, 'completed', 'retrieve agrees with what polling saw');
    },
  },
  {
    id: 'chat.tool-outputs',
    title: 'the tool bot waits in requires_action for lookup(); submitToolOutputs (streamed, then not) completes it with the output',
    source: '@coze/api Chat.submitToolOutputs; coze-openapi.yaml SubmitToolOutputs; contract row chat.cancel-and-tool-outputs',
    covers: ['chat.cancel-and-tool-outputs', 'chat.stream-events', 'chat.sdk-stream-parsing'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const question = uniqueText('tool');
      const { events, chat, call } = await toolCallWaiting(ctx, question);
      assert.equal(events.at(-1)?.event, 'done', 'the stream of a chat waiting for a tool still ends with done');
      assert.equal(call.type, 'function');
      assert.equal(call.function.name, 'lookup');
      assert.deepEqual(JSON.parse(call.function.arguments), { query: question }, 'arguments is a JSON string');
      const client = patClient(ctx);
      const output = uniqueText('output');
      const after = await collectEvents<SdkChatEvent>(
        client.chat.submitToolOutputs({ conversation_id: chat.conversation_id, chat_id: chat.id, stream: true, tool_outputs: [{ tool_call_id: call.id, output }] }),
      );
      assert.equal(after[0]?.event, 'conversation.chat.in_progress', 'the answer resumes in_progress');
      assert.equal(answerOf(after), output, 'the bot answers the tool output');
      assert.deepEqual(after.slice(-2).map((e) => e.event), ['conversation.chat.completed', 'done']);

      const second = await toolCallWaiting(ctx, uniqueText('tool again'));
      const submitted = await client.chat
        .submitToolOutputs({ conversation_id: second.chat.conversation_id, chat_id: second.chat.id, stream: false, tool_outputs: [{ tool_call_id: second.call.id, output }] })
        .next();
      assert.equal((submitted.value as ChatData | undefined)?.id, second.chat.id, 'without stream, submitToolOutputs gives the chat');
      const messages = await client.chat.messages.list(second.chat.conversation_id, second.chat.id);
      assert.ok(messages.some((m: MessageData) => m.type === 'tool_response' && m.content === output), 'the tool output is among the chat\'s messages');
    },
  },
  {
    id: 'chat.cancel-frees-conversation',
    title: 'a second chat in a conversation with one waiting gets code 4016; chat.cancel makes it canceled and frees the conversation',
    source: 'coze-openapi.yaml ChatV3 (conversation_id: one chat in progress, else 4016), CancelChatApi; @coze/api Chat.cancel',
    covers: ['chat.one-at-a-time', 'chat.cancel-and-tool-outputs'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const { chat } = await toolCallWaiting(ctx, uniqueText('busy'));
      const client = patClient(ctx);
      const second = { bot_id: ctx.cred('bots').echo, conversation_id: chat.conversation_id, additional_messages: userQuestion(uniqueText('second')) };
      await expectCozeCode(client.chat.create(second), 4016);
      const canceled = await client.chat.cancel(chat.conversation_id, chat.id);
      assert.equal(canceled.status, 'canceled', 'cancel answers the chat, canceled');
      const events = await echoStream(ctx, 'after cancel', chat.conversation_id);
      assert.equal(answerOf(events), 'after cancel', 'the conversation takes a chat again');
    },
  },
  {
    id: 'chat.failed-event',
    title: 'a scripted failure reaches the SDK as conversation.chat.failed with last_error, and as an error event {code, msg}',
    source: '@coze/api Chat.stream (yields failed and error events without throwing); contract row chat.stream-events',
    covers: ['chat.stream-events', 'chat.sdk-stream-parsing'],
    needs: ['pat', 'bots', 'control'],
    async run(ctx) {
      const bot = ctx.cred('bots').script;
      const ask = () => collectEvents<SdkChatEvent>(patClient(ctx).chat.stream({ bot_id: bot, additional_messages: userQuestion('fail, please') }));
      await ctx.target.scriptBot(bot, { failed: { code: 5000, msg: 'scripted failure' } });
      const failedRun = await ask();
      const failed = eventData<ChatData>(failedRun, 'conversation.chat.failed');
      assert.equal(failed.status, 'failed');
      assert.deepEqual(failed.last_error, { code: 5000, msg: 'scripted failure' }, 'last_error carries the code and message');
      assert.equal(typeof failed.failed_at, 'number', 'a failed chat has failed_at');
      assert.equal(failedRun.at(-1)?.event, 'done', 'a failed chat\'s stream still ends with done');
      await ctx.target.scriptBot(bot, { failed: { code: 4011, msg: 'as an error event', event: 'error' } });
      const errored = await ask();
      assert.deepEqual(errored.at(-1), { event: 'error', data: { code: 4011, msg: 'as an error event' } }, 'the SDK yields the error event with its JSON data');
    },
  },
  {
    id: 'chat.stream-errors-json',
    title: 'a streaming chat with a bad token or an unknown bot is answered JSON in the envelope (401 4100, 404 4200), before any event',
    source: '@coze/api makeRequest (application/json before events); contract rows chat.errors-json, openapi.auth-errors',
    covers: ['chat.errors-json', 'openapi.auth-errors'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const body = (botId: string) => ({ bot_id: botId, user_id: 'conformance', stream: true, additional_messages: userQuestion('x') });
      const badToken = await raw(ctx, 'POST', '/v3/chat', { json: body(ctx.cred('bots').echo), headers: { authorization: 'Bearer pat_not-a-token' } });
      expectReply(badToken, 401);
      assert.equal(badToken.body?.code, 4100, `a bad token gets code 4100: ${badToken.text.slice(0, 200)}`);
      const unknownBot = await raw(ctx, 'POST', '/v3/chat', { json: body('7000000000000000000'), headers: { authorization: `Bearer ${ctx.cred('pat')}` } });
      expectReply(unknownBot, 404);
      assert.equal(unknownBot.body?.code, 4200, `an unknown bot gets code 4200: ${unknownBot.text.slice(0, 200)}`);
      const stream = ctx.sdk.client('pat_not-a-token', ctx.baseURL).chat.stream({ bot_id: ctx.cred('bots').echo, additional_messages: userQuestion('x') });
      let caught: unknown;
      await collectEvents(stream).catch((error: unknown) => (caught = error));
      assert.ok(ctx.sdk.isError(caught, 'AuthenticationError'), `the SDK throws AuthenticationError from the stream, got ${String(caught)}`);
    },
  },
  {
    id: 'chat.expired-token-json',
    title: 'once a token expires, the streaming chat call gets 401 code 4100 as JSON, not an event stream',
    source: 'issue 15 acceptance (an expired token gets 4100 as JSON on the streaming call); contract row chat.errors-json',
    covers: ['chat.errors-json', 'openapi.auth-errors'],
    needs: ['jwt', 'bots', 'clock'],
    async run(ctx) {
      const jwt = ctx.cred('jwt');
      const token = await ctx.sdk.getJWTToken({ baseURL: ctx.baseURL, appId: jwt.appId, keyid: jwt.keyId, privateKey: jwt.privateKey, aud: jwt.aud, durationSeconds: 60 });
      await ctx.target.advanceClock(61);
      const reply = await raw(ctx, 'POST', '/v3/chat', {
        json: { bot_id: ctx.cred('bots').echo, user_id: 'conformance', stream: true, additional_messages: userQuestion('x') },
        headers: { authorization: `Bearer ${token.access_token}` },
      });
      expectReply(reply, 401);
      assert.equal(reply.body?.code, 4100, `an expired token gets code 4100: ${reply.text.slice(0, 200)}`);
    },
  },
]);
