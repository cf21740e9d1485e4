import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server already listening on a free loopback port, whose handler is plugged in later. */
export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` (or `http://localhost:PORT` when asked for that host name). */
  origin: string;
  port: number;
  /** Sets what answers requests; until then every request gets 503. */
  handle(listener: RequestListener): void;
  close(): Promise<void>;
}

/**
 * Listens first, configures later: a redirect URI must be registered on the mock before the mock starts, and the app
 * behind it needs the mock's URL, so the port is taken before either exists.
 *
 * @example
 * const site = await listenOnLoopback();
 * const mock = await startMockServer({ config: { redirectUris: [`${site.origin}/callback`] } });
 * site.handle(createWebAppListener({ cozeBaseURL: mock.url, … }));
 */
export async function listenOnLoopback(options: { originHost?: '127.0.0.1' | 'localhost' } = {}): Promise<LoopbackServer> {
  let current: RequestListener = (_request, response) => {
    response.writeHead(503).end('not configured yet');
  };
  const server = createServer((request, response) => current(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${options.originHost ?? '127.0.0.1'}:${port}`,
    port,
    handle: (listener) => {
      current = listener;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
