import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundleSpa } from './bundle.js';
import type { SpaConfig } from './config.js';
import { renderSpaPage } from './page.js';

export type { SpaConfig } from './config.js';
export { bundleSpa } from './bundle.js';

/**
 * The SPA's static server as a Node request listener: the page at `/` and at the redirect URI's path, the bundle at
 * `/app.js`. The page may only talk to its own origin and the Coze API (CSP `connect-src`).
 *
 * @example
 * const listener = createSpaRequestListener(config, await bundleSpa());
 * createServer(listener).listen(5173, '127.0.0.1');
 */
export function createSpaRequestListener(config: SpaConfig, bundle: string): RequestListener {
  const page = renderSpaPage(config);
  const pagePaths = new Set(['/', new URL(config.redirectUri).pathname]);
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'unsafe-inline'",
    `connect-src ${new URL(config.cozeBaseURL).origin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://spa.invalid').pathname;
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'content-type': type, 'content-security-policy': csp, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'method not allowed');
    if (pagePaths.has(path)) return send(200, 'text/html; charset=utf-8', page);
    if (path === '/app.js') return send(200, 'text/javascript; charset=utf-8', bundle);
    return send(404, 'text/plain; charset=utf-8', 'not found');
  };
}

/** A running SPA server. */
export interface RunningSpaServer {
  /** Where to open the SPA, e.g. `http://127.0.0.1:5173/`. */
  url: string;
  config: SpaConfig;
  close(): Promise<void>;
}

/**
 * Bundles the SPA and serves it on 127.0.0.1. With port 0 a free port is picked; `redirectUri` then defaults to
 * the server's own `/` (register that URL on the PKCE app).
 *
 * @example
 * const spa = await startSpaServer({ port: 0, cozeBaseURL: mock.url, clientId: mock.fixtures.apps.pkce.clientId });
 * console.log(spa.url, spa.config.redirectUri);
 */
export async function startSpaServer(options: Omit<SpaConfig, 'redirectUri'> & { redirectUri?: string; port?: number; host?: string }): Promise<RunningSpaServer> {
  const bundle = await bundleSpa();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}/`;
  const config: SpaConfig = {
    cozeBaseURL: options.cozeBaseURL,
    clientId: options.clientId,
    redirectUri: options.redirectUri ?? url,
    ...(options.botId ? { botId: options.botId } : {}),
  };
  server.on('request', createSpaRequestListener(config, bundle));
  return {
    url,
    config,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
