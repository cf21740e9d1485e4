/**
 * The behaviour rows of the wire contract (`CONTRACT.md` in the shared folder), one id per promise, so every check can
 * say which rows it guards and a test can prove that no row is left without a check.
 * Section names are CONTRACT.md's headings; `promise` restates the row in a few words (see the contract for detail).
 */
export const CONTRACT_ROWS = {
  'hosts.same-origin-authorize': { section: 'Hosts and paths', promise: 'with a loopback base URL the SDK keeps the host, so authorize is served on the token endpoint\'s origin' },
  'hosts.json-bodies': { section: 'Hosts and paths', promise: 'request bodies are JSON, never form-encoded' },
  'hosts.unknown-and-null-fields': { section: 'Hosts and paths', promise: 'unknown and null body fields are ignored' },
  'hosts.endpoint-paths': { section: 'Hosts and paths', promise: 'authorize, device code, token, account and enterprise JWT paths as tabled' },
  'hosts.no-revoke': { section: 'Hosts and paths', promise: 'there is no revoke or introspect endpoint' },
  'authorize.query': { section: 'Authorize', promise: 'response_type=code, client_id, exact redirect_uri, state may be empty or missing, PKCE parameters' },
  'authorize.redirect-with-code': { section: 'Authorize', promise: 'after consent the browser goes to redirect_uri?code=code_…&state=…' },
  'authorize.deny-and-bad-client': { section: 'Authorize', promise: 'deny redirects with error=access_denied; bad client or unregistered redirect_uri never redirect' },
  'authorize.code-single-use': { section: 'Authorize', promise: 'codes are single use and live about 5 minutes' },
  'authorize.verifier-length': { section: 'Authorize', promise: 'the RFC 7636 verifier length is not enforced' },
  'authorize.sdk-challenge-always-s256': { section: 'Authorize', promise: 'the JS SDK computes an S256 challenge even when told plain' },
  'token.reply-shape': { section: 'Token endpoint', promise: 'replies carry access_token, expires_in and (user grants) refresh_token' },
  'token.expires-in-absolute': { section: 'Token endpoint', promise: 'expires_in of a token reply is an absolute Unix time in seconds' },
  'token.logid-header': { section: 'Token endpoint', promise: 'every reply carries X-Tt-Logid' },
  'token.web-secret-in-header': { section: 'Token endpoint', promise: 'web apps send Bearer <client_secret>; the secret is checked' },
  'token.pkce-public-client': { section: 'Token endpoint', promise: 'PKCE sends no secret (empty Bearer) and a code_verifier that is checked' },
  'token.refresh-rotates': { section: 'Token endpoint', promise: 'refresh rotates: the old refresh token dies on success' },
  'token.device-grant': { section: 'Token endpoint', promise: 'the device_code grant with an empty Bearer' },
  'token.jwt-grant': { section: 'Token endpoint', promise: 'jwt-bearer: duration_seconds default 900, max 86399, scope, no refresh token' },
  'token.lifetimes': { section: 'Token endpoint', promise: 'access token 15 min, refresh token 30 days, JWT token duration_seconds' },
  'token.formats': { section: 'Token endpoint', promise: 'czu_ user tokens, czs_ JWT tokens, code_ codes, pat_ PATs' },
  'device.code-reply': { section: 'Device flow', promise: 'device code reply with relative expires_in (300) and interval (5), user_code like WDJB-MJHT' },
  'device.polling-errors': { section: 'Device flow', promise: 'authorization_pending, slow_down, access_denied, expired_token' },
  'device.sdk-polling': { section: 'Device flow', promise: 'poll:true sleeps 5 s, +5 s per slow_down, ends only on success, access_denied or expired_token' },
  'device.error-needs-status-and-field': { section: 'Device flow', promise: 'the SDK sees a polling error only with a non-2xx status and an `error` field' },
  'jwt.header': { section: 'JWT flow', promise: 'RS256 with the kid of a registered key' },
  'jwt.claims': { section: 'JWT flow', promise: 'iss, aud, iat, exp, single-use jti, optional session_name' },
  'jwt.sdk-exp-one-hour': { section: 'JWT flow', promise: 'the JS SDK signs exp = iat + 3600 whatever duration_seconds is' },
  'jwt.error-messages': { section: 'JWT flow', promise: 'bad JWTs are refused (kid not registered, empty JWT)' },
  'errors.documented-values': { section: 'Errors of the auth endpoints', promise: 'invalid_request, invalid_client, unsupported_grant_type, access_deny, internal_error' },
  'errors.both-shapes-4xx': { section: 'Errors of the auth endpoints', promise: '4xx with error_code/error_message and error/error_description; 400 request errors, 401 bad credentials' },
  'errors.logid-for-sdk': { section: 'Errors of the auth endpoints', promise: 'APIError takes its logid from the X-Tt-Logid header' },
  'openapi.envelope': { section: 'Resource endpoints', promise: '{code:0,msg,data,detail:{logid}} with Content-Type application/json' },
  'openapi.auth-errors': { section: 'Resource endpoints', promise: 'bad token 401/4100 (AuthenticationError), missing permission 403/4101 (PermissionDeniedError)' },
  'openapi.token-proof-calls': { section: 'Resource endpoints', promise: 'users.me, workspaces.list and bots prove a token works' },
  'openapi.workspace-scope': { section: 'Resource endpoints', promise: 'a workspace-limited token sees only that workspace' },
  'sdk.node-environment': { section: 'SDK facts the tests must respect', promise: 'in Node a pat_ token works without browser flags' },
  'sdk.user-agent': { section: 'SDK facts the tests must respect', promise: 'the SDK sends User-Agent coze-js/<ver> and X-Coze-Client-User-Agent' },
  'sdk.version-differences': { section: 'SDK facts the tests must respect', promise: 'known differences between published SDK versions (pnpm contract)' },
} as const satisfies Record<string, { section: string; promise: string }>;

/** The id of one behaviour row of CONTRACT.md. */
export type ContractRow = keyof typeof CONTRACT_ROWS;
