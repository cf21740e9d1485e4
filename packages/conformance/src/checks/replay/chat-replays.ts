import { assert, expectReply } from '../assert.js';
import type { Check, CheckContext } from '../check.js';
import { uniqueText } from '../chat-support.js';
import { raw, type RawReply } from '../flows.js';
import { CHAT_PROFILES, CHAT_TYPES, MESSAGE_TYPES, WORKFLOW_MESSAGE_TYPES, type ChatProfile, type JsonType } from './chat-profiles.js';
import { readByField, readByPosition, type ReadEvent } from './sse-readers.js';

/**
 * Raw-HTTP replays of what coze-py, coze-go and coze-java send to chat and workflows, read back the way each of them
 * reads replies (chat-profiles.ts, sse-readers.ts): only the JS SDK installs here.
 */

const CHAT_MESSAGE_EVENTS = ['conversation.message.delta', 'conversation.message.completed'];
const CHAT_STATUS_EVENTS = ['conversation.chat.created', 'conversation.chat.in_progress', 'conversation.chat.completed', 'conversation.chat.failed', 'conversation.chat.requires_action'];

/**
 * Asserts that `value` is what the SDK's model can hold: an object whose `required` members exist and whose present
 * members have the JSON types of `types` (a typed model refuses a number where it declares a string).
 */
function expectModel(value: unknown, types: Record<string, JsonType>, required: readonly string[], what: string): Record<string, unknown> {
  assert.ok(value && typeof value === 'object' && !Array.isArray(value), `${what} must be a JSON object, got ${JSON.stringify(value)?.slice(0, 200)}`);
  const record = value as Record<string, unknown>;
  for (const field of required) assert.ok(record[field] !== undefined && record[field] !== null, `${what}.${field} is required by the SDK's model`);
  for (const [field, type] of Object.entries(types)) {
    const member = record[field];
    if (member === undefined || member === null) continue;
    const ok = type === 'integer' ? Number.isInteger(member) : type === 'object' ? typeof member === 'object' && !Array.isArray(member) : typeof member === type;
    assert.ok(ok, `${what}.${field} must be a JSON ${type}, got ${JSON.stringify(member)}`);
  }
  return record;
}

/** The SDK's JSON reading of an event's data: any SDK raises on data that is not JSON. */
function parseData(event: ReadEvent, what: string): unknown {
  try {
    return JSON.parse(event.data as string);
  } catch {
    assert.fail(`${what}: the data of ${event.event} is not JSON: ${JSON.stringify(event.data).slice(0, 200)}`);
  }
}

/** A stream reply split into events the way `profile`'s SDK splits it. */
function readStream(profile: ChatProfile, reply: RawReply, fields: readonly string[], isDone: (event: ReadEvent) => boolean): ReadEvent[] {
  expectReply(reply, 200, { json: false });
  assert.match(reply.headers.get('content-type') ?? '', /text\/event-stream/, `${profile.name} reads events only from a text/event-stream reply`);
  if (profile.reader === 'by-field') return readByField(reply.text, fields, profile.name);
  return readByPosition(reply.text, fields, profile.name, profile.stopsAtDone ? isDone : undefined);
}

const auth = (ctx: CheckContext) => ({ authorization: `Bearer ${ctx.cred('pat')}` });

/** `POST /v3/chat` as the SDK sends it, asking the echo bot `question`. */
function postChat(ctx: CheckContext, profile: ChatProfile, question: string, stream: boolean) {
  const path = profile.emptyConversationQuery ? '/v3/chat?conversation_id=' : '/v3/chat';
  const body = { bot_id: ctx.cred('bots').echo, user_id: `${profile.id}-user`, additional_messages: [profile.question(question)], stream, ...profile.extraChatBody };
  return raw(ctx, 'POST', path, { json: body, headers: auth(ctx) });
}

/** The data of a JSON reply in the `{code, msg, data}` envelope, as the SDKs take it. */
function envelopeData(reply: RawReply, what: string): unknown {
  expectReply(reply, 200);
  assert.equal(reply.body?.code, 0, `${what}: code must be 0: ${reply.text.slice(0, 200)}`);
  return reply.body?.data;
}

function chatStream(profile: ChatProfile): Omit<Check, 'group'> {
  return {
    id: `replay.${profile.id}-chat-stream`,
    title: `${profile.name}'s streamed chat request, its events read as ${profile.name} reads them: the echo in deltas, then done`,
    source: `${profile.sources.chat}; ${profile.sources.streams}`,
    covers: ['replay.chat-requests', 'replay.stream-readers', 'replay.other-sdks', 'chat.stream-framing', 'chat.stream-events'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const question = uniqueText(`${profile.id} stream`);
      const events = readStream(profile, await postChat(ctx, profile, question, true), ['event', 'data'], (e) => e.event === 'done' || e.event === 'error');
      let answer = '';
      for (const event of events) {
        assert.notEqual(event.event, 'error', `${profile.name} raises on an error event: ${event.data}`);
        if (CHAT_MESSAGE_EVENTS.includes(event.event as string)) {
          const message = expectModel(parseData(event, profile.name), MESSAGE_TYPES, profile.required.message, `${profile.name} ${event.event}`);
          if (event.event === 'conversation.message.delta') answer += message.content as string;
        } else if (CHAT_STATUS_EVENTS.includes(event.event as string)) {
          expectModel(parseData(event, profile.name), CHAT_TYPES, profile.required.chat, `${profile.name} ${event.event}`);
        }
      }
      assert.equal(answer, question, `${profile.name} adds the deltas up to the echo (events: ${events.map((e) => e.event).join(', ')})`);
      assert.deepEqual(events.at(-1), { event: 'done', data: '"[DONE]"' }, 'the stream ends with done');
    },
  };
}

function chatPoll(profile: ChatProfile): Omit<Check, 'group'> {
  return {
    id: `replay.${profile.id}-chat-poll`,
    title: `${profile.name}'s create-and-poll: a stream: false chat, ${profile.retrieveMethod} retrieve until it stops, then the chat's messages hold the echo`,
    source: `${profile.sources.chat}; ${profile.sources.poll}`,
    covers: ['replay.chat-requests', 'replay.other-sdks', 'chat.polling', 'chat.chat-object'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const question = uniqueText(`${profile.id} poll`);
      let chat = expectModel(envelopeData(await postChat(ctx, profile, question, false), 'create'), CHAT_TYPES, profile.required.chat, `${profile.name} chat`);
      assert.equal(chat.status, 'in_progress', 'a stream: false chat is answered in progress');
      const ids = `conversation_id=${String(chat.conversation_id)}&chat_id=${String(chat.id)}`;
      for (let polls = 0; profile.pollsWhile(chat.status as string); polls++) {
        assert.ok(polls < 10, `the chat is still ${String(chat.status)} after 10 retrievals`);
        const reply = await raw(ctx, profile.retrieveMethod, `/v3/chat/retrieve?${ids}`, { headers: auth(ctx) });
        chat = expectModel(envelopeData(reply, 'retrieve'), CHAT_TYPES, profile.required.chat, `${profile.name} retrieved chat`);
      }
      assert.equal(chat.status, 'completed', 'the echo bot\'s chat completes');
      const messages = envelopeData(await raw(ctx, 'GET', `/v3/chat/message/list?${ids}`, { headers: auth(ctx) }), 'message list');
      assert.ok(Array.isArray(messages), 'the chat\'s messages are a list in data');
      const answer = messages.map((m, i) => expectModel(m, MESSAGE_TYPES, profile.required.message, `message ${i}`)).find((m) => m.type === 'answer');
      assert.equal(answer?.content, question, 'the answer is the echo');
    },
  };
}

function workflowRun(profile: ChatProfile): Omit<Check, 'group'> {
  return {
    id: `replay.${profile.id}-workflow-run`,
    title: `${profile.name}'s workflow run body; the reply read as ${profile.name} reads it: data a string holding the echoed parameters`,
    source: profile.sources.workflows,
    covers: ['replay.workflow-requests', 'replay.other-sdks', 'workflow.run-request', 'workflow.run-reply'],
    needs: ['pat', 'workflows'],
    async run(ctx) {
      const parameters = { input: uniqueText(`${profile.id} run`), count: 2 };
      const reply = await raw(ctx, 'POST', '/v1/workflow/run', { json: profile.runBody(ctx.cred('workflows').echo, parameters), headers: auth(ctx) });
      expectReply(reply, 200);
      assert.equal(reply.body?.code, 0);
      // coze-py reads the run reply's members only when debug_url is there; otherwise it takes `data` as the result.
      assert.equal(typeof reply.body?.debug_url, 'string', 'debug_url sits beside data');
      assert.equal(typeof reply.body?.data, 'string', `data is typed as a string by every SDK: ${reply.text.slice(0, 200)}`);
      assert.deepEqual(JSON.parse(reply.body?.data as string), parameters, 'the echo workflow outputs its parameters');
      assert.equal(typeof reply.body?.execute_id, 'string');
    },
  };
}

/** A workflow stream read as `profile` reads it, with its ids checked the way the SDK converts them. */
function workflowEvents(profile: ChatProfile, reply: RawReply): ReadEvent[] {
  const events = readStream(profile, reply, ['id', 'event', 'data'], (e) => e.event === 'Done');
  events.forEach((event, i) => assert.equal(event.id, String(i), `${profile.name} reads the ids as integers counting from 0: ${JSON.stringify(event)}`));
  return events;
}

function workflowStream(profile: ChatProfile): Omit<Check, 'group'> {
  return {
    id: `replay.${profile.id}-workflow-stream`,
    title: `${profile.name} streams the question workflow to its Interrupt and resumes it to Done, reading both streams its way`,
    source: `${profile.sources.workflows}; ${profile.sources.streams}`,
    covers: ['replay.workflow-requests', 'replay.stream-readers', 'replay.other-sdks', 'workflow.stream-framing', 'workflow.stream-events', 'workflow.stream-resume'],
    needs: ['pat', 'workflows'],
    async run(ctx) {
      const workflow = ctx.cred('workflows').question;
      const question = `${uniqueText(profile.id)}?`;
      const first = workflowEvents(profile, await raw(ctx, 'POST', '/v1/workflow/stream_run', { json: { workflow_id: workflow, parameters: { question } }, headers: auth(ctx) }));
      assert.deepEqual(first.map((e) => e.event), ['Message', 'Interrupt']);
      assert.equal(expectModel(parseData(first[0] as ReadEvent, profile.name), WORKFLOW_MESSAGE_TYPES, [], 'Message').content, question);
      const interrupt = expectModel(parseData(first[1] as ReadEvent, profile.name), { node_title: 'string', interrupt_data: 'object' }, ['interrupt_data'], 'Interrupt');
      const data = expectModel(interrupt.interrupt_data, { event_id: 'string', type: 'integer' }, ['event_id', 'type'], 'interrupt_data');
      const resume = { workflow_id: workflow, event_id: data.event_id, resume_data: 'Ada', interrupt_type: data.type };
      const second = workflowEvents(profile, await raw(ctx, 'POST', '/v1/workflow/stream_resume', { json: resume, headers: auth(ctx) }));
      assert.deepEqual(second.map((e) => e.event), ['Message', 'Done']);
      const output = expectModel(parseData(second[0] as ReadEvent, profile.name), WORKFLOW_MESSAGE_TYPES, [], 'Message').content;
      assert.deepEqual(JSON.parse(output as string), { question, answer: 'Ada' });
      if (profile.parsesWorkflowDone) expectModel(parseData(second[1] as ReadEvent, profile.name), { debug_url: 'string' }, [], 'Done');
    },
  };
}

/** The chat and workflow replays, four per SDK. */
export const chatReplays: Omit<Check, 'group'>[] = CHAT_PROFILES.flatMap((profile) => [chatStream(profile), chatPoll(profile), workflowRun(profile), workflowStream(profile)]);
