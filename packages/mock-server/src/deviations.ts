/**
 * Switchable departures from the Coze contract. They exist to prove that the conformance suites can fail: a suite run
 * against a mock with a deviation switched on must report exactly the checks that guard that promise. Never switch
 * one on to make your own tests pass.
 */
export const DEVIATIONS = {
  'expires-in-as-duration': 'token replies carry expires_in as seconds from now instead of an absolute Unix time',
  'errors-without-error-field': 'OAuth errors carry only error_code/error_message, not error/error_description',
  'pending-with-200': 'device polling answers authorization_pending with HTTP 200 instead of 400',
  'refresh-without-rotation': 'a refresh token stays valid after it was used',
  'jti-not-enforced': 'the same JWT can be exchanged more than once',
  'code-reusable': 'an authorization code can be exchanged more than once',
  'pkce-not-verified': 'code_verifier is not checked against code_challenge',
  'redirect-uri-prefix-match': 'redirect_uri is accepted when it merely starts with a registered one',
  'no-slow-down': 'device polling never answers slow_down',
  'device-code-never-expires': 'device codes never expire',
  'no-logid-header': 'replies lack the X-Tt-Logid header',
  'workspace-scope-ignored': 'workspace-scoped tokens see every workspace',
  'secret-not-checked': 'the web app client secret is not checked',
  'state-not-echoed': 'the redirect after consent (approve or deny) drops state',
  'device-expires-in-absolute': 'the device code reply carries expires_in as an absolute Unix time instead of seconds',
  'jwt-scope-for-every-app': 'a JWT scope narrows (or refuses) the token of every JWT app, not only of channel apps',
  'channel-bot-list-ignored': 'a channel token\'s bot_id_list is neither checked against the channel nor enforced',
  'jwt-typ-not-checked': 'a JWT without the header typ "JWT" is accepted',
  'slow-down-unbounded': 'each slow_down adds 5 s to the polling interval without the 30 s cap the SDKs poll at',
  'unimplemented-before-auth': 'Coze endpoints the mock does not implement answer 404 before any token check',
  'workspace-filters-ignored': 'GET /v1/workspaces ignores enterprise_id, user_id and coze_account_id',
  'no-published-bots-list': 'GET /v1/space/published_bots_list (the Python and Go SDKs\' default bots call) is missing',
  'chat-delta-misnamed': 'chat streams send the answer\'s pieces as message.delta instead of conversation.message.delta',
  'chat-stream-without-done': 'chat streams end after the last chat event, without the done event',
  'chat-delta-data-not-json': 'the data of conversation.message.delta is the bare text piece, not the message as JSON',
  'chat-bare-envelope': 'POST /v3/chat (stream: false) and /v3/chat/retrieve answer the chat itself, without the {code, msg, data} envelope',
  'chat-stream-event-ids': 'chat events carry an id: line, as workflow events do (coze-py\'s reader refuses it)',
  'workflow-id-after-data': 'workflow events put their id: line after data:, as Hono\'s streamSSE writes it (coze-go and coze-java misread it)',
  'workflow-run-data-object': 'POST /v1/workflow/run answers the output in data as a JSON object instead of a string holding it',
} as const;

export type Deviation = keyof typeof DEVIATIONS;

/** Type guard for deviation names coming from options or the control API. */
export const isDeviation = (name: string): name is Deviation => Object.hasOwn(DEVIATIONS, name);
