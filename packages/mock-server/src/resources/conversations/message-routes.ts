import { Hono, type Context } from 'hono';
import * as z from 'zod';
import type { MockContext, MockEnv } from '../../context.js';
import { ENDPOINTS } from '../../endpoints.js';
import { openApiErrors } from '../../errors.js';
import { openApiReply } from '../../http.js';
import { callerWith } from '../shared/access.js';
import { parseQuery, readApiBody } from '../request.js';
import { contentSchema, contentTypeSchema, messageView, metaDataSchema, normaliseContent } from './content.js';
import { ownConversation } from './routes.js';
import type { ConversationRecord, MessageRecord } from './store.js';
import { once } from '../shared/once.js';

/**
 * Messages of a conversation (coze-openapi.yaml CreateMessageApi, ListMessageApi, RetrieveMessageApi,
 * ModifyMessageApi, DeleteMessageApi), behind the `message` permission. Chats write into the same list.
 */

const conversationQuery = once(() => z.object({ conversation_id: z.string().min(1, 'required').max(64) }));
const messageQuery = once(() => conversationQuery().extend({ message_id: z.string().min(1, 'required').max(64) }));

// `before_id`/`after_id` of "0" mean "no position" (ListMessageApi); both at once is ambiguous and refused.
const cursor = () => z.string().max(64).transform((id) => (id === '' || id === '0' ? undefined : id));
const listBody = once(() =>
  z
    .object({
      order: z.enum(['desc', 'asc']).default('desc'),
      chat_id: z.string().min(1).max(64).optional(),
      before_id: cursor().optional(),
      after_id: cursor().optional(),
      limit: z.number().int().min(1).max(50).default(50),
    })
    .refine((body) => !(body.before_id && body.after_id), { message: 'give before_id or after_id, not both', path: ['after_id'] }),
);

const createBody = once(() =>
  z.object({ role: z.enum(['user', 'assistant']), content: contentSchema(), content_type: contentTypeSchema(), meta_data: metaDataSchema().optional() }),
);

const modifyBody = once(() => z.object({ content: contentSchema().optional(), content_type: contentTypeSchema().optional(), meta_data: metaDataSchema().optional() }));

/**
 * One page of a conversation's messages in `order` (newest first by default). `after_id` continues past a message
 * in that order (coze-py pages on with `after_id` = the last page's `last_id`), `before_id` goes back towards the
 * start; an id that is not in the list is a 400.
 */
function page(messages: MessageRecord[], body: z.infer<ReturnType<typeof listBody>>) {
  const ordered = body.order === 'asc' ? messages : [...messages].reverse();
  const indexOf = (id: string, field: string) => {
    const index = ordered.findIndex((m) => m.id === id);
    if (index === -1) throw openApiErrors.invalidParameter(field, `message ${id} is not in this list`);
    return index;
  };
  let start = 0;
  let end = Math.min(ordered.length, body.limit);
  let hasMore = ordered.length > end;
  if (body.after_id) {
    start = indexOf(body.after_id, 'after_id') + 1;
    end = Math.min(ordered.length, start + body.limit);
    hasMore = ordered.length > end;
  } else if (body.before_id) {
    end = indexOf(body.before_id, 'before_id');
    start = Math.max(0, end - body.limit);
    hasMore = start > 0;
  }
  const items = ordered.slice(start, end);
  return { items, first_id: items[0]?.id ?? '', last_id: items.at(-1)?.id ?? '', has_more: hasMore };
}

async function listMessages(c: Context<MockEnv>, mock: MockContext) {
  const caller = callerWith(c, mock, 'message');
  const conversation = ownConversation(mock, caller, parseQuery(c, conversationQuery()).conversation_id);
  const body = await readApiBody(c, mock, listBody(), { optional: true });
  mock.store.resources.chats.settle(conversation);
  let messages = mock.store.resources.conversations.messagesOf(conversation);
  if (body.chat_id) messages = messages.filter((m) => m.chatId === body.chat_id);
  const { items, ...cursors } = page(messages, body);
  // ListMessageApi: the cursors sit beside `data`, not inside it (coze-js returns the whole body).
  return c.json({ code: 0, msg: '', data: items.map(messageView), ...cursors, detail: { logid: c.get('logid') } });
}

async function createMessage(c: Context<MockEnv>, mock: MockContext) {
  const caller = callerWith(c, mock, 'message');
  const conversation = ownConversation(mock, caller, parseQuery(c, conversationQuery()).conversation_id);
  const body = await readApiBody(c, mock, createBody());
  const { conversations, files } = mock.store.resources;
  const content = normaliseContent(body, 'content', { files, userId: caller.userId });
  conversations.reserve(1);
  const message = conversations.message(conversation, {
    role: body.role,
    type: body.role === 'user' ? 'question' : 'answer',
    content: content.content,
    contentType: content.contentType,
    metaData: body.meta_data ?? {},
  });
  conversations.store(conversation, message);
  return openApiReply(c, messageView(message));
}

/** The message of the query's conversation, or 404 code 4200. */
function ownMessage(c: Context<MockEnv>, mock: MockContext): { conversation: ConversationRecord; message: MessageRecord; userId: string } {
  const caller = callerWith(c, mock, 'message');
  const query = parseQuery(c, messageQuery());
  const conversation = ownConversation(mock, caller, query.conversation_id);
  const message = mock.store.resources.conversations.messageOf(conversation, query.message_id);
  if (!message) throw openApiErrors.notFound(`message ${query.message_id}`);
  return { conversation, message, userId: caller.userId };
}

async function modifyMessage(c: Context<MockEnv>, mock: MockContext) {
  const { conversation, message, userId } = ownMessage(c, mock);
  const body = await readApiBody(c, mock, modifyBody(), { optional: true });
  const { conversations, files } = mock.store.resources;
  if (body.content !== undefined) {
    const contentType = body.content_type ?? (message.contentType === 'object_string' ? 'object_string' : 'text');
    const content = normaliseContent({ content: body.content, content_type: contentType }, 'content', { files, userId });
    message.content = content.content;
    message.contentType = content.contentType;
  }
  if (body.meta_data) message.metaData = body.meta_data;
  message.updatedAt = mock.clock.nowSeconds();
  conversations.touch(conversation);
  // ModifyMessageApi answers the message as `message`, not `data` (coze-js, coze-py and coze-go all read it there).
  return c.json({ code: 0, msg: '', message: messageView(message), detail: { logid: c.get('logid') } });
}

/**
 * @example
 * app.route('/', createMessageRoutes(mock));
 */
export function createMessageRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .post(ENDPOINTS.messageCreate, (c) => createMessage(c, mock))
    .post(ENDPOINTS.messageList, (c) => listMessages(c, mock))
    .get(ENDPOINTS.messageRetrieve, (c) => openApiReply(c, messageView(ownMessage(c, mock).message)))
    .post(ENDPOINTS.messageModify, (c) => modifyMessage(c, mock))
    .post(ENDPOINTS.messageDelete, (c) => {
      const { conversation, message } = ownMessage(c, mock);
      mock.store.resources.conversations.deleteMessage(conversation, message);
      return openApiReply(c, messageView(message));
    });
}
