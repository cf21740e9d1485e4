import type { SdkProfile } from './profiles.js';

/**
 * What coze-py, coze-go and coze-java send to the chat and workflow endpoints and how they read the replies, read from
 * their sources (docs/contract.md#replay.chat-requests, #replay.stream-readers, #replay.workflow-requests). One row
 * per SDK; each fact names the file it comes from.
 */

/** The JSON type a field must have where it is present, as the SDK's model declares it. */
export type JsonType = 'string' | 'integer' | 'boolean' | 'object';

export interface ChatProfile {
  id: SdkProfile['id'];
  name: string;
  sources: { chat: string; poll: string; streams: string; workflows: string };
  /**
   * `conversation_id` in the query of `POST /v3/chat`: coze-py (httpx turns `None` into an empty value) and coze-go
   * (a `query` tag on a plain string) send it empty when there is none; coze-java (retrofit drops a null `@Query`)
   * leaves it out.
   */
  emptyConversationQuery: boolean;
  /** One user question in `additional_messages`, as the SDK's message model serialises it. */
  question(text: string): Record<string, unknown>;
  /** Members the SDK adds to the `/v3/chat` body besides bot_id, user_id, stream and additional_messages. */
  extraChatBody: Record<string, unknown>;
  /** How `retrieve` is sent while polling. */
  retrieveMethod: 'GET' | 'POST';
  /** The statuses the SDK's create-and-poll keeps polling on. */
  pollsWhile: (status: string) => boolean;
  /** How it splits a stream into events (sse-readers.ts). */
  reader: 'by-field' | 'by-position';
  /** Whether it stops reading a chat stream at `done` (and `error`). */
  stopsAtDone: boolean;
  /** Message and chat members its models require (coze-py's pydantic models); the others are optional everywhere. */
  required: { message: readonly string[]; chat: readonly string[] };
  /** The body of `POST /v1/workflow/run`. */
  runBody(workflowId: string, parameters: Record<string, unknown>): Record<string, unknown>;
  /** Whether it JSON-parses the data of a workflow `Done` (as `{debug_url}`). */
  parsesWorkflowDone: boolean;
}

/** The message members every SDK's models type (coze-py `Message`, coze-go `Message`, coze-java `Message`). */
export const MESSAGE_TYPES: Record<string, JsonType> = {
  id: 'string',
  conversation_id: 'string',
  bot_id: 'string',
  chat_id: 'string',
  section_id: 'string',
  role: 'string',
  type: 'string',
  content: 'string',
  content_type: 'string',
  created_at: 'integer',
  updated_at: 'integer',
  meta_data: 'object',
};

/** The chat members every SDK's models type (coze-py `Chat`, coze-go `Chat`, coze-java `Chat`). */
export const CHAT_TYPES: Record<string, JsonType> = {
  id: 'string',
  conversation_id: 'string',
  bot_id: 'string',
  status: 'string',
  created_at: 'integer',
  completed_at: 'integer',
  failed_at: 'integer',
  last_error: 'object',
  usage: 'object',
  required_action: 'object',
  meta_data: 'object',
};

/** A workflow `Message` (coze-py `WorkflowEventMessage`; coze-go and coze-java type `node_seq_id` as a string too). */
export const WORKFLOW_MESSAGE_TYPES: Record<string, JsonType> = { content: 'string', node_title: 'string', node_seq_id: 'string', node_is_finish: 'boolean', usage: 'object', ext: 'object' };

export const CHAT_PROFILES: readonly ChatProfile[] = [
  {
    id: 'py',
    name: 'coze-py',
    sources: {
      chat: 'coze-py cozepy/chat/__init__.py (ChatClient._create: params conversation_id, body via remove_none_values, Message.model_dump)',
      poll: 'coze-py cozepy/chat/__init__.py (create_and_poll: retrieve by POST while in_progress, then chat messages list)',
      streams: 'coze-py cozepy/model.py (Stream._extra_event: fields read once each), cozepy/chat/__init__.py (_chat_stream_handler), cozepy/workflows/runs/__init__.py (_workflow_stream_handler)',
      workflows: 'coze-py cozepy/workflows/runs/__init__.py (create: is_async always sent; WorkflowRunResult), cozepy/request.py (a reply with debug_url is read whole)',
    },
    emptyConversationQuery: true,
    // model_dump() without exclude_none: every unset member goes out as null.
    question: (text) => ({
      role: 'user',
      type: 'question',
      content: text,
      content_type: 'text',
      meta_data: null,
      id: null,
      conversation_id: null,
      section_id: null,
      bot_id: null,
      chat_id: null,
      created_at: null,
      updated_at: null,
      reasoning_content: null,
    }),
    extraChatBody: { auto_save_history: true },
    retrieveMethod: 'POST',
    pollsWhile: (status) => status === 'in_progress',
    reader: 'by-field',
    stopsAtDone: false,
    required: { message: ['role', 'content', 'content_type'], chat: ['id', 'conversation_id'] },
    runBody: (workflowId, parameters) => ({ workflow_id: workflowId, parameters, is_async: false }),
    parsesWorkflowDone: false,
  },
  {
    id: 'go',
    name: 'coze-go',
    sources: {
      chat: 'coze-go chats.go (CreateChatsReq: conversation_id query tag, connector_id without omitempty), common.go (Message: every member but meta_data without omitempty)',
      poll: 'coze-go chats.go (CreateAndPoll: GET retrieve every second until completed, then chat messages list)',
      streams: 'coze-go stream_reader.go, chats.go (parseChatEvent, doParseChatEvent), workflows_runs.go (parseWorkflowEvent, parseWorkflowEventDone)',
      workflows: 'coze-go workflows_runs.go (RunWorkflowsReq with omitempty), workflows_runs_histories.go (RunWorkflowsResp.Data string)',
    },
    emptyConversationQuery: true,
    question: (text) => ({
      role: 'user',
      type: 'question',
      content: text,
      reasoning_content: '',
      content_type: 'text',
      id: '',
      conversation_id: '',
      section_id: '',
      bot_id: '',
      chat_id: '',
      created_at: 0,
      updated_at: 0,
    }),
    extraChatBody: { connector_id: '' },
    retrieveMethod: 'GET',
    pollsWhile: (status) => status !== 'completed',
    reader: 'by-position',
    stopsAtDone: false,
    required: { message: [], chat: [] },
    runBody: (workflowId, parameters) => ({ workflow_id: workflowId, parameters }),
    parsesWorkflowDone: true,
  },
  {
    id: 'java',
    name: 'coze-java',
    sources: {
      chat: 'coze-java api/src/main/java/com/coze/openapi/api/ChatAPI.java (@Query conversation_id), client/chat/CreateChatReq.java (NON_NULL members)',
      poll: 'coze-java api/src/main/java/com/coze/openapi/service/service/chat/ChatService.java (_createAndPoll: GET retrieve every second while in_progress)',
      streams: 'coze-java service/service/common/ChatEventCallback.java, AbstractEventCallback.java, service/service/workflow/EventCallback.java, client/workflows/run/model/WorkflowEvent.java',
      workflows: 'coze-java api/src/main/java/com/coze/openapi/client/workflows/run/RunWorkflowReq.java, RunWorkflowResp.java (data: String)',
    },
    emptyConversationQuery: false,
    question: (text) => ({ role: 'user', type: 'question', content: text, content_type: 'text' }),
    extraChatBody: {},
    retrieveMethod: 'GET',
    pollsWhile: (status) => status === 'in_progress',
    reader: 'by-position',
    stopsAtDone: true,
    required: { message: [], chat: [] },
    runBody: (workflowId, parameters) => ({ workflow_id: workflowId, parameters }),
    parsesWorkflowDone: true,
  },
];
