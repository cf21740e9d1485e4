import { createControlClient } from '@coze-mock/server';
import { createControlledTarget } from './controlled-target.js';
import type { Target } from './target.js';

/**
 * The `url` target: a coze-mock that is already running (for example `pnpm start` in another terminal), reached at
 * `COZE_MOCK_URL`; credentials come from its `/__mock/fixtures`. Checks reset the mock's clock and faults after
 * themselves, and leave codes and tokens behind.
 *
 * @example
 * const target = await openUrlTarget('http://127.0.0.1:8787');
 */
export async function openUrlTarget(url: string): Promise<Target> {
  const baseURL = url.replace(/\/+$/, '');
  const control = createControlClient(baseURL);
  const fixtures = await control.fixtures().catch((error: Error) => {
    throw new Error(`COZE_MOCK_URL=${url}: cannot read ${baseURL}/__mock/fixtures (${error.message}). Is coze-mock running there?`);
  });
  return createControlledTarget({ kind: 'url', baseURL, fixtures, control, close: async () => {} });
}
