import type { Context } from 'hono';
import * as z from 'zod';
import type { MockContext, MockEnv } from '../../context.js';
import { openApiErrors } from '../../errors.js';
import { messagesWritten, planChat } from '../bots/behaviour.js';
import { defaultType, enterMessageSchema, metaDataSchema, normaliseContent, readableText, type EnterMessage, type NormalisedContent } from '../conversations/content.js';
import { ownConversation } from '../conversations/routes.js';
import type { ConversationRecord } from '../conversations/store.js';
import type { Bot } from '../../fixtures/types.js';
import { chatCaller, reachableBot, type Caller } from '../shared/access.js';
import { chatReply } from '../shared/wire-deviations.js';
import { parseQuery, readApiBody } from '../request.js';
import { chatView, type ChatRecord } from './record.js';
import { chatSteps } from './steps.js';
import type { ChatRun } from './store.js';
import { streamRun } from './stream.js';
import { once } from '../shared/once.js';

/**
 * `POST /v3/chat` (coze-openapi.yaml ChatV3). Everything is checked before anything is stored or streamed, so a bad
 * token, a bad body, an unknown or unpublished bot, a conversation of someone else or one with a chat in progress
 * (4016) all answer JSON, also when `stream` is true.
 */

const createChatBody = once(() =>
  z.object({
    bot_id: z.string().min(1, 'required').max(64),
    user_id: z.string().min(1, 'required').max(256),
    stream: z.boolean().default(false),
    additional_messages: z.array(enterMessageSchema()).max(100).optional(),
    auto_save_history: z.boolean().default(true),
    meta_data: metaDataSchema().optional(),
    custom_variables: z.record(z.string(), z.string()).optional(),
    extra_params: z.record(z.string(), z.string()).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    shortcut_command: z.object({ command_id: z.string().min(1).max(64) }).loose().optional(),
    enable_card: z.boolean().optional(),
    publish_status: z.enum(['published_online', 'unpublished_draft']).optional(),
    bot_version: z.string().max(64).optional(),
  }),
);

// An empty `conversation_id` means none: coze-py (httpx writes a `None` parameter as empty) and coze-go (a plain string
// query field) send `?conversation_id=` when the app names no conversation.
const chatQuery = once(() => z.object({ conversation_id: z.string().max(64).optional().transform((id) => id || undefined) }));

type Entered = { message: EnterMessage; content: NormalisedContent };

/**
 * What the bot answers: the text of the last user message, among the conversation's messages of its current section
 * and then `additional_messages` (ChatV3: with none given, the conversation's last message is the input).
 */
function questionOf(mock: MockContext, caller: Caller, existing: ConversationRecord | undefined, entered: Entered[]): string {
  const context = { files: mock.store.resources.files, userId: caller.userId };
  for (let i = entered.length - 1; i >= 0; i--) {
    const { message, content } = entered[i] as Entered;
    if (message.role === 'user') return content.text;
  }
  const history = existing ? mock.store.resources.conversations.messagesOf(existing).filter((m) => m.sectionId === existing.lastSectionId) : [];
  for (let i = history.length - 1; i >= 0; i--) {
    const message = history[i];
    if (message?.role === 'user') return readableText(message, context);
  }
  return '';
}

/** What a chat starts from, whichever endpoint starts it (`/v3/chat`, or `/v1/workflows/chat` for a chat flow). */
export interface ChatRequest {
  /** The bot that answers; none for a chat flow (it echoes, like the echo bot). */
  bot: Bot | undefined;
  /** The `bot_id` the chat and its messages carry (`''` for a chat flow without one). */
  botId: string;
  conversationId: string | undefined;
  messages: EnterMessage[];
  saved: boolean;
  metaData: Record<string, string> | undefined;
  /** What the stream's `done` event carries: `"[DONE]"` for a chat, `{debug_url}` for a chat flow. */
  done: (chat: ChatRecord) => unknown;
}

/**
 * Checks a chat request against the store (the conversation is the caller's and free, the messages' files exist,
 * there is a question, there is room) and starts its run, writing the `additional_messages` into the conversation.
 * Nothing is stored, and no script used up, when a check fails.
 *
 * @example
 * const run = beginChat(mock, caller, { bot, botId: bot.id, conversationId, messages, saved: true, metaData: undefined, done: () => '[DONE]' });
 */
export function beginChat(mock: MockContext, caller: Caller, request: ChatRequest): ChatRun {
  const { conversations, chats, files, scripts } = mock.store.resources;
  const existing = request.conversationId === undefined ? undefined : ownConversation(mock, caller, request.conversationId);
  if (existing && chats.busy(existing)) throw openApiErrors.chatInProgress(existing.id);
  const entered: Entered[] = request.messages.map((message, i) => ({
    message,
    content: normaliseContent(message, `additional_messages.${i}.content`, { files, userId: caller.userId }),
  }));
  const question = questionOf(mock, caller, existing, entered);
  if (question === '') throw openApiErrors.invalidParameter('additional_messages', "the user's question is required: no user message to answer");
  const settings = mock.options.chat;
  const plan = planChat(request.bot, request.bot && scripts.peek(request.bot.id), question, settings);
  // Room for everything the chat writes, before anything is written or the script used up.
  conversations.reserve(entered.length + messagesWritten(plan), existing === undefined);
  chats.chats.reserve();
  if (request.bot) scripts.take(request.bot.id);

  const conversation = existing ?? conversations.create({ botId: request.botId, creatorId: caller.userId });
  const chat = chats.open({ conversation, botId: request.botId, userId: caller.userId, saved: request.saved, metaData: request.metaData });
  if (chat.saved) {
    for (const { message, content } of entered) {
      const record = conversations.message(conversation, { role: message.role, type: defaultType(message), content: content.content, contentType: content.contentType, metaData: message.meta_data ?? {}, chatId: chat.id });
      conversations.store(conversation, record);
      chat.insertedMessageIds.push(record.id);
    }
  }
  const run: ChatRun = {
    chat,
    conversation,
    plan,
    steps: chatSteps(chats.stepContext(chat, conversation, () => request.done(chat)), plan),
    next: 0,
    retrievals: 0,
    retrievalsNeeded: settings.completeAfterRetrievals,
    dueAtMs: mock.clock.now() + settings.completeAfterMs,
    hung: false,
    stream: undefined,
  };
  chats.begin(run);
  return run;
}

/**
 * @example
 * routes.post(ENDPOINTS.chat, (c) => startChat(c, mock));
 */
export async function startChat(c: Context<MockEnv>, mock: MockContext): Promise<Response> {
  const caller = chatCaller(c, mock);
  const query = parseQuery(c, chatQuery());
  const body = await readApiBody(c, mock, createChatBody());
  const bot = reachableBot(mock, caller, body.bot_id, { published: body.publish_status !== 'unpublished_draft' });
  if (!body.stream && !body.auto_save_history) throw openApiErrors.invalidParameter('auto_save_history', 'must be true when stream is false (ChatV3)');
  const run = beginChat(mock, caller, {
    bot,
    botId: bot.id,
    conversationId: query.conversation_id,
    messages: body.additional_messages ?? [],
    saved: body.auto_save_history,
    metaData: body.meta_data,
    done: () => '[DONE]',
  });
  const { chats } = mock.store.resources;
  if (body.stream) return streamRun(c, chats, run, run.plan);
  // `stream: false`: answered at once, in progress (created, then in_progress); a hang keeps it there.
  chats.applyNext(run);
  chats.applyNext(run);
  run.hung = run.plan.hangAfterEvents !== undefined;
  return chatReply(c, mock, chatView(run.chat));
}
