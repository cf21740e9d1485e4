import type { Expiring } from '../../state/table.js';
import type { Usage } from '../bots/behaviour.js';

/** ChatV3ChatDetail `status` (coze-js `ChatStatus`, without the SDK's own `unknown`). */
export type ChatStatus = 'created' | 'in_progress' | 'completed' | 'failed' | 'requires_action' | 'canceled';

/** Statuses of a chat that is not over: the conversation takes no other chat meanwhile (4016). */
export const BUSY_STATUSES: readonly ChatStatus[] = ['created', 'in_progress', 'requires_action'];

/** A function call a chat waits for (coze-openapi.yaml InterruptPlugin). */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One chat (a call of `POST /v3/chat`), as `retrieve` and the chat events show it. */
export interface ChatRecord extends Expiring {
  id: string;
  conversationId: string;
  botId: string;
  /** Whose token started it: only they can read it. */
  userId: string;
  status: ChatStatus;
  /** Unix seconds. */
  createdAt: number;
  completedAt: number | undefined;
  failedAt: number | undefined;
  lastError: { code: number; msg: string };
  usage: Usage;
  /** While `requires_action`: the calls `submit_tool_outputs` must answer. */
  toolCalls: ToolCall[] | undefined;
  metaData: Record<string, string> | undefined;
  sectionId: string;
  /** Ids of the `additional_messages` this chat added to the conversation. */
  insertedMessageIds: string[];
  /** What the chat wrote, oldest first (answer, verbose, follow-ups, function calls, tool responses). */
  messageIds: string[];
  /** `auto_save_history`: when false, nothing of the chat can be read back, and it is forgotten once it ends. */
  saved: boolean;
}

/**
 * The wire shape of a chat (coze-openapi.yaml ChatV3ChatDetail), as `POST /v3/chat`, `retrieve`, `cancel` and the
 * `conversation.chat.*` events carry it. `last_error` and `usage` are always there, zeros until something happens, as
 * in coze-py's captured streams.
 *
 * @example
 * chatView(chat); // { id, conversation_id, bot_id, status: 'in_progress', created_at, last_error, usage, … }
 */
export function chatView(chat: ChatRecord) {
  return {
    id: chat.id,
    conversation_id: chat.conversationId,
    bot_id: chat.botId,
    status: chat.status,
    created_at: chat.createdAt,
    ...(chat.completedAt === undefined ? {} : { completed_at: chat.completedAt }),
    ...(chat.failedAt === undefined ? {} : { failed_at: chat.failedAt }),
    last_error: { ...chat.lastError },
    usage: { ...chat.usage },
    section_id: chat.sectionId,
    ...(chat.metaData ? { meta_data: { ...chat.metaData } } : {}),
    ...(chat.toolCalls ? { required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: chat.toolCalls } } } : {}),
    ...(chat.insertedMessageIds.length ? { inserted_additional_messages: chat.insertedMessageIds.map((id) => ({ id })) } : {}),
  };
}
