import type { MockContext } from '../context.js';
import { formatUserCode } from '../state/index.js';
import type { VerbHandlers } from './verbs.js';
import type { ConversationView, DeviceCodeView } from './views.js';

/**
 * What the inspector lists that no other verb shows: device codes waiting for a person (`GET /__mock/device`), and
 * conversations with their messages and chats (`GET /__mock/conversations`). Read-only; the device codes are decided
 * with the `approveDevice`/`denyDevice` verbs.
 */

/** Most conversations listed (newest first), and messages per conversation (newest). */
export const MAX_LISTED_CONVERSATIONS = 20;
export const MAX_LISTED_MESSAGES = 50;
const MAX_CONTENT = 500;

function deviceCodes(mock: MockContext): DeviceCodeView[] {
  const now = mock.clock.now();
  const views: DeviceCodeView[] = [];
  for (const grant of mock.store.deviceGrants.values()) {
    if (grant.expiresAtMs <= now) continue;
    views.push({
      userCode: formatUserCode(grant.userCode),
      clientId: grant.clientId,
      appName: mock.findApp(grant.clientId)?.name,
      status: grant.status,
      ...(grant.workspaceId === undefined ? {} : { workspaceId: grant.workspaceId }),
      expiresAt: Math.floor(grant.expiresAtMs / 1000),
    });
  }
  return views.reverse();
}

function conversations(mock: MockContext): ConversationView[] {
  const { conversations: store, chats } = mock.store.resources;
  const newest = [...store.conversations.values()].sort((a, b) => b.seq - a.seq).slice(0, MAX_LISTED_CONVERSATIONS);
  const chatsOf = new Map<string, ConversationView['chats']>();
  for (const chat of chats.chats.values()) {
    const list = chatsOf.get(chat.conversationId) ?? [];
    const failed = chat.lastError.code !== 0;
    list.push({ id: chat.id, botId: chat.botId, status: chat.status, createdAt: chat.createdAt, ...(failed ? { lastError: { ...chat.lastError } } : {}) });
    chatsOf.set(chat.conversationId, list);
  }
  return newest.map((conversation) => ({
    id: conversation.id,
    botId: conversation.botId,
    creatorId: conversation.creatorId,
    name: conversation.name,
    createdAt: conversation.createdAt,
    messages: conversation.messageIds.slice(-MAX_LISTED_MESSAGES).flatMap((id) => {
      const message = store.messages.get(id);
      if (!message) return [];
      const { role, type, chatId, createdAt } = message;
      return [{ id, role, type, chatId, createdAt, content: message.content.slice(0, MAX_CONTENT) }];
    }),
    chats: chatsOf.get(conversation.id) ?? [],
  }));
}

/**
 * @example
 * mountVerbs(routes, mock, inspectHandlers(mock));
 */
export function inspectHandlers(mock: MockContext) {
  return {
    deviceCodes: () => ({ deviceCodes: deviceCodes(mock) }),
    conversations: () => ({ conversations: conversations(mock) }),
  } satisfies VerbHandlers<'deviceCodes' | 'conversations'>;
}
