import { assert, expectNonEmptyString } from './assert.js';
import { defineChecks } from './check.js';
import { answerOf, collectEvents, patClient, requireCall, uniqueText, userQuestion, type MessageData, type SdkChatEvent } from './chat-support.js';
import { uploadText } from './files.js';

/**
 * Conversations and their messages through the SDK (coze-openapi.yaml CreateConversationApi, RetrieveConversationApi,
 * ListConversationsApi, ClearConversationApi, CreateMessageApi, ListMessageApi, RetrieveMessageApi, ModifyMessageApi,
 * DeleteMessageApi): the store a chat writes into.
 */

/** What `conversations.messages.list` answers (the whole body: the list and its cursors). */
interface MessagePage {
  data: MessageData[];
  first_id: string;
  last_id: string;
  has_more: boolean;
}

export const conversationChecks = defineChecks('conversations', [
  {
    id: 'conversations.create-retrieve',
    title: 'conversations.create keeps its meta_data; conversations.retrieve answers the same conversation',
    source: '@coze/api Conversations.create, retrieve; coze-openapi.yaml CreateConversationApi, ConversationData',
    covers: ['conversation.calls'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const client = patClient(ctx);
      const created = await client.conversations.create({ bot_id: ctx.cred('bots').echo, meta_data: { case: 'conformance' } });
      expectNonEmptyString(created?.id, 'conversation id');
      assert.equal(typeof created.created_at, 'number', 'created_at is Unix seconds');
      const retrieved = await client.conversations.retrieve(created.id);
      assert.equal(retrieved.id, created.id);
      assert.deepEqual(retrieved.meta_data, { case: 'conformance' }, 'meta_data comes back as it was given');
    },
  },
  {
    id: 'conversations.list-and-clear',
    title: 'conversations.list({bot_id}) lists a new conversation with has_more; conversations.clear starts a new section',
    source: '@coze/api Conversations.list, clear; coze-openapi.yaml ListConversationsApi, ClearConversationApi',
    covers: ['conversation.calls'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const client = patClient(ctx);
      requireCall(ctx, client.conversations.list, 'conversations.list', 'added between 1.0.4 and 1.0.14');
      const bot = ctx.cred('bots').echo;
      const created = await client.conversations.create({ bot_id: bot });
      const listed = await client.conversations.list({ bot_id: bot, page_size: 50 });
      assert.ok(listed.conversations.some((c: { id: string }) => c.id === created.id), 'the new conversation is listed (newest first)');
      assert.equal(typeof listed.has_more, 'boolean', 'has_more is a boolean');
      const cleared = await client.conversations.clear(created.id);
      assert.equal(cleared.conversation_id, created.id, 'clear answers the conversation id');
      expectNonEmptyString(cleared.id, 'the new section id');
      assert.equal((await client.conversations.retrieve(created.id)).last_section_id, cleared.id, 'the conversation\'s last section is the new one');
    },
  },
  {
    id: 'conversations.chat-turns-listed',
    title: 'after a streamed chat in a conversation, messages.list holds both turns, the question and the answer, with cursors',
    source: '@coze/api Messages.list (the whole body); coze-openapi.yaml ListMessageApi; contract row message.list',
    covers: ['message.list', 'chat.create'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const client = patClient(ctx);
      const bot = ctx.cred('bots').echo;
      const conversation = await client.conversations.create({ bot_id: bot });
      const question = uniqueText('turn');
      const events = await collectEvents<SdkChatEvent>(client.chat.stream({ bot_id: bot, conversation_id: conversation.id, additional_messages: userQuestion(question) }));
      assert.equal(answerOf(events), question);
      const page = (await client.conversations.messages.list(conversation.id, { order: 'asc' })) as unknown as MessagePage;
      assert.deepEqual(page.data.map((m) => [m.role, m.type, m.content]), [['user', 'question', question], ['assistant', 'answer', question]], 'both turns, oldest first');
      assert.equal(page.has_more, false, 'has_more sits beside data');
      assert.equal(page.first_id, page.data[0]?.id, 'first_id names the first message listed');
      assert.equal(page.last_id, page.data[1]?.id, 'last_id names the last message listed');
      const newest = (await client.conversations.messages.list(conversation.id, { limit: 1 })) as unknown as MessagePage;
      assert.deepEqual([newest.data.length, newest.data[0]?.role, newest.has_more], [1, 'assistant', true], 'the default order is newest first, and limit pages');
    },
  },
  {
    id: 'conversations.message-calls',
    title: 'messages.create, retrieve, update (answered as message) and delete act on one message',
    source: '@coze/api Messages (update reads response.message); coze-openapi.yaml CreateMessageApi, ModifyMessageApi',
    covers: ['message.calls'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const client = patClient(ctx);
      const { id: conversationId } = await client.conversations.create({ bot_id: ctx.cred('bots').echo });
      const text = uniqueText('by hand');
      const created = await client.conversations.messages.create(conversationId, { role: 'user' as never, content: text, content_type: 'text', meta_data: { n: '1' } });
      expectNonEmptyString(created?.id, 'message id');
      assert.deepEqual([created.conversation_id, created.role, created.content], [conversationId, 'user', text]);
      assert.equal((await client.conversations.messages.retrieve(conversationId, created.id)).content, text, 'retrieve answers the message');
      const updated = await client.conversations.messages.update(conversationId, created.id, { content: 'changed', content_type: 'text' });
      assert.deepEqual([updated?.id, updated?.content], [created.id, 'changed'], 'update answers the changed message (as `message`)');
      const deleted = await client.conversations.messages.delete(conversationId, created.id);
      assert.equal(deleted?.id, created.id, 'delete answers the deleted message');
      const page = (await client.conversations.messages.list(conversationId)) as unknown as MessagePage;
      assert.ok(!page.data.some((m) => m.id === created.id), 'a deleted message is gone from the list');
    },
  },
  {
    id: 'conversations.object-string',
    title: 'an object_string message naming an uploaded file_id is kept; an unknown file_id gets a 4xx error',
    source: '@coze/api CreateMessageReq (object_string as a list); coze-openapi.yaml EnterMessage; contract row message.object-string',
    covers: ['message.object-string', 'file.calls'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const client = patClient(ctx);
      const { id: conversationId } = await client.conversations.create({ bot_id: ctx.cred('bots').echo });
      const file = await uploadText(ctx, 'notes.txt', 'what the file says');
      const items = [{ type: 'text', text: 'read this' }, { type: 'file', file_id: file.id }];
      // coze-js types the content of messages.create as the list itself (it sends it so); chats send a string.
      const created = await client.conversations.messages.create(conversationId, { role: 'user' as never, content: items as never, content_type: 'object_string', meta_data: {} });
      assert.equal(created.content_type, 'object_string');
      assert.deepEqual(JSON.parse(created.content), items, 'the content is kept as the JSON list Coze documents');
      let caught: unknown;
      const unknownFile = [{ type: 'file', file_id: '7000000000000000000' }];
      await client.conversations.messages
        .create(conversationId, { role: 'user' as never, content: unknownFile as never, content_type: 'object_string', meta_data: {} })
        .catch((error: unknown) => (caught = error));
      const status = (caught as { status?: number } | undefined)?.status ?? 0;
      assert.ok(status >= 400 && status < 500, `an unknown file_id is refused with a 4xx, got ${String(caught)}`);
    },
  },
]);
