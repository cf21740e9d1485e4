import { Hono, type Context } from 'hono';
import * as z from 'zod';
import type { MockContext, MockEnv } from '../../context.js';
import { ENDPOINTS } from '../../endpoints.js';
import { openApiErrors } from '../../errors.js';
import { openApiReply } from '../../http.js';
import { messageView } from '../conversations/content.js';
import { ownConversation } from '../conversations/routes.js';
import type { ConversationRecord, MessageRecord } from '../conversations/store.js';
import { chatCaller, type Caller } from '../shared/access.js';
import { chatReply } from '../shared/wire-deviations.js';
import { parseQuery, readApiBody } from '../request.js';
import { chatView, type ChatRecord } from './record.js';
import { startChat } from './start.js';
import { afterToolsSteps } from './steps.js';
import { streamRun } from './stream.js';
import { workflowChat } from './workflow-chat.js';
import { once } from '../shared/once.js';

/**
 * Chat v3 (coze-openapi.yaml ChatV3, RetrieveChatOpen, ListChatMessageApi, CancelChatApi, SubmitToolOutputs), behind
 * the `chat` permission (or a channel token's `Connector.botChat`). `retrieve` answers GET, as documented, and POST,
 * which is what coze-js sends. `POST /v1/workflows/chat` runs a fixture workflow as a chat flow (workflow-chat.ts).
 */

const ids = once(() => z.object({ conversation_id: z.string().min(1, 'required').max(64), chat_id: z.string().min(1, 'required').max(64) }));

const submitBody = once(() =>
  z.object({
    tool_outputs: z.array(z.object({ tool_call_id: z.string().min(1).max(64), output: z.string() })).min(1).max(16),
    stream: z.boolean().default(false),
  }),
);

/** The caller's chat named by `conversation_id` and `chat_id` (query, or the body for cancel), or 404 code 4200. */
function ownChat(mock: MockContext, caller: Caller, named: z.infer<ReturnType<typeof ids>>): { chat: ChatRecord; conversation: ConversationRecord } {
  const conversation = ownConversation(mock, caller, named.conversation_id);
  const chat = mock.store.resources.chats.find(conversation, named.chat_id);
  if (!chat) throw openApiErrors.notFound(`chat ${named.chat_id}`);
  return { chat, conversation };
}

function retrieveChat(c: Context<MockEnv>, mock: MockContext) {
  const { chat, conversation } = ownChat(mock, chatCaller(c, mock), parseQuery(c, ids()));
  mock.store.resources.chats.retrieved(chat, conversation);
  return chatReply(c, mock, chatView(chat));
}

function chatMessages(c: Context<MockEnv>, mock: MockContext) {
  const { chat, conversation } = ownChat(mock, chatCaller(c, mock), parseQuery(c, ids()));
  const { chats, conversations } = mock.store.resources;
  chats.settle(conversation);
  const messages = chat.messageIds.map((id) => conversations.messages.get(id)).filter((m): m is MessageRecord => m !== undefined);
  return openApiReply(c, messages.map(messageView));
}

async function submitToolOutputs(c: Context<MockEnv>, mock: MockContext) {
  const { chat, conversation } = ownChat(mock, chatCaller(c, mock), parseQuery(c, ids()));
  const body = await readApiBody(c, mock, submitBody());
  const { chats, conversations } = mock.store.resources;
  chats.settle(conversation);
  const run = chats.runOf(chat);
  const calls = chat.toolCalls;
  if (chat.status !== 'requires_action' || !run || !calls) throw openApiErrors.invalidParameter('chat_id', `the chat is ${chat.status}, not waiting for tool outputs`);
  const unknown = body.tool_outputs.find((output) => !calls.some((call) => call.id === output.tool_call_id));
  if (unknown) throw openApiErrors.invalidParameter('tool_outputs', `no tool call ${unknown.tool_call_id} in this chat`);
  const missing = calls.find((call) => !body.tool_outputs.some((output) => output.tool_call_id === call.id));
  if (missing) throw openApiErrors.invalidParameter('tool_outputs', `tool call ${missing.id} has no output`);
  // The tool responses, the answer, its end marker and the follow-ups.
  conversations.reserve(calls.length + 2 + run.plan.followUps.length);

  const outputs = calls.map((call) => body.tool_outputs.find((output) => output.tool_call_id === call.id)?.output ?? '');
  const settings = mock.options.chat;
  run.steps = afterToolsSteps(chats.stepContext(chat, conversation), run.plan, outputs);
  run.next = 0;
  run.retrievals = 0;
  run.retrievalsNeeded = settings.completeAfterRetrievals;
  run.dueAtMs = mock.clock.now() + settings.completeAfterMs;
  if (body.stream) return streamRun(c, chats, run);
  chats.applyNext(run);
  return openApiReply(c, chatView(chat));
}

/**
 * @example
 * app.route('/', createChatRoutes(mock));
 */
export function createChatRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .post(ENDPOINTS.chat, (c) => startChat(c, mock))
    .get(ENDPOINTS.chatRetrieve, (c) => retrieveChat(c, mock))
    .post(ENDPOINTS.chatRetrieve, (c) => retrieveChat(c, mock))
    .get(ENDPOINTS.chatMessages, (c) => chatMessages(c, mock))
    .post(ENDPOINTS.chatCancel, async (c) => {
      const caller = chatCaller(c, mock);
      const { chat, conversation } = ownChat(mock, caller, await readApiBody(c, mock, ids()));
      mock.store.resources.chats.cancel(chat, conversation);
      return openApiReply(c, chatView(chat));
    })
    .post(ENDPOINTS.chatSubmitToolOutputs, (c) => submitToolOutputs(c, mock))
    .post(ENDPOINTS.workflowChat, (c) => workflowChat(c, mock));
}
