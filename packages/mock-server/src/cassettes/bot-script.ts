import { MAX_SCRIPT_DELAY_MS } from '../resources/bots/schemas.js';
import type { CassetteEvent } from './format.js';
import { parseJsonText } from '../json/limits.js';

/**
 * A recorded chat stream (`POST /v3/chat`, Coze's `conversation.*` events) read back as a bot script: what the bot
 * answered and how (its answer, streamed in chunks of the size it came in, at the pace it came, tool calls it asked
 * for, usage, follow-up questions, or how it failed), so the mock's own chat can play the recorded conversation with
 * its state (conversations, polling, message lists) rather than a fixed byte stream.
 */

/** A bot script as `POST /__mock/bots/{bot_id}/script` takes it. */
export interface RecordedBotScript {
  answer?: string;
  chunkSize?: number;
  delayMs?: number;
  toolCalls?: { name: string; arguments?: string | Record<string, unknown> }[];
  usage?: { token_count?: number; output_count?: number; input_count?: number };
  failed?: { code: number; msg: string; event: 'failed' | 'error' };
  followUps?: string[];
}

type Data = Record<string, unknown>;

const parsed = (event: CassetteEvent): Data => {
  const json = parseJsonText(event.data);
  const value = json.ok ? json.value : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Data) : {};
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);

/** The middle of the gaps between events (the first event's wait is the reply's head, not the pace). */
function pace(events: readonly CassetteEvent[], speed: number): number {
  const gaps = events
    .slice(1)
    .map((e) => e.delayMs)
    .sort((a, b) => a - b);
  if (!gaps.length || speed <= 0) return 0;
  return Math.min(MAX_SCRIPT_DELAY_MS, Math.round((gaps[Math.floor(gaps.length / 2)] as number) / speed));
}

/**
 * The bot script of a recorded chat stream; `speed` divides its pace (0: no waits).
 *
 * @example
 * botScriptOf(exchange.response.stream.events, 1);
 * // { answer: 'Hello', chunkSize: 3, delayMs: 40, usage: { token_count: 12, … } }
 */
export function botScriptOf(events: readonly CassetteEvent[], speed: number): RecordedBotScript {
  const script: RecordedBotScript = {};
  const deltas: string[] = [];
  let completedAnswer: string | undefined;
  const followUps: string[] = [];
  for (const event of events) {
    const data = parsed(event);
    if (event.event === 'conversation.message.delta' && data.type === 'answer') deltas.push(text(data.content) ?? '');
    if (event.event === 'conversation.message.completed' && data.type === 'answer') completedAnswer = text(data.content);
    if (event.event === 'conversation.message.completed' && data.type === 'follow_up' && text(data.content)) followUps.push(data.content as string);
    if (event.event === 'conversation.chat.requires_action') script.toolCalls = toolCallsOf(data);
    if (event.event === 'conversation.chat.completed' && data.usage && typeof data.usage === 'object') script.usage = usageOf(data.usage as Data);
    if (event.event === 'conversation.chat.failed') script.failed = { ...errorOf((data.last_error ?? {}) as Data), event: 'failed' };
    if (event.event === 'error') script.failed = { ...errorOf(data), event: 'error' };
  }
  const answer = deltas.length ? deltas.join('') : completedAnswer;
  if (answer !== undefined) script.answer = answer;
  const firstChunk = deltas.find((d) => d.length > 0)?.length;
  if (firstChunk) script.chunkSize = firstChunk;
  script.delayMs = pace(events, speed);
  if (followUps.length) script.followUps = followUps;
  return script;
}

function toolCallsOf(chat: Data): RecordedBotScript['toolCalls'] {
  const action = chat.required_action as { submit_tool_outputs?: { tool_calls?: { function?: { name?: unknown; arguments?: unknown } }[] } } | undefined;
  const calls = action?.submit_tool_outputs?.tool_calls ?? [];
  return calls
    .map((call) => ({ name: text(call.function?.name) ?? '', arguments: call.function?.arguments }))
    .filter((call) => call.name)
    .map(({ name, arguments: args }) => ({ name, ...(typeof args === 'string' || (args && typeof args === 'object') ? { arguments: args as string | Record<string, unknown> } : {}) }));
}

function usageOf(usage: Data): NonNullable<RecordedBotScript['usage']> {
  const out: NonNullable<RecordedBotScript['usage']> = {};
  for (const name of ['token_count', 'output_count', 'input_count'] as const) {
    const n = count(usage[name]);
    if (n !== undefined) out[name] = n;
  }
  return out;
}

function errorOf(error: Data): { code: number; msg: string } {
  const code = count(error.code);
  return { code: code && code > 0 ? code : 5000, msg: text(error.msg) ?? 'the recorded chat failed' };
}
