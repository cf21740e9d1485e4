import type { Bot } from '../../fixtures/types.js';
import type { BotScript } from './schemas.js';

/**
 * What a bot does with a chat, decided once when the chat starts: the answer and how it is streamed, the function
 * calls it asks for first, a failure, a dropped or hung stream. The fixture bots are deterministic: the echo bot
 * answers the last user message as it is; the tool bot first asks for `lookup({"query": <question>})` and then
 * answers the tool outputs; the script bot (or any bot with a script queued) does what the script says.
 */

/** What a plan takes from the `chat` options (config/schema.ts): the defaults a script may override. */
export interface ChatSettings {
  chunkSize: number;
  eventDelayMs: number;
}

/** Token counts of a chat (coze-openapi.yaml Usage2). */
export interface Usage {
  token_count: number;
  output_count: number;
  input_count: number;
}

/** A function call the chat asks for, before its tool call id is assigned. */
export interface PlannedToolCall {
  name: string;
  arguments: string;
}

export interface ChatPlan {
  /** The question the bot read (the last user message's text). */
  question: string;
  /** The answer of a chat without tool calls. */
  answer: string;
  /** The answer after `submit_tool_outputs`, from the outputs. */
  answerAfterTools(outputs: readonly string[]): string;
  toolCalls: PlannedToolCall[];
  chunkSize: number;
  delayMs: number;
  followUps: string[];
  /** Counts that replace the computed ones. */
  usage: Partial<Usage>;
  failed?: { code: number; msg: string; event: 'failed' | 'error' };
  dropAfterEvents?: number;
  hangAfterEvents?: number;
}

/** Events before a hang with `hang: true`: `conversation.chat.created` and `conversation.chat.in_progress`. */
const DEFAULT_HANG_AFTER = 2;

/** What the script bot answers when no script is queued. */
export const unscriptedAnswer = (bot: Bot) => `No script is queued for this bot: POST /__mock/bots/${bot.id}/script sets the next answer.`;

/** A rough token count (four characters a token), enough for `usage` to move with the text. */
const tokens = (text: string) => Math.ceil(text.length / 4);

/**
 * The usage of a run: computed from the question and the answer, replaced field by field by the script's.
 *
 * @example
 * usageOf(plan, 'Hello'); // { token_count: …, output_count: 2, input_count: … }
 */
export function usageOf(plan: ChatPlan, answer: string): Usage {
  const input = plan.usage.input_count ?? tokens(plan.question) + 10;
  const output = plan.usage.output_count ?? tokens(answer);
  return { input_count: input, output_count: output, token_count: plan.usage.token_count ?? input + output };
}

const joinOutputs = (outputs: readonly string[]) => outputs.join('\n');

/**
 * How many messages the first run of a chat stores: none for a failure, a function call each for tool calls, else
 * the answer, its verbose end marker and the follow-ups.
 *
 * @example
 * messagesWritten(planChat(echoBot, undefined, 'Hi', settings)); // 2
 */
export const messagesWritten = (plan: ChatPlan): number => (plan.failed ? 0 : plan.toolCalls.length || 2 + plan.followUps.length);

/**
 * Plans a chat of `bot` about `question`, following `script` when one was queued; without a bot (a chat flow), the
 * answer is the question, as the echo bot's.
 *
 * @example
 * planChat(echoBot, undefined, 'Hello', settings).answer; // 'Hello'
 */
export function planChat(bot: Bot | undefined, script: Omit<BotScript, 'times'> | undefined, question: string, settings: ChatSettings): ChatPlan {
  const base = {
    question,
    chunkSize: script?.chunkSize ?? settings.chunkSize,
    delayMs: script?.delayMs ?? settings.eventDelayMs,
    followUps: script?.followUps ?? [],
    usage: script?.usage ?? {},
  };
  if (!bot) return { ...base, answer: question, toolCalls: [], answerAfterTools: joinOutputs };
  if (!script) {
    if (bot.behaviour === 'tool') {
      return { ...base, answer: question, toolCalls: [{ name: 'lookup', arguments: JSON.stringify({ query: question }) }], answerAfterTools: joinOutputs };
    }
    return { ...base, answer: bot.behaviour === 'script' ? unscriptedAnswer(bot) : question, toolCalls: [], answerAfterTools: joinOutputs };
  }
  const answer = script.answer ?? (bot.behaviour === 'script' ? unscriptedAnswer(bot) : question);
  const hang = script.hang === true ? DEFAULT_HANG_AFTER : script.hang ? script.hang.afterEvents : undefined;
  return {
    ...base,
    answer,
    toolCalls: (script.toolCalls ?? []).map((call) => ({
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
    })),
    answerAfterTools: (outputs) => script.answer ?? joinOutputs(outputs),
    ...(script.failed ? { failed: script.failed } : {}),
    ...(script.dropAfterEvents === undefined ? {} : { dropAfterEvents: script.dropAfterEvents }),
    ...(hang === undefined ? {} : { hangAfterEvents: hang }),
  };
}
