import { CapacityError } from '../../errors.js';
import { usageOf, type ChatPlan } from '../bots/behaviour.js';
import { messageView } from '../conversations/content.js';
import type { ConversationRecord, ConversationStore, MessageRecord, MessageType } from '../conversations/store.js';
import { newCozeId } from '../shared/ids.js';
import { chatView, type ChatRecord, type ChatStatus, type ToolCall } from './record.js';

/**
 * A chat as a list of steps, each one event of the stream plus what it changes in the store. Streaming sends them one
 * by one (state and events move together); a `stream: false` chat applies them all when it completes. So `retrieve`,
 * the chat's messages and the conversation always agree with what a stream showed: a message is stored when its
 * `conversation.message.completed` goes out, the status changes with its `conversation.chat.*` event.
 */

export interface Step {
  event: string;
  apply?(): void;
  /** The event's data, read after `apply` (a chat event shows the status it announces). */
  data(): unknown;
}

/** What steps act on: the chat, its conversation, the store, the clock, and how a run ends. */
export interface StepContext {
  chat: ChatRecord;
  conversation: ConversationRecord;
  conversations: ConversationStore;
  /** The `done` event's data: `"[DONE]"` (chat), `{debug_url}` (a chat flow). */
  doneData(): unknown;
  nowSeconds(): number;
  /** The chat reached `status`; `over` when it no longer holds the conversation (not `requires_action`). */
  ended(over: boolean): void;
}

/** The `verbose` message that closes an answer (coze-openapi.yaml ListChatMessageApi example). */
export const ANSWER_FINISHED = JSON.stringify({ msg_type: 'generate_answer_finish', data: '', from_module: null, from_unit: null });

const chatEvent = (ctx: StepContext, event: string, status: ChatStatus, change?: () => void): Step => ({
  event,
  apply() {
    ctx.chat.status = status;
    change?.();
  },
  data: () => chatView(ctx.chat),
});

/** A completed message of the chat; `listed` ones (answers) also join the conversation's own list. */
function messageStep(ctx: StepContext, type: MessageType, content: string, options: { id?: string; listed?: boolean } = {}): Step {
  let message: MessageRecord | undefined;
  return {
    event: 'conversation.message.completed',
    apply() {
      const { chat, conversation, conversations } = ctx;
      message = conversations.message(conversation, { ...(options.id ? { id: options.id } : {}), role: 'assistant', type, content, contentType: 'text', botId: chat.botId, chatId: chat.id });
      if (!chat.saved) return;
      try {
        conversations.store(conversation, message, options.listed ?? false);
        chat.messageIds.push(message.id);
      } catch (error) {
        // Room was reserved when the chat started, but other chats may have taken it since: the event still goes
        // out, the message is not kept (nothing stored earlier is evicted for it).
        if (!(error instanceof CapacityError)) throw error;
      }
    },
    data: () => messageView(message as MessageRecord),
  };
}

/** Splits text into `size`-character pieces (by code point, so no emoji is cut in half). */
function chunks(text: string, size: number): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out;
}

function deltas(ctx: StepContext, answerId: string, answer: string, size: number): Step[] {
  return chunks(answer, size).map((content) => ({
    event: 'conversation.message.delta',
    data: () => ({
      id: answerId,
      conversation_id: ctx.chat.conversationId,
      bot_id: ctx.chat.botId,
      role: 'assistant',
      type: 'answer',
      content,
      content_type: 'text',
      chat_id: ctx.chat.id,
      section_id: ctx.chat.sectionId,
    }),
  }));
}

const done = (ctx: StepContext): Step => ({ event: 'done', data: () => ctx.doneData() });

/** The answer in deltas, the completed answer, the verbose end marker, follow-ups, `conversation.chat.completed`, `done`. */
function answerSteps(ctx: StepContext, plan: ChatPlan, answer: string): Step[] {
  const answerId = newCozeId();
  return [
    ...deltas(ctx, answerId, answer, plan.chunkSize),
    messageStep(ctx, 'answer', answer, { id: answerId, listed: true }),
    messageStep(ctx, 'verbose', ANSWER_FINISHED),
    ...plan.followUps.map((question) => messageStep(ctx, 'follow_up', question)),
    chatEvent(ctx, 'conversation.chat.completed', 'completed', () => {
      ctx.chat.completedAt = ctx.nowSeconds();
      ctx.chat.usage = usageOf(plan, answer);
      ctx.ended(true);
    }),
    done(ctx),
  ];
}

/** A failure: the answer streamed so far, then `conversation.chat.failed` and `done`, or an `error` event alone. */
function failureSteps(ctx: StepContext, plan: ChatPlan, failure: NonNullable<ChatPlan['failed']>): Step[] {
  const fail = () => {
    ctx.chat.status = 'failed';
    ctx.chat.failedAt = ctx.nowSeconds();
    ctx.chat.lastError = { code: failure.code, msg: failure.msg };
    ctx.ended(true);
  };
  const partial = deltas(ctx, newCozeId(), plan.answer, plan.chunkSize);
  if (failure.event === 'error') return [...partial, { event: 'error', apply: fail, data: () => ({ code: failure.code, msg: failure.msg }) }];
  return [...partial, chatEvent(ctx, 'conversation.chat.failed', 'failed', fail), done(ctx)];
}

/** The function calls as a completed `function_call` message each, then `conversation.chat.requires_action` and `done`. */
function toolCallSteps(ctx: StepContext, plan: ChatPlan): Step[] {
  const calls: ToolCall[] = plan.toolCalls.map((call) => ({ id: newCozeId(), type: 'function', function: { name: call.name, arguments: call.arguments } }));
  return [
    ...calls.map((call) => messageStep(ctx, 'function_call', JSON.stringify({ name: call.function.name, arguments: call.function.arguments }))),
    chatEvent(ctx, 'conversation.chat.requires_action', 'requires_action', () => {
      ctx.chat.toolCalls = calls;
      ctx.ended(false);
    }),
    done(ctx),
  ];
}

/**
 * The steps of a new chat: `conversation.chat.created`, `conversation.chat.in_progress`, then the answer, the
 * function calls, or the failure the plan holds.
 *
 * @example
 * const steps = chatSteps(ctx, planChat(bot, undefined, 'Hi', settings));
 */
export function chatSteps(ctx: StepContext, plan: ChatPlan): Step[] {
  const start = [chatEvent(ctx, 'conversation.chat.created', 'created'), chatEvent(ctx, 'conversation.chat.in_progress', 'in_progress')];
  if (plan.failed) return [...start, ...failureSteps(ctx, plan, plan.failed)];
  if (plan.toolCalls.length) return [...start, ...toolCallSteps(ctx, plan)];
  return [...start, ...answerSteps(ctx, plan, plan.answer)];
}

/**
 * The steps after `submit_tool_outputs`: `conversation.chat.in_progress` (storing a `tool_response` message per
 * output), then the answer.
 *
 * @example
 * const steps = afterToolsSteps(ctx, plan, ['22 °C']);
 */
export function afterToolsSteps(ctx: StepContext, plan: ChatPlan, outputs: readonly string[]): Step[] {
  const responses = outputs.map((output) => messageStep(ctx, 'tool_response', output));
  const resume = chatEvent(ctx, 'conversation.chat.in_progress', 'in_progress', () => {
    ctx.chat.toolCalls = undefined;
    for (const response of responses) response.apply?.();
  });
  return [resume, ...answerSteps(ctx, plan, plan.answerAfterTools(outputs))];
}
