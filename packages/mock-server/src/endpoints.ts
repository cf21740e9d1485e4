/**
 * Every path the mock serves, in one table (like navikt's `OAuth2Endpoints`): routes, pages, the control client, the
 * banner and the tests read them from here. Paths with `:name` are Hono route patterns.
 */
export const ENDPOINTS = {
  /** Browser: checks the request, then 302 to the consent page (oauth_code, oauth_pkce). */
  authorize: '/api/permission/oauth2/authorize',
  workspaceAuthorize: '/api/permission/oauth2/workspace_id/:workspace_id/authorize',
  /** The consent page (GET shows, POST decides). */
  consent: '/oauth/consent',
  /** Device codes (oauth_device_code). */
  deviceCode: '/api/permission/oauth2/device/code',
  workspaceDeviceCode: '/api/permission/oauth2/workspace_id/:workspace_id/device/code',
  /** The device verification page; `?user_code=` prefills. */
  deviceVerification: '/oauth/device',
  /** The token endpoint for every grant. */
  token: '/api/permission/oauth2/token',
  /** JWT exchange at account level (oauth_jwt_collaborate) and for enterprise apps. */
  accountToken: '/api/permission/oauth2/account/:account_id/token',
  enterpriseToken: '/api/permission/oauth2/enterprise_id/:enterprise_id/token',
  /** OpenAPI resources that prove a token works. */
  usersMe: '/v1/users/me',
  workspaces: '/v1/workspaces',
  bots: '/v1/bots',
  /** The older bots call, still the default of coze-py, coze-go and older coze-js (coze-openapi.yaml). */
  publishedBotsList: '/v1/space/published_bots_list',
  /** One bot's configuration (OpenGetBotInfo), and the older call for a published one (GetBotOnlineInfo). */
  bot: '/v1/bots/:bot_id',
  botOnlineInfo: '/v1/bot/get_online_info',
  /** Chat v3 (ChatV3, RetrieveChatOpen, ListChatMessageApi, CancelChatApi, SubmitToolOutputs). */
  chat: '/v3/chat',
  chatRetrieve: '/v3/chat/retrieve',
  chatMessages: '/v3/chat/message/list',
  chatCancel: '/v3/chat/cancel',
  chatSubmitToolOutputs: '/v3/chat/submit_tool_outputs',
  /** Conversations (CreateConversationApi, RetrieveConversationApi, ListConversationsApi, ClearConversationApi). */
  conversationCreate: '/v1/conversation/create',
  conversationRetrieve: '/v1/conversation/retrieve',
  conversations: '/v1/conversations',
  conversationClear: '/v1/conversations/:conversation_id/clear',
  /** Messages of a conversation (CreateMessageApi, ListMessageApi, RetrieveMessageApi, ModifyMessageApi, DeleteMessageApi). */
  messageCreate: '/v1/conversation/message/create',
  messageList: '/v1/conversation/message/list',
  messageRetrieve: '/v1/conversation/message/retrieve',
  messageModify: '/v1/conversation/message/modify',
  messageDelete: '/v1/conversation/message/delete',
  /** Files (UploadFileOpen, RetrieveFileOpen). */
  filesUpload: '/v1/files/upload',
  filesRetrieve: '/v1/files/retrieve',
  /** Workflows (resources/workflows): run, stream, resume a stream, read a run's history. */
  workflowRun: '/v1/workflow/run',
  workflowStreamRun: '/v1/workflow/stream_run',
  workflowStreamResume: '/v1/workflow/stream_resume',
  workflowRunHistory: '/v1/workflows/:workflow_id/run_histories/:execute_id',
  /** A workflow as a chat flow (OpenAPIChatFlowRun): chat events, resources/chat. */
  workflowChat: '/v1/workflows/chat',
  /** The control API for tests, and the landing page. */
  control: '/__mock',
  home: '/',
} as const;

/** Where the consent and device pages live: their form cookie is scoped to it. */
export const PAGES_PREFIX = '/oauth';

/** Prefix of every OAuth endpoint (CORS, error shape). */
export const OAUTH_PREFIX = '/api/permission/oauth2/';

/**
 * Whether a path belongs to Coze's OpenAPI (`/v1/…`, `/v3/…`, `/open_api/…`), whose errors use the
 * `{code, msg, detail}` envelope instead of the OAuth error shape.
 *
 * @example
 * isOpenApiPath('/v3/chat'); // true
 * isOpenApiPath('/api/permission/oauth2/token'); // false
 */
export function isOpenApiPath(path: string): boolean {
  return /^\/(?:v\d+|open_api)\//.test(path);
}

/** Whether a path is the control API (never faulted, never journaled, loopback only). */
export function isControlPath(path: string): boolean {
  return path === ENDPOINTS.control || path.startsWith(`${ENDPOINTS.control}/`);
}
