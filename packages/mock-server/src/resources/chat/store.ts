import { openApiErrors } from '../../errors.js';
import { StateTable } from '../../state/table.js';
import type { ChatPlan } from '../bots/behaviour.js';
import { CONVERSATION_RETENTION_MS, type ConversationRecord, type ConversationStore } from '../conversations/store.js';
import { newCozeId } from '../shared/ids.js';
import { createWaits, type Waits } from '../../state/waits.js';
import { BUSY_STATUSES, type ChatRecord } from './record.js';
import type { Step, StepContext } from './steps.js';

/** A chat that is not over: its steps, how far they went, and what ends a `stream: false` wait. */
export interface ChatRun {
  chat: ChatRecord;
  conversation: ConversationRecord;
  plan: ChatPlan;
  steps: Step[];
  /** Index of the next step to apply. */
  next: number;
  /** `stream: false`: complete at this many retrievals, or once the mock clock passes `dueAtMs`. */
  retrievals: number;
  retrievalsNeeded: number;
  dueAtMs: number;
  /** Held by a script's `hang`: it stays where it is until cancelled. */
  hung: boolean;
  /** The stream sending it, while one does (chat/stream.ts; ended here on cancel, reset and shutdown). */
  stream: { end(): void } | undefined;
}

/**
 * Chats (`/v3/chat…`) and the runs of those not over yet. One chat at a time per conversation (4016 otherwise);
 * a `stream: false` chat completes lazily, when it is read after its retrieval count or its mock-clock delay is
 * reached, so a frozen clock never stalls polling; a streamed chat moves as its events go out, and runs to its end
 * at once if the client leaves (as a server would finish the answer and keep it in the history).
 *
 * @example
 * const chat = chats.open({ conversation, botId, userId, saved: true, metaData: undefined });
 */
export class ChatStore {
  readonly chats: StateTable<ChatRecord>;
  /** The timers pacing streams and holding hung ones: reset and shutdown let every one go. */
  readonly waits: Waits = createWaits();
  private readonly runs = new Map<string, ChatRun>();

  constructor(
    private readonly now: () => number,
    capacity: number,
    private readonly conversations: ConversationStore,
  ) {
    this.chats = new StateTable('chats', now, capacity);
  }

  /** A new chat holding `conversation` (the caller checked it was free). */
  open(input: { conversation: ConversationRecord; botId: string; userId: string; saved: boolean; metaData: Record<string, string> | undefined }): ChatRecord {
    const now = this.now();
    const chat: ChatRecord = {
      id: newCozeId(),
      conversationId: input.conversation.id,
      botId: input.botId,
      userId: input.userId,
      status: 'created',
      createdAt: Math.floor(now / 1000),
      completedAt: undefined,
      failedAt: undefined,
      lastError: { code: 0, msg: '' },
      usage: { token_count: 0, output_count: 0, input_count: 0 },
      toolCalls: undefined,
      metaData: input.metaData,
      sectionId: input.conversation.lastSectionId,
      insertedMessageIds: [],
      messageIds: [],
      saved: input.saved,
      expiresAtMs: now + CONVERSATION_RETENTION_MS,
    };
    this.chats.add(chat.id, chat);
    input.conversation.activeChatId = chat.id;
    return chat;
  }

  /** What the steps of `chat` act on; the run's end frees the conversation and forgets an unsaved chat. */
  stepContext(chat: ChatRecord, conversation: ConversationRecord, doneData: () => unknown = () => '[DONE]'): StepContext {
    return {
      chat,
      conversation,
      conversations: this.conversations,
      doneData,
      nowSeconds: () => Math.floor(this.now() / 1000),
      ended: (over) => {
        if (!over) return;
        if (conversation.activeChatId === chat.id) conversation.activeChatId = undefined;
        this.runs.delete(chat.id);
        if (!chat.saved) this.chats.delete(chat.id);
      },
    };
  }

  /** Registers a run; `stream: false` runs are applied up to `in_progress` and wait to be read. */
  begin(run: ChatRun): void {
    this.runs.set(run.chat.id, run);
  }

  runOf(chat: ChatRecord): ChatRun | undefined {
    return this.runs.get(chat.id);
  }

  /** The chat `chatId` of `conversation`, if it can be read back (not an `auto_save_history: false` one). */
  find(conversation: ConversationRecord, chatId: string): ChatRecord | undefined {
    const chat = this.chats.get(chatId);
    return chat && chat.conversationId === conversation.id && chat.saved ? chat : undefined;
  }

  /** The conversation's chat in progress after settling, if any. */
  busy(conversation: ConversationRecord): ChatRecord | undefined {
    this.settle(conversation);
    const id = conversation.activeChatId;
    const chat = id === undefined ? undefined : this.chats.get(id);
    return chat && BUSY_STATUSES.includes(chat.status) ? chat : undefined;
  }

  /** Applies the next step; undefined when none is left. */
  applyNext(run: ChatRun): Step | undefined {
    const step = run.steps[run.next];
    if (!step) return undefined;
    run.next++;
    step.apply?.();
    return step;
  }

  /** Runs the chat to the end of its steps (it was read after its time, or its client left). */
  finish(run: ChatRun): void {
    while (this.applyNext(run)) {
      // every step applied in order
    }
  }

  /** Completes the conversation's `stream: false` chat if it is due (by retrievals or by the mock clock). */
  settle(conversation: ConversationRecord): void {
    const id = conversation.activeChatId;
    const run = id === undefined ? undefined : this.runs.get(id);
    if (!run || run.stream || run.hung || run.next >= run.steps.length) return;
    if (run.retrievals >= run.retrievalsNeeded || this.now() >= run.dueAtMs) this.finish(run);
  }

  /** Counts one `retrieve` of the chat, then settles it. */
  retrieved(chat: ChatRecord, conversation: ConversationRecord): void {
    const run = this.runs.get(chat.id);
    if (run) run.retrievals++;
    this.settle(conversation);
  }

  /** Cancels a chat that is not over (400 code 4000 otherwise); a stream sending it ends. */
  cancel(chat: ChatRecord, conversation: ConversationRecord): void {
    this.settle(conversation);
    if (!BUSY_STATUSES.includes(chat.status)) throw openApiErrors.invalidParameter('chat_id', `the chat is ${chat.status}, not in progress`);
    chat.status = 'canceled';
    chat.toolCalls = undefined;
    const run = this.runs.get(chat.id);
    if (run) {
      run.steps.length = run.next;
      run.stream?.end();
      run.stream = undefined;
    }
    this.stepContext(chat, conversation).ended(true);
  }

  /** Shutdown: streams still sending end now, and no new pause starts. */
  close(): void {
    this.waits.close();
    for (const run of this.runs.values()) run.stream?.end();
  }

  /** Forgets every chat; streams still sending end and their timers are let go. */
  reset(): void {
    this.waits.releaseAll();
    for (const run of this.runs.values()) run.stream?.end();
    this.runs.clear();
    this.chats.clear();
  }
}
