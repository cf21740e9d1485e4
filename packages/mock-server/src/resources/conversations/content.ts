import * as z from 'zod';
import { openApiErrors } from '../../errors.js';
import { parseJsonText } from '../../json/limits.js';
import type { FileStore } from '../files/store.js';
import type { ContentType, ConversationRecord, MessageRecord, MessageType } from './store.js';
import { once } from '../shared/once.js';

/**
 * Message content as the SDKs send it (coze-openapi.yaml EnterMessage): `text`, or `object_string`, a JSON list of
 * `{type: text|file|image|audio, text?, file_id?, file_url?}` items. coze-js sends that list as a string in chats but
 * as an array through `conversations.create` and `messages.create`; coze-py sends `null` for every unset member of a
 * message and of an item. Both are accepted; the mock keeps the JSON string Coze documents. A `file_id` must be a file
 * the caller uploaded.
 */

/** `meta_data`: at most 16 pairs, keys 1-64 characters, values up to 512 (ChatV3 `meta_data`). */
export const metaDataSchema = () =>
  z
    .record(z.string().min(1).max(64), z.string().max(512))
    .refine((pairs) => Object.keys(pairs).length <= 16, 'at most 16 key-value pairs');

const objectItem = once(() =>
  z.object({
    type: z.enum(['text', 'file', 'image', 'audio']),
    text: z.string().nullish(),
    file_id: z.string().max(64).nullish(),
    file_url: z.string().max(2048).nullish(),
  }),
);

/** An object_string list as stored or sent as a string (1 to 50 items). */
const objectList = once(() => z.array(objectItem()).min(1).max(50));

/** A message's `content`: a string, or (coze-js `messages.create`) the object list itself. */
export const contentSchema = () => z.union([z.string(), z.array(objectItem()).max(50)]);

/** A content type a request may name (`card` only appears in replies). */
export const contentTypeSchema = () => z.enum(['text', 'object_string']);

/** One message of `additional_messages` or of a new conversation; unknown members (coze-py's `id: null` …) are ignored. */
export const enterMessageSchema = () =>
  z.object({
    role: z.enum(['user', 'assistant']),
    type: z.enum(['question', 'answer', 'function_call', 'tool_output', 'tool_response']).nullish(),
    content: contentSchema().nullish(),
    content_type: contentTypeSchema().nullish(),
    meta_data: metaDataSchema().nullish(),
  });

export type EnterMessage = z.infer<ReturnType<typeof enterMessageSchema>>;

/** A message's content, ready to store: the JSON string of an object list, and the text a bot reads from it. */
export interface NormalisedContent {
  content: string;
  contentType: ContentType;
  /** What an echo bot repeats: the text, or an object list's text items with `[image name]` for the rest. */
  text: string;
}

type ObjectItem = z.infer<ReturnType<typeof objectItem>>;

/** Parses and checks an object_string list; `field` names it in the 4000. */
function objectItems(content: string | ObjectItem[], field: string): ObjectItem[] {
  let raw: unknown = content;
  if (typeof content === 'string') {
    const json = parseJsonText(content);
    if (!json.ok) throw openApiErrors.invalidParameter(field, `object_string content must be a JSON list of items (${json.why})`);
    raw = json.value;
  }
  const parsed = objectList().safeParse(raw);
  if (!parsed.success) throw openApiErrors.invalidParameter(field, `object_string items: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/**
 * Checks and normalises content; throws 400 code 4000 naming `field` for what Coze would refuse.
 *
 * @example
 * normaliseContent({ content: 'hi', content_type: 'text' }, 'content', { files, userId }); // { content: 'hi', contentType: 'text', text: 'hi' }
 */
export function normaliseContent(
  input: { content?: string | ObjectItem[] | null; content_type?: 'text' | 'object_string' | null },
  field: string,
  context: { files: FileStore; userId: string },
): NormalisedContent {
  const content = input.content ?? '';
  if (content === '') return { content: '', contentType: input.content_type ?? 'text', text: '' };
  if (!input.content_type) throw openApiErrors.invalidParameter(`${field.replace(/content$/, '')}content_type`, 'required when content is given');
  if (input.content_type === 'text') {
    if (typeof content !== 'string') throw openApiErrors.invalidParameter(field, 'text content is a string');
    return { content, contentType: 'text', text: content };
  }
  const items = objectItems(content, field);
  items.forEach((item, i) => {
    if (item.type === 'text' && !item.text) throw openApiErrors.invalidParameter(`${field}[${i}].text`, 'required for a text item');
    if (item.type !== 'text' && !item.file_id && !item.file_url) throw openApiErrors.invalidParameter(`${field}[${i}]`, `a ${item.type} item needs file_id or file_url`);
    if (item.file_id && !context.files.find(item.file_id, context.userId)) throw openApiErrors.invalidParameter(`${field}[${i}].file_id`, `file ${item.file_id} not found`);
  });
  const clean = items.map((item) => Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null && value !== undefined)));
  return { content: JSON.stringify(clean), contentType: 'object_string', text: describeItems(items, context) };
}

/** An object list as a bot reads it: the text items, and `[image name]` (or the URL) for each file. */
function describeItems(items: readonly ObjectItem[], context: { files: FileStore; userId: string }): string {
  return items
    .map((item) => {
      if (item.type === 'text') return item.text ?? '';
      const name = item.file_id ? (context.files.find(item.file_id, context.userId)?.fileName ?? item.file_id) : item.file_url;
      return `[${item.type} ${name}]`;
    })
    .join(' ');
}

/**
 * The text a bot reads from a stored message (see {@link NormalisedContent}).
 *
 * @example
 * readableText(message, { files, userId }); // 'What is this? [image cat.png]'
 */
export function readableText(message: Pick<MessageRecord, 'content' | 'contentType'>, context: { files: FileStore; userId: string }): string {
  if (message.contentType !== 'object_string') return message.content;
  const parsed = objectList().safeParse(JSON.parse(message.content));
  return parsed.success ? describeItems(parsed.data, context) : message.content;
}

/** The type an entered message gets when it names none: a user's is a question, an assistant's an answer. */
export const defaultType = (message: Pick<EnterMessage, 'role' | 'type'>): MessageType =>
  message.type ?? (message.role === 'user' ? 'question' : 'answer');

/** The wire shape of a message (coze-openapi.yaml OpenMessageApi, ChatV3MessageDetail). */
export const messageView = (message: MessageRecord) => ({
  id: message.id,
  conversation_id: message.conversationId,
  bot_id: message.botId,
  chat_id: message.chatId,
  section_id: message.sectionId,
  role: message.role,
  type: message.type,
  content: message.content,
  content_type: message.contentType,
  meta_data: { ...message.metaData },
  created_at: message.createdAt,
  updated_at: message.updatedAt,
});

/** The wire shape of a conversation (coze-openapi.yaml ConversationData). */
export const conversationView = (conversation: ConversationRecord) => ({
  id: conversation.id,
  created_at: conversation.createdAt,
  updated_at: conversation.updatedAt,
  meta_data: { ...conversation.metaData },
  last_section_id: conversation.lastSectionId,
  connector_id: conversation.connectorId,
  creator_id: conversation.creatorId,
  name: conversation.name,
});
