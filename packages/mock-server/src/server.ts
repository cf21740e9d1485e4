import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createMockApp, type MockApp } from './app.js';
import { resolveOptions } from './config/resolve.js';
import type { ResolvedOptions, StartOptions } from './context.js';
import { DEFAULT_SEED, prepareFixtureKeys, toPublicFixtures } from './fixtures/index.js';
import type { PublicFixtures } from './fixtures/types.js';

export type { StartOptions } from './context.js';

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
export async function startMockServer(input: StartOptions | ResolvedOptions = {}): Promise<RunningMockServer> {
  const options = resolveOptions(input);
  // A new seed's key search off the event loop: a server started beside others in the same process leaves them be.
  if (!options.fixtures) await prepareFixtureKeys(options.seed || DEFAULT_SEED);
  const app = createMockApp(options);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  app.mock.origins.bind(options.host, address.port);
  const url = app.mock.origins.publicUrl();
  return {
    url,
    port: address.port,
    fixtures: toPublicFixtures(app.mock.fixtures, url),
    app,
    close: () =>
      new Promise<void>((resolve, reject) => {
        const s = server as ServerType & { closeAllConnections?: () => void };
        // Held requests (scripted hangs, journal waits) would keep close() waiting: let them go first.
        app.close();
        s.close((error) => (error ? reject(error) : resolve()));
        s.closeAllConnections?.();
      }),
  };
}
