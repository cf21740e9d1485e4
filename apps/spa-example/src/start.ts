import { startSpaServer } from './serve.js';

// Entry point: `pnpm --filter @coze-mock/spa-example start` with COZE_BASE_URL and COZE_PKCE_CLIENT_ID set, and
// optionally COZE_SPA_REDIRECT_URI (default http://127.0.0.1:8080/callback, registered on the mock's PKCE app), PORT,
// and COZE_BOT_ID (a bot to chat with once signed in).
const cozeBaseURL = process.env.COZE_BASE_URL;
const clientId = process.env.COZE_PKCE_CLIENT_ID;
if (!cozeBaseURL || !clientId) {
  console.error('set COZE_BASE_URL and COZE_PKCE_CLIENT_ID (see apps/spa-example/README.md)');
  process.exit(1);
}
const redirectUri = process.env.COZE_SPA_REDIRECT_URI || 'http://127.0.0.1:8080/callback';
const port = Number(process.env.PORT || new URL(redirectUri).port || 8080);
const callback = new URL(redirectUri);
if (/^(127\.0\.0\.1|localhost)$/.test(callback.hostname) && callback.port !== String(port)) {
  console.warn(`warning: serving on port ${port}, but after consent Coze sends the browser to ${redirectUri}`);
}
const botId = process.env.COZE_BOT_ID || undefined;
const spa = await startSpaServer({ cozeBaseURL, clientId, redirectUri, port, host: process.env.HOST ?? '127.0.0.1', ...(botId ? { botId } : {}) });
console.log(`Coze SPA example on ${spa.url} (Coze at ${cozeBaseURL}, redirect ${redirectUri})`);
