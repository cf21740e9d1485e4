/**
 * What coze-py, coze-go and coze-java put on the wire and how they read replies, read from their sources (only the JS
 * SDK installs here, so the replays re-enact these requests with raw HTTP). One row per SDK; each fact names the file.
 */

/** The bot-chat scope every SDK's helper builds (`build_bot_chat` / `BuildBotChat` / `buildBotChat`). */
export type ScopeShape = 'bot-chat' | 'go-null-account-permission' | 'go-workspace-permission';

export interface SdkProfile {
  /** `py`, `go` or `java`: the check id segment. */
  id: 'py' | 'go' | 'java';
  name: string;
  /** The files (in their repositories) the facts below come from. */
  sources: { jwt: string; device: string; errors: string; scope: string };
  /** `aud` the SDK signs: the API base URL's host with port (`netloc`, `URL.Host`) or without (`URL.getHost()`). */
  aud: 'host:port' | 'host';
  /** `exp - iat` the SDK signs: coze-py always 3600; coze-go and coze-java the requested ttl. */
  jwtLifetime: 'fixed-3600' | 'ttl';
  /** The SDK's default `duration_seconds`. */
  defaultTtl: number;
  /** `jti`: random hex of this length. */
  jtiHexLength: number;
  /** The JWT request body besides `grant_type` and `duration_seconds`, when no scope is given. */
  extraJwtBody: Record<string, unknown>;
  /** The Authorization header of a device-token poll (none: no header at all). */
  devicePollAuthorization?: string;
  /** The polling cap: the interval grows by 5 s per slow_down while below it. */
  pollCapSeconds: number;
  /** An empty `state` is sent as `state=` (py) or left out of the authorize URL (go). */
  emptyState: 'sent-empty' | 'omitted';
}

export const SDK_PROFILES: readonly SdkProfile[] = [
  {
    id: 'py',
    name: 'coze-py',
    sources: {
      jwt: 'coze-py cozepy/auth/__init__.py (OAuthApp._gen_jwt, JWTOAuthApp.get_access_token)',
      device: 'coze-py cozepy/auth/__init__.py (DeviceOAuthApp.get_access_token: interval 5, +5 while < 30)',
      errors: 'coze-py cozepy/request.py (auth errors keyed on error_code)',
      scope: 'coze-py cozepy/auth/__init__.py (Scope.build_bot_chat, model_dump: null members)',
    },
    aud: 'host:port',
    jwtLifetime: 'fixed-3600',
    defaultTtl: 900,
    jtiHexLength: 16,
    // `"scope": scope.model_dump() if scope else None` → an explicit null.
    extraJwtBody: { scope: null },
    pollCapSeconds: 30,
    emptyState: 'sent-empty',
  },
  {
    id: 'go',
    name: 'coze-go',
    sources: {
      jwt: 'coze-go auth.go (JWTOAuthClient.generateJWT, GetAccessToken, getAccessTokenReq)',
      device: 'coze-go auth.go (DeviceOAuthClient.GetAccessToken: interval 5, +5 while < 30)',
      errors: 'coze-go auth.go / request.go (AsAuthError: error_code)',
      scope: 'coze-go auth.go (Scope: account_permission without omitempty, workspace_permission; BuildBotChat)',
    },
    aud: 'host:port',
    jwtLifetime: 'ttl',
    defaultTtl: 900,
    jtiHexLength: 16,
    // getAccessTokenReq always carries client_id; omitempty drops the rest.
    extraJwtBody: {},
    pollCapSeconds: 30,
    emptyState: 'omitted',
  },
  {
    id: 'java',
    name: 'coze-java',
    sources: {
      jwt: 'coze-java api/src/main/java/com/coze/openapi/service/auth/JWTOAuthClient.java (generateJWT: aud = URL.getHost())',
      device: 'coze-java api/src/main/java/com/coze/openapi/service/auth/DeviceOAuthClient.java (interval 5, +5 while < 30)',
      errors: 'coze-java api/src/main/java/com/coze/openapi/client/exception/CozeError.java (error_code, error_message, error)',
      scope: 'coze-java api/src/main/java/com/coze/openapi/client/auth/scope/Scope.java (buildBotChat)',
    },
    aud: 'host',
    jwtLifetime: 'ttl',
    defaultTtl: 900,
    jtiHexLength: 16,
    extraJwtBody: {},
    pollCapSeconds: 30,
    emptyState: 'sent-empty',
  },
];

/**
 * The `aud` an SDK signs for a base URL.
 *
 * @example
 * audFor(SDK_PROFILES[2], 'http://127.0.0.1:8787'); // '127.0.0.1'
 */
export const audFor = (profile: SdkProfile, baseURL: string): string =>
  profile.aud === 'host' ? new URL(baseURL).hostname : new URL(baseURL).host;

/**
 * The body of an SDK's JWT token request.
 *
 * @example
 * jwtBodyFor(goProfile, 'go-app-id', 900); // { client_id: 'go-app-id', duration_seconds: 900 }
 */
export function jwtBodyFor(profile: SdkProfile, appId: string, ttl: number, scope?: unknown): Record<string, unknown> {
  const base = profile.id === 'go' ? { client_id: appId } : {};
  return { ...base, ...profile.extraJwtBody, duration_seconds: ttl, ...(scope === undefined ? {} : { scope }) };
}

/**
 * A scope as the SDKs build it. `bot-chat`: `build_bot_chat([bot])`; the Go shapes keep `account_permission: null`
 * (no omitempty) beside an attribute constraint or a `workspace_permission`.
 *
 * @example
 * scopeOf('bot-chat', ['7380…']);
 */
export function scopeOf(shape: ScopeShape, botIds: string[], workspaceIds: string[] = []): Record<string, unknown> {
  const botChat = { connector_bot_chat_attribute: { bot_id_list: botIds } };
  if (shape === 'bot-chat') {
    return { account_permission: { permission_list: ['Connector.botChat'] }, attribute_constraint: botChat };
  }
  if (shape === 'go-null-account-permission') return { account_permission: null, attribute_constraint: botChat };
  return { account_permission: null, workspace_permission: { workspace_id_list: workspaceIds, permission_list: ['listWorkspace'] } };
}
