import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createMockApp, type MockApp, type MockOptions } from './app.js';
import { toPublicFixtures } from './fixtures/index.js';
import type { PublicFixtures } from './fixtures/types.js';

/** Where and how to listen, on top of {@link MockOptions}. */
export interface StartOptions extends MockOptions {
  /** Port; 0 (the default here) picks a free one, which is what parallel test files want. */
  port?: number;
  /** Interface; default 127.0.0.1. Binding elsewhere does not open the control API (see allowRemoteControl). */
  host?: string;
}

/** A running mock server. */
export interface RunningMockServer {
  /** Base URL to hand the SDK as `baseURL`, e.g. `http://127.0.0.1:53817`. */
  url: string;
  port: number;
  /** The credentials, as `GET /__mock/fixtures` serves them. */
  fixtures: PublicFixtures;
  /** The Hono app and its state, for in-process inspection. */
  app: MockApp;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts the mock on a real port (127.0.0.1, port 0 by default) for tests and tools that speak HTTP.
 *
 * @example
 * const server = await startMockServer();
 * const client = new CozeAPI({ token: server.fixtures.pat, baseURL: server.url });
 * await server.close();
 */
export async function startMockServer(options: StartOptions = {}): Promise<RunningMockServer> {
  const host = options.host ?? options.config?.host ?? '127.0.0.1';
  const port = options.port ?? options.config?.port ?? 0;
  const app = createMockApp(options);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = (options.baseURL ?? app.mock.baseURL ?? `http://${shownHost}:${address.port}`).replace(/\/+$/, '');
  return {
    url,
    port: address.port,
    fixtures: toPublicFixtures(app.mock.fixtures, url),
    app,
    close: () =>
      new Promise<void>((resolve, reject) => {
        const s = server as ServerType & { closeAllConnections?: () => void };
        s.close((error) => (error ? reject(error) : resolve()));
        s.closeAllConnections?.();
      }),
  };
}
