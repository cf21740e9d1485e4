import { createControlClient, startMockServer, type Deviation, type StartOptions } from '@coze-mock/server';
import { createControlledTarget } from './controlled-target.js';
import type { Target } from './target.js';

/**
 * The `mock` target: a coze-mock started in this process on 127.0.0.1, port 0, so each test file (or contract child
 * process) gets its own server and files run in parallel. Deviations are for the meta-test only.
 *
 * @example
 * const target = await openMockTarget();
 * // … run checks …
 * await target.close();
 */
export async function openMockTarget(options: { deviations?: Deviation[]; start?: StartOptions } = {}): Promise<Target> {
  const server = await startMockServer({
    ...options.start,
    port: 0,
    host: '127.0.0.1',
    ...(options.deviations ? { deviations: options.deviations } : {}),
  });
  return createControlledTarget({
    kind: 'mock',
    baseURL: server.url,
    fixtures: server.fixtures,
    control: createControlClient(server.url),
    close: () => server.close(),
  });
}
