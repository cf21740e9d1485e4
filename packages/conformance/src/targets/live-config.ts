import { existsSync, readFileSync } from 'node:fs';
import type { CredentialKind, Credentials } from './target.js';

/**
 * Reads the `live` target's settings from environment variables only (never from files in the repository), and says
 * for each credential which variables are missing.
 */

/** The environment variables the live target reads. */
export const LIVE_ENV = {
  COZE_LIVE: 'must be 1: live runs are opt-in',
  COZE_BASE_URL: 'API base URL, https://api.coze.cn (default) or https://api.coze.com',
  COZE_API_TOKEN: 'a personal access token (pat_…)',
  COZE_JWT_APP_ID: 'service (JWT) app id',
  COZE_JWT_KEY_ID: 'public key fingerprint (kid) of that app',
  COZE_JWT_PRIVATE_KEY_FILE: 'path to the PEM private key of that key',
  COZE_JWT_AUD: 'JWT aud (default: the host of COZE_BASE_URL)',
  COZE_CHANNEL_APP_ID: 'channel app id (oauth_jwt_channel): a service app whose scope narrows its tokens',
  COZE_CHANNEL_KEY_ID: 'public key fingerprint (kid) of the channel app',
  COZE_CHANNEL_PRIVATE_KEY_FILE: 'path to the PEM private key of that key',
  COZE_CHANNEL_BOT_ID: 'bots published to the channel, comma-separated (for bot_id_list; two for every channel check)',
  COZE_USER_ID: 'your Coze user id (UID): the owner of your personal workspace, an account_id of the account path',
  COZE_WEB_CLIENT_ID: 'web app client id',
  COZE_WEB_CLIENT_SECRET: 'web app client secret',
  COZE_WEB_REDIRECT_URI: 'registered redirect URI on this machine (default http://127.0.0.1:8080/callback)',
  COZE_PKCE_CLIENT_ID: 'PKCE app client id',
  COZE_PKCE_REDIRECT_URI: 'registered redirect URI of the PKCE app (default: COZE_WEB_REDIRECT_URI)',
  COZE_DEVICE_CLIENT_ID: 'device app client id',
  COZE_REFRESH_TOKEN: 'a refresh token to spend (it rotates: it is dead after one run)',
  COZE_REFRESH_TOKEN_FILE: 'a file holding a refresh token; the rotated one is written back after each run',
  COZE_REFRESH_CLIENT_ID: 'client id the refresh token belongs to (default COZE_WEB_CLIENT_ID)',
  COZE_REFRESH_CLIENT_SECRET: 'its secret, for a web app (default COZE_WEB_CLIENT_SECRET when the client is the web app)',
  COZE_ACCOUNT_ID: 'account (organisation) id for the JWT account path',
  COZE_ENTERPRISE_ID: 'enterprise id for the JWT enterprise path',
  COZE_WORKSPACE_ID: 'a workspace id for the workspace variants of authorize and device code',
  COZE_LIVE_INTERACTIVE: '1 to run the flows that need a person (web, PKCE, device)',
} as const;

/** The live target's settings, plus why each credential is missing. */
export interface LiveConfig {
  /** Whether COZE_LIVE=1. */
  enabled: boolean;
  interactive: boolean;
  baseURL: string;
  credentials: Credentials;
  refresh?: { clientId: string; clientSecret?: string; token: string; file?: string };
  /** Missing credential → the variables to set. */
  missing: Partial<Record<CredentialKind, string>>;
}

type Env = Record<string, string | undefined>;

const notSet = (names: string[]) => `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} not set`;

/** Returns the named values, or records which of them are missing under `kind`. */
function pick<K extends string>(env: Env, names: K[], kind: CredentialKind, missing: LiveConfig['missing']): Record<K, string> | undefined {
  const absent = names.filter((name) => !env[name]);
  if (absent.length) {
    missing[kind] = notSet(absent);
    return undefined;
  }
  return Object.fromEntries(names.map((name) => [name, env[name] as string])) as Record<K, string>;
}

function readRefresh(env: Env, missing: LiveConfig['missing']): LiveConfig['refresh'] {
  const file = env.COZE_REFRESH_TOKEN_FILE;
  const token = env.COZE_REFRESH_TOKEN ?? (file && existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  const clientId = env.COZE_REFRESH_CLIENT_ID ?? env.COZE_WEB_CLIENT_ID;
  if (!token || !clientId) {
    missing.refreshToken = token ? notSet(['COZE_REFRESH_CLIENT_ID']) : notSet(['COZE_REFRESH_TOKEN (or COZE_REFRESH_TOKEN_FILE)']);
    return undefined;
  }
  const secret = env.COZE_REFRESH_CLIENT_SECRET ?? (clientId === env.COZE_WEB_CLIENT_ID ? env.COZE_WEB_CLIENT_SECRET : undefined);
  return { clientId, token, ...(secret ? { clientSecret: secret } : {}), ...(file ? { file } : {}) };
}

/**
 * Reads the live configuration from `env`.
 *
 * @example
 * const config = readLiveConfig(process.env);
 * config.missing.jwt; // 'COZE_JWT_APP_ID, COZE_JWT_KEY_ID, COZE_JWT_PRIVATE_KEY_FILE are not set'
 */
export function readLiveConfig(env: Env): LiveConfig {
  const missing: LiveConfig['missing'] = {};
  const baseURL = (env.COZE_BASE_URL || 'https://api.coze.cn').replace(/\/+$/, '');
  const credentials: Credentials = {};
  const redirectUri = env.COZE_WEB_REDIRECT_URI || 'http://127.0.0.1:8080/callback';

  const pat = pick(env, ['COZE_API_TOKEN'], 'pat', missing);
  if (pat) credentials.pat = pat.COZE_API_TOKEN;
  const jwt = pick(env, ['COZE_JWT_APP_ID', 'COZE_JWT_KEY_ID', 'COZE_JWT_PRIVATE_KEY_FILE'], 'jwt', missing);
  if (jwt) {
    const file = jwt.COZE_JWT_PRIVATE_KEY_FILE;
    if (!existsSync(file)) missing.jwt = `COZE_JWT_PRIVATE_KEY_FILE=${file} does not exist`;
    else {
      const aud = env.COZE_JWT_AUD || new URL(baseURL).host;
      credentials.jwt = { appId: jwt.COZE_JWT_APP_ID, keyId: jwt.COZE_JWT_KEY_ID, privateKey: readFileSync(file, 'utf8'), aud };
    }
  }
  const channel = pick(env, ['COZE_CHANNEL_APP_ID', 'COZE_CHANNEL_KEY_ID', 'COZE_CHANNEL_PRIVATE_KEY_FILE', 'COZE_CHANNEL_BOT_ID'], 'channel', missing);
  if (channel) {
    const file = channel.COZE_CHANNEL_PRIVATE_KEY_FILE;
    if (!existsSync(file)) missing.channel = `COZE_CHANNEL_PRIVATE_KEY_FILE=${file} does not exist`;
    else {
      const aud = env.COZE_JWT_AUD || new URL(baseURL).host;
      credentials.channel = {
        appId: channel.COZE_CHANNEL_APP_ID,
        keyId: channel.COZE_CHANNEL_KEY_ID,
        privateKey: readFileSync(file, 'utf8'),
        aud,
        botIds: channel.COZE_CHANNEL_BOT_ID.split(',').map((id) => id.trim()).filter(Boolean),
      };
    }
  }
  const web = pick(env, ['COZE_WEB_CLIENT_ID', 'COZE_WEB_CLIENT_SECRET'], 'web', missing);
  if (web) credentials.web = { clientId: web.COZE_WEB_CLIENT_ID, clientSecret: web.COZE_WEB_CLIENT_SECRET, redirectUri };
  const pkce = pick(env, ['COZE_PKCE_CLIENT_ID'], 'pkce', missing);
  if (pkce) credentials.pkce = { clientId: pkce.COZE_PKCE_CLIENT_ID, redirectUri: env.COZE_PKCE_REDIRECT_URI || redirectUri };
  const device = pick(env, ['COZE_DEVICE_CLIENT_ID'], 'device', missing);
  if (device) credentials.device = { clientId: device.COZE_DEVICE_CLIENT_ID };
  const account = pick(env, ['COZE_ACCOUNT_ID'], 'accountId', missing);
  if (account) credentials.accountId = account.COZE_ACCOUNT_ID;
  const enterprise = pick(env, ['COZE_ENTERPRISE_ID'], 'enterpriseId', missing);
  if (enterprise) credentials.enterpriseId = enterprise.COZE_ENTERPRISE_ID;
  const workspace = pick(env, ['COZE_WORKSPACE_ID'], 'workspace', missing);
  if (workspace) credentials.workspaceId = workspace.COZE_WORKSPACE_ID;
  if (env.COZE_USER_ID) credentials.userId = env.COZE_USER_ID;
  const refresh = readRefresh(env, missing);

  return {
    enabled: env.COZE_LIVE === '1',
    interactive: env.COZE_LIVE_INTERACTIVE === '1',
    baseURL,
    credentials,
    ...(refresh ? { refresh } : {}),
    missing,
  };
}
