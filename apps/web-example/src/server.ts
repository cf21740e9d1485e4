import { serve } from '@hono/node-server';
import { createWebApp } from './app.js';
import { readWebAppConfig } from './config.js';

// Entry point: `pnpm --filter @coze-mock/web-example start` with COZE_BASE_URL, COZE_WEB_CLIENT_ID,
// COZE_WEB_CLIENT_SECRET and optionally COZE_REDIRECT_URI and PORT set (see README.md).
const config = readWebAppConfig();
const hostname = process.env.HOST ?? '127.0.0.1';
const callback = new URL(config.redirectUri);
if (/^(127\.0\.0\.1|localhost)$/.test(callback.hostname) && callback.port !== String(config.port)) {
  console.warn(`warning: listening on port ${config.port}, but after consent Coze sends the browser to ${config.redirectUri}`);
}
serve({ fetch: createWebApp(config).fetch, hostname, port: config.port }, (info) => {
  console.log(`Coze web example on http://${hostname}:${info.port}/ (Coze at ${config.cozeBaseURL}, callback ${config.redirectUri})`);
});
