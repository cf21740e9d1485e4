import { randomBytes } from 'node:crypto';
import type { EnterMessage } from '@coze/api';
import { assert, describeError } from './assert.js';
import { NotApplicable, type CheckContext } from './check.js';

/**
 * What the chat, conversation, file, bot and workflow checks share: a client for the target's PAT, a question nobody
 * asked before, the events of an SDK stream, and a way to say that an SDK version lacks a call.
 */

/** An event as `chat.stream` (and `submitToolOutputs`, `workflows.chat.stream`) yields it. */
export interface SdkChatEvent {
  event: string;
  data: unknown;
}

/** The fields of a chat (ChatV3ChatDetail) the checks read. */
export interface ChatData {
  id: string;
  conversation_id: string;
  bot_id: string;
  status: string;
  created_at?: number;
  completed_at?: number;
  failed_at?: number;
  last_error?: { code: number; msg: string };
  usage?: { token_count: number; output_count: number; input_count: number };
  required_action?: { type: string; submit_tool_outputs: { tool_calls: { id: string; type: string; function: { name: string; arguments: string } }[] } };
}

/** The fields of a message the checks read. */
export interface MessageData {
  id: string;
  conversation_id: string;
  chat_id?: string;
  role: string;
  type: string;
  content: string;
  content_type: string;
}

/** A `CozeAPI` client of the SDK under test (typed as the current version; older ones lack some calls). */
export type SdkClient = ReturnType<CheckContext['sdk']['client']>;

/**
 * A client of the SDK under test for the target's PAT.
 *
 * @example
 * const client = patClient(ctx);
 */
export const patClient = (ctx: CheckContext): SdkClient => ctx.sdk.client(ctx.cred('pat'), ctx.baseURL);

/**
 * A text no earlier check sent, so an echo proves this very question came back.
 *
 * @example
 * uniqueText('stream'); // 'stream 3f9a1c7e20 — ünïcödé ✓'
 */
export const uniqueText = (label: string) => `${label} ${randomBytes(5).toString('hex')} — ünïcödé ✓`;

/**
 * One user question as `additional_messages`.
 *
 * @example
 * await client.chat.stream({ bot_id, additional_messages: userQuestion('Hi') });
 */
export const userQuestion = (text: string) => [{ role: 'user', type: 'question', content: text, content_type: 'text' }] as unknown as EnterMessage[];

/**
 * Every event of an SDK stream (awaiting first: some versions return the generator from an async function).
 *
 * @example
 * const events = await collectEvents(client.chat.stream({ … }));
 */
export async function collectEvents<T = SdkChatEvent>(stream: AsyncIterable<T> | Promise<AsyncIterable<T>>): Promise<T[]> {
  const events: T[] = [];
  for await (const event of await stream) events.push(event);
  return events;
}

/**
 * The answer the `conversation.message.delta` events of a chat stream add up to.
 *
 * @example
 * answerOf(events); // 'Hello'
 */
export const answerOf = (events: readonly SdkChatEvent[]) =>
  events
    .filter((e) => e.event === 'conversation.message.delta')
    .map((e) => (e.data as MessageData).content)
    .join('');

/**
 * The data of the first event named `name`, or a failure listing the events that came.
 *
 * @example
 * const chat = eventData<ChatData>(events, 'conversation.chat.completed');
 */
export function eventData<T>(events: readonly SdkChatEvent[], name: string): T {
  const found = events.find((e) => e.event === name);
  assert.ok(found, `expected a ${name} event; the stream had ${JSON.stringify(events.map((e) => e.event))}`);
  return found.data as T;
}

/**
 * Asserts this SDK version has the call (`method` is the client's member, `path` its name, `since` when it came),
 * else NotApplicable.
 *
 * @example
 * requireCall(ctx, client.conversations.list, 'conversations.list', 'added between 1.0.4 and 1.0.14');
 */
export function requireCall(ctx: CheckContext, method: unknown, path: string, since: string): void {
  if (typeof method !== 'function') throw new NotApplicable(`@coze/api ${ctx.sdk.version} has no ${path} (${since})`);
}

/**
 * Awaits a call that must fail with an SDK error whose `code` is `code`, and returns it.
 *
 * @example
 * await expectCozeCode(client.chat.create({ … }), 4016);
 */
export async function expectCozeCode(call: Promise<unknown>, code: number): Promise<{ code?: number; status?: number }> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught, `expected an error with code ${code}, but the call succeeded`);
  assert.equal((caught as { code?: number }).code, code, `expected code ${code}, got ${describeError(caught)}`);
  return caught as { code?: number; status?: number };
}
