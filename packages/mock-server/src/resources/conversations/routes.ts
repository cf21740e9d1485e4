import { Hono, type Context } from 'hono';
import * as z from 'zod';
import type { MockContext, MockEnv } from '../../context.js';
import { ENDPOINTS } from '../../endpoints.js';
import { openApiErrors } from '../../errors.js';
import { openApiReply } from '../../http.js';
import { callerWith, reachableBot, type Caller } from '../shared/access.js';
import { parseQuery, readApiBody } from '../request.js';
import { conversationView, defaultType, enterMessageSchema, metaDataSchema, normaliseContent } from './content.js';
import type { ConversationRecord } from './store.js';
import { once } from '../shared/once.js';

/**
 * Conversations (coze-openapi.yaml CreateConversationApi, RetrieveConversationApi, ListConversationsApi,
 * ClearConversationApi), behind the `conversation` permission. A conversation belongs to the user who created it
 * (directly or through a chat); anyone else gets 404 code 4200, as for an unknown id.
 */

const createBody = once(() =>
  z.object({
    bot_id: z.string().min(1).max(64).optional(),
    name: z.string().max(100).optional(),
    meta_data: metaDataSchema().optional(),
    connector_id: z.string().min(1).max(64).optional(),
    messages: z.array(enterMessageSchema()).max(100).optional(),
  }),
);

const listQuery = once(() =>
  z.object({
    bot_id: z.string().min(1, 'required').max(64),
    page_num: z.coerce.number().int().min(1).max(1_000_000).default(1),
    page_size: z.coerce.number().int().min(1).max(100).default(50),
    sort_order: z.enum(['ASC', 'DESC', 'asc', 'desc']).default('DESC'),
    connector_id: z.string().min(1).max(64).optional(),
  }),
);

const retrieveQuery = once(() => z.object({ conversation_id: z.string().min(1, 'required').max(64) }));

/**
 * The caller's conversation `id`, or 404 code 4200.
 *
 * @example
 * const conversation = ownConversation(mock, caller, query.conversation_id);
 */
export function ownConversation(mock: MockContext, caller: Caller, id: string): ConversationRecord {
  const conversation = mock.store.resources.conversations.find(id, caller.userId);
  if (!conversation) throw openApiErrors.notFound(`conversation ${id}`);
  return conversation;
}

async function createConversation(c: Context<MockEnv>, mock: MockContext) {
  const caller = callerWith(c, mock, 'conversation');
  const body = await readApiBody(c, mock, createBody(), { optional: true });
  if (body.bot_id !== undefined) reachableBot(mock, caller, body.bot_id, { published: false });
  const { conversations, files } = mock.store.resources;
  const entered = (body.messages ?? []).map((message, i) => ({
    message,
    content: normaliseContent(message, `messages.${i}.content`, { files, userId: caller.userId }),
  }));
  conversations.reserve(entered.length, true);
  const conversation = conversations.create({
    creatorId: caller.userId,
    ...(body.bot_id === undefined ? {} : { botId: body.bot_id }),
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.meta_data === undefined ? {} : { metaData: body.meta_data }),
    ...(body.connector_id === undefined ? {} : { connectorId: body.connector_id }),
  });
  for (const { message, content } of entered) {
    const record = conversations.message(conversation, { role: message.role, type: defaultType(message), content: content.content, contentType: content.contentType, metaData: message.meta_data ?? {} });
    conversations.store(conversation, record);
  }
  return openApiReply(c, conversationView(conversation));
}

function listConversations(c: Context<MockEnv>, mock: MockContext) {
  const caller = callerWith(c, mock, 'conversation');
  const query = parseQuery(c, listQuery());
  reachableBot(mock, caller, query.bot_id, { published: false });
  const now = mock.clock.now();
  const mine = [...mock.store.resources.conversations.conversations.values()].filter(
    (conversation) =>
      conversation.expiresAtMs > now &&
      conversation.creatorId === caller.userId &&
      conversation.botId === query.bot_id &&
      (query.connector_id === undefined || conversation.connectorId === query.connector_id),
  );
  const ascending = query.sort_order.toUpperCase() === 'ASC';
  mine.sort((a, b) => (ascending ? a.seq - b.seq : b.seq - a.seq));
  const start = (query.page_num - 1) * query.page_size;
  const page = mine.slice(start, start + query.page_size);
  return openApiReply(c, { conversations: page.map(conversationView), has_more: mine.length > start + query.page_size });
}

/**
 * @example
 * app.route('/', createConversationRoutes(mock));
 */
export function createConversationRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .post(ENDPOINTS.conversationCreate, (c) => createConversation(c, mock))
    .get(ENDPOINTS.conversationRetrieve, (c) => {
      const caller = callerWith(c, mock, 'conversation');
      const { conversation_id } = parseQuery(c, retrieveQuery());
      return openApiReply(c, conversationView(ownConversation(mock, caller, conversation_id)));
    })
    .get(ENDPOINTS.conversations, (c) => listConversations(c, mock))
    .post(ENDPOINTS.conversationClear, (c) => {
      const caller = callerWith(c, mock, 'conversation');
      const conversation = ownConversation(mock, caller, c.req.param('conversation_id'));
      const sectionId = mock.store.resources.conversations.newSection(conversation);
      return openApiReply(c, { id: sectionId, conversation_id: conversation.id });
    });
}
