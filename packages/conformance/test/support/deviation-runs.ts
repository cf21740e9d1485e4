import { readFileSync } from 'node:fs';
import { DEVIATIONS, type Deviation } from '@coze-mock/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { failingIds, runChecks } from '../../src/runner/run-checks.js';
import type { SdkAdapter } from '../../src/sdk/adapter.js';
import { loadSdkFromEnv } from '../../src/sdk/load-sdk.js';
import { openMockTarget } from '../../src/targets/mock-target.js';

/**
 * The deviation meta-test's runs: the whole check table against a mock with one contract deviation switched on, and
 * exactly the checks listed in deviation-map.json must fail. The deviations are dealt over a few test files
 * (deviations*.meta.test.ts) so vitest spreads them over its workers.
 */

/** deviation-map.json: which checks each deviation must make fail. */
export const EXPECTED = (JSON.parse(readFileSync(new URL('../../deviation-map.json', import.meta.url), 'utf8')) as { deviations: Record<string, string[]> })
  .deviations;

/** How many files share the runs; each file registers the deviations whose index modulo this is its shard. */
export const SHARDS = 3;

/** The ids of the checks that fail against a fresh mock with `deviations` switched on. */
export async function failingChecksWith(sdk: SdkAdapter, deviations: Deviation[]): Promise<string[]> {
  const target = await openMockTarget({ deviations });
  try {
    return failingIds(await runChecks(ALL_CHECKS, target, sdk));
  } finally {
    await target.close();
  }
}

/**
 * Registers this shard's runs, one test per deviation.
 *
 * @example
 * registerDeviationRuns(1); // in deviations-1.meta.test.ts
 */
export function registerDeviationRuns(shard: number): void {
  let sdk: SdkAdapter;
  beforeAll(async () => {
    sdk = await loadSdkFromEnv({});
  });
  const mine = (Object.keys(DEVIATIONS) as Deviation[]).filter((_, i) => i % SHARDS === shard);
  // One after another: the SDK and the in-process mock share this worker's thread, so concurrent runs would only
  // interleave, and stretch each check's wall time towards its limit on a loaded machine. The parallelism comes from
  // the shard files running in separate workers. The limit is for a CI machine running the other suites alongside.
  describe(`one run of the whole table per deviation (shard ${shard + 1} of ${SHARDS})`, () => {
    for (const deviation of mine) {
      it(`${deviation}: ${DEVIATIONS[deviation]}`, async () => {
        const failing = await failingChecksWith(sdk, [deviation]);
        expect(failing, `checks failing under ${deviation} (update deviation-map.json only if this is deliberate)`).toEqual(EXPECTED[deviation]);
      }, 180_000);
    }
  });
}
