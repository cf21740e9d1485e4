import { createControlClient, startMockServer, type ControlClient, type PublicFixtures, type RunningMockServer, type StartOptions } from '@coze-mock/server';

/** What a test receives as `cozeMock`. */
export interface CozeMockFixture {
  /** Base URL of the mock, e.g. `http://127.0.0.1:53817`: hand it to the SDK as `baseURL`. */
  url: string;
  port: number;
  /** Client ids, secrets, redirect URIs, the PAT, the JWT key … as `GET /__mock/fixtures` serves them. */
  fixtures: PublicFixtures;
  /** The `/__mock` control API: approve devices, move the clock, read the journal, inject faults … */
  control: ControlClient;
  /** The running server itself (its Hono app and state), for in-process inspection. */
  server: RunningMockServer;
}

/**
 * Starts a mock on 127.0.0.1, port 0, and returns it with its control client; `close()` stops it.
 *
 * @example
 * let mock: Awaited<ReturnType<typeof startCozeMock>>;
 * beforeAll(async () => { mock = await startCozeMock(); });
 * afterAll(() => mock.close());
 */
export async function startCozeMock(options: StartOptions = {}): Promise<CozeMockFixture & { close(): Promise<void> }> {
  const server = await startMockServer({ port: 0, ...options });
  return {
    url: server.url,
    port: server.port,
    fixtures: server.fixtures,
    control: createControlClient(server.url),
    server,
    close: () => server.close(),
  };
}
