import { createServer } from 'node:http';
import type { ConsentOutcome } from './target.js';

/**
 * Catches the browser's return from the consent page: listens on the redirect URI's host and port, waits for one
 * request to its path, and answers the person with a short page. Only loopback redirect URIs are served.
 *
 * @example
 * const waiting = awaitRedirect('http://127.0.0.1:8080/callback', 180_000);
 * console.log('open', authorizeUrl);
 * const { code, state } = await waiting.outcome;
 */
export function awaitRedirect(redirectUri: string, timeoutMs: number): { listening: Promise<void>; outcome: Promise<ConsentOutcome> } {
  const target = new URL(redirectUri);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    const refused = Promise.reject(new Error(`redirect URI ${redirectUri} is not on this machine; register a loopback one`));
    return { listening: refused, outcome: refused };
  }
  let settle!: (outcome: ConsentOutcome | Error) => void;
  const outcome = new Promise<ConsentOutcome>((resolve, reject) => {
    settle = (value) => (value instanceof Error ? reject(value) : resolve(value));
  });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `${target.protocol}//${target.host}`);
    if (url.pathname !== target.pathname) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>coze conformance</title><p>Done. You can close this tab and return to the terminal.</p>');
    const params = url.searchParams;
    const code = params.get('code');
    const state = params.get('state');
    const error = params.get('error');
    settle({ location: url.toString(), ...(code ? { code } : {}), ...(state !== null ? { state } : {}), ...(error ? { error } : {}) });
  });
  const timer = setTimeout(() => settle(new Error(`no redirect to ${redirectUri} within ${timeoutMs / 1000} s`)), timeoutMs);
  outcome.finally(() => {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
  }).catch(() => undefined);
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(target.port || 80), target.hostname.replace(/^\[|\]$/g, ''), () => resolve());
  });
  listening.catch((error: Error) => settle(error));
  return { listening, outcome };
}
