import type { Context } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import type { Deviation } from '../../deviations.js';
import type { SseEvent, SseIdPlace } from '../../event-stream.js';
import { openApiReply } from '../../http.js';

/**
 * Where chat and workflow replies depart from the contract under a deviation (deviations.ts), in one place: the
 * streaming and reply code asks here, so each switch is one call where it acts and the normal path stays as it was.
 * The deviations exist for the conformance meta-test only.
 */

type Deviations = ReadonlySet<Deviation>;

/**
 * A chat event as the wire carries it: its data as JSON, unless a deviation renames it, gives it an id, sends the bare
 * text, or (`undefined`) drops `done`. `sent` counts the events sent before it.
 *
 * @example
 * chatEventOnWire(mock.deviations, 'done', '[DONE]', 7); // { event: 'done', data: '"[DONE]"' }
 */
export function chatEventOnWire(deviations: Deviations, event: string, data: unknown, sent: number): SseEvent | undefined {
  if (deviations.size === 0) return { event, data: JSON.stringify(data) };
  if (event === 'done' && deviations.has('chat-stream-without-done')) return undefined;
  const delta = event === 'conversation.message.delta';
  return {
    ...(deviations.has('chat-stream-event-ids') ? { id: sent } : {}),
    event: delta && deviations.has('chat-delta-misnamed') ? 'message.delta' : event,
    data: delta && deviations.has('chat-delta-data-not-json') ? String((data as { content: unknown }).content) : JSON.stringify(data),
  };
}

/**
 * The JSON reply of a chat (`POST /v3/chat` without streaming, `retrieve`): in the envelope, or bare under
 * `chat-bare-envelope`.
 *
 * @example
 * return chatReply(c, mock, chatView(chat));
 */
export const chatReply = (c: Context<MockEnv>, mock: MockContext, chat: object) => (mock.deviations.has('chat-bare-envelope') ? c.json(chat) : openApiReply(c, chat));

/**
 * Where a workflow event's `id:` line goes (after `data:` under `workflow-id-after-data`).
 *
 * @example
 * createEventStream(c, 'spaced', workflowIdPlace(mock.deviations));
 */
export const workflowIdPlace = (deviations: Deviations): SseIdPlace => (deviations.has('workflow-id-after-data') ? 'after-data' : 'first');

/**
 * The members of a workflow run reply: `data` a string holding the output, or the output object under
 * `workflow-run-data-object`.
 *
 * @example
 * c.json({ code: 0, msg: '', ...workflowRunFields(mock.deviations, runReplyFields(run, url)) });
 */
export function workflowRunFields(deviations: Deviations, fields: Record<string, unknown>): Record<string, unknown> {
  if (!deviations.has('workflow-run-data-object') || typeof fields.data !== 'string' || fields.data === '') return fields;
  return { ...fields, data: JSON.parse(fields.data) as unknown };
}
