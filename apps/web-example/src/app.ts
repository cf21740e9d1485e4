import { CozeAPI, getWebAuthenticationUrl, getWebOAuthToken, refreshOAuthToken } from '@coze/api';
import { getRequestListener } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { askBot, MAX_QUESTION_LENGTH } from './chat.js';
import type { WebAppConfig } from './config.js';
import { describeCozeError } from './errors.js';
import { createSessionStore, randomId } from './session.js';
import { errorPage, signedInPage, signedOutPage } from './views.js';

export type { WebAppConfig } from './config.js';

const STATE_COOKIE = 'coze_example_state';
const SESSION_COOKIE = 'coze_example_session';

/**
 * The web example as a Hono app: "Sign in with Coze" (authorization code flow with a `state` bound to an HttpOnly
 * cookie), the callback that exchanges the code and calls `users.me`, a refresh button that rotates the token, and
 * (with `botId`) a chat with the bot through `chat.stream`, server-side.
 * Tokens stay in a server-side session; the browser only gets an opaque session cookie.
 *
 * @example
 * const app = createWebApp({ cozeBaseURL: 'https://api.coze.cn', clientId, clientSecret, redirectUri: 'http://127.0.0.1:8080/callback' });
 * serve({ fetch: app.fetch, port: 8080 });
 */
export function createWebApp(config: WebAppConfig): Hono {
  const { cozeBaseURL: baseURL, clientId, clientSecret, redirectUri } = config;
  const publicOrigin = new URL(redirectUri).origin;
  const callbackPath = new URL(redirectUri).pathname;
  const secure = redirectUri.startsWith('https:');
  const sessions = createSessionStore();
  const sessionOf = (c: Context) => sessions.get(getCookie(c, SESSION_COOKIE));

  const app = new Hono();

  // Our POST forms must come from our own pages (SameSite=Lax already keeps the session cookie off cross-site POSTs).
  app.use('*', async (c, next) => {
    const crossSite = c.req.header('sec-fetch-site') === 'cross-site';
    const origin = c.req.header('origin');
    if (c.req.method === 'POST' && (crossSite || (origin && origin !== publicOrigin))) {
      return c.html(errorPage('Request refused', 'This form was posted from another site.'), 403);
    }
    await next();
  });

  app.get('/', (c) => {
    const session = sessionOf(c);
    return c.html(session ? signedInPage(session, { chat: Boolean(config.botId) }) : signedOutPage());
  });

  // One message to the bot with the user's own token; the answer is shown on the home page (post, redirect, get).
  app.post('/chat', async (c) => {
    const session = sessionOf(c);
    if (!session || !config.botId) return c.redirect('/', 303);
    const question = String((await c.req.parseBody()).question ?? '').trim();
    if (!question || question.length > MAX_QUESTION_LENGTH) return c.redirect('/', 303);
    session.lastChat = await askBot(new CozeAPI({ token: session.token.access_token, baseURL }), config.botId, question);
    return c.redirect('/', 303);
  });

  app.post('/login', (c) => {
    const state = randomId();
    setCookie(c, STATE_COOKIE, state, { httpOnly: true, sameSite: 'Lax', secure, path: callbackPath, maxAge: 600 });
    return c.redirect(getWebAuthenticationUrl({ baseURL, clientId, redirectUrl: redirectUri, state }), 303);
  });

  app.get(callbackPath, async (c) => {
    const expected = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, { path: callbackPath, secure });
    const { code, state, error, error_description: why } = c.req.query();
    if (!expected || state !== expected) {
      return c.html(errorPage('Sign-in failed', 'The state does not match this browser’s sign-in. Start again.'), 400);
    }
    if (error) return c.html(signedOutPage(`Sign-in was cancelled: ${error}${why ? ` (${why})` : ''}.`), 400);
    if (!code) return c.html(errorPage('Sign-in failed', 'Coze sent no code.'), 400);
    try {
      const token = await getWebOAuthToken({ baseURL, clientId, clientSecret, redirectUrl: redirectUri, code });
      const user = await new CozeAPI({ token: token.access_token, baseURL }).users.me();
      const id = sessions.create({ user, token });
      setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Lax', secure, path: '/' });
      return c.redirect('/', 303);
    } catch (failure) {
      return c.html(errorPage('Sign-in failed', describeCozeError(failure)), 502);
    }
  });

  app.post('/refresh', async (c) => {
    const session = sessionOf(c);
    if (!session) return c.redirect('/', 303);
    try {
      const token = await refreshOAuthToken({ baseURL, clientId, clientSecret, refreshToken: session.token.refresh_token });
      session.rotatedFrom = session.token;
      session.token = token;
      return c.redirect('/', 303);
    } catch (failure) {
      return c.html(errorPage('Refresh failed', describeCozeError(failure)), 502);
    }
  });

  app.post('/logout', (c) => {
    sessions.delete(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
    return c.redirect('/', 303);
  });

  return app;
}

/**
 * The web example as a Node `http` request listener, to mount on a server you already listen with.
 *
 * @example
 * const server = createServer(createWebAppListener(config));
 * server.listen(8080, '127.0.0.1');
 */
export function createWebAppListener(config: WebAppConfig) {
  return getRequestListener(createWebApp(config).fetch);
}
