/** What the web example needs to talk to Coze (the mock or the real service). */
export interface WebAppConfig {
  /** Coze API base URL: the mock's URL, or `https://api.coze.cn` / `https://api.coze.com` for the real service. */
  cozeBaseURL: string;
  /** Client id of a Coze OAuth app of type "web". */
  clientId: string;
  /** Its client secret. Server-side only: never sent to the browser. */
  clientSecret: string;
  /** This app's `/callback` URL, exactly as registered on the OAuth app. */
  redirectUri: string;
  /** A published bot to chat with once signed in (the mock's echo bot, say); without one the page has no chat. */
  botId?: string;
  /** Port to listen on (server.ts only). Default: the port of `redirectUri`. */
  port?: number;
}

/** The environment variables {@link readWebAppConfig} reads. */
export const ENV_VARS = {
  cozeBaseURL: 'COZE_BASE_URL',
  clientId: 'COZE_WEB_CLIENT_ID',
  clientSecret: 'COZE_WEB_CLIENT_SECRET',
  redirectUri: 'COZE_REDIRECT_URI',
  botId: 'COZE_BOT_ID',
  port: 'PORT',
} as const;

const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:8080/callback';

/**
 * Reads the config from environment variables; throws one error naming every missing variable.
 *
 * @example
 * const config = readWebAppConfig({ COZE_BASE_URL: 'https://api.coze.cn', COZE_WEB_CLIENT_ID: '…', COZE_WEB_CLIENT_SECRET: '…' });
 * config.redirectUri; // 'http://127.0.0.1:8080/callback'
 */
export function readWebAppConfig(env: Record<string, string | undefined> = process.env): WebAppConfig {
  const missing = [ENV_VARS.cozeBaseURL, ENV_VARS.clientId, ENV_VARS.clientSecret].filter((name) => !env[name]);
  if (missing.length) throw new Error(`set ${missing.join(', ')} (see apps/web-example/README.md)`);
  const redirectUri = env[ENV_VARS.redirectUri] || DEFAULT_REDIRECT_URI;
  const port = Number(env[ENV_VARS.port] || new URL(redirectUri).port || 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${ENV_VARS.port} must be a port number`);
  return {
    cozeBaseURL: env[ENV_VARS.cozeBaseURL] as string,
    clientId: env[ENV_VARS.clientId] as string,
    clientSecret: env[ENV_VARS.clientSecret] as string,
    redirectUri,
    ...(env[ENV_VARS.botId] ? { botId: env[ENV_VARS.botId] as string } : {}),
    port,
  };
}
