import { readFileSync } from 'node:fs';
import { DEVIATIONS, type Deviation } from '@coze-mock/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../src/checks/index.js';
import { failingIds, runChecks } from '../src/runner/run-checks.js';
import type { SdkAdapter } from '../src/sdk/adapter.js';
import { loadSdkFromEnv } from '../src/sdk/load-sdk.js';
import { openMockTarget } from '../src/targets/mock-target.js';

/**
 * Proof that the checks can fail: the whole check table runs against a mock with one contract deviation switched on,
 * and exactly the checks listed in deviation-map.json must fail. A deviation no check catches is a hole.
 */
const expected = (JSON.parse(readFileSync(new URL('../deviation-map.json', import.meta.url), 'utf8')) as { deviations: Record<string, string[]> }).deviations;

let sdk: SdkAdapter;
beforeAll(async () => {
  sdk = await loadSdkFromEnv({});
});

async function failingChecksWith(deviations: Deviation[]): Promise<string[]> {
  const target = await openMockTarget({ deviations });
  try {
    return failingIds(await runChecks(ALL_CHECKS, target, sdk));
  } finally {
    await target.close();
  }
}

describe('deviation meta-test: every switchable deviation is caught by exactly the expected checks', () => {
  it('deviation-map.json lists every deviation of the mock, each with at least one check', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(DEVIATIONS).sort());
    for (const [deviation, checks] of Object.entries(expected)) expect(checks.length, `${deviation} is caught by no check`).toBeGreaterThan(0);
  });

  it('the mock without deviations fails no check', async () => {
    expect(await failingChecksWith([])).toEqual([]);
  }, 60_000);

  // Each run has its own mock, so the runs go concurrently; the polling checks take turns holding the SDK's timers.
  describe.concurrent('one run of the whole table per deviation', () => {
    for (const deviation of Object.keys(DEVIATIONS) as Deviation[]) {
      it(`${deviation}: ${DEVIATIONS[deviation]}`, async ({ expect }) => {
        const failing = await failingChecksWith([deviation]);
        expect(failing, `checks failing under ${deviation} (update deviation-map.json only if this is deliberate)`).toEqual(expected[deviation]);
      }, 60_000);
    }
  });
});
