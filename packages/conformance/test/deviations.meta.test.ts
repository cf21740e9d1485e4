import { DEVIATIONS } from '@coze-mock/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SdkAdapter } from '../src/sdk/adapter.js';
import { loadSdkFromEnv } from '../src/sdk/load-sdk.js';
import { EXPECTED, failingChecksWith, registerDeviationRuns, SHARDS } from './support/deviation-runs.js';

/**
 * Proof that the checks can fail: the whole check table runs against a mock with one contract deviation switched on,
 * and exactly the checks listed in deviation-map.json must fail. A deviation no check catches is a hole.
 * The runs are dealt over this file and deviations-1/-2.meta.test.ts (see support/deviation-runs.ts).
 */
describe('deviation meta-test: every switchable deviation is caught by exactly the expected checks', () => {
  let sdk: SdkAdapter;
  beforeAll(async () => {
    sdk = await loadSdkFromEnv({});
  });

  it('deviation-map.json lists every deviation of the mock, each with at least one check', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(DEVIATIONS).sort());
    for (const [deviation, checks] of Object.entries(EXPECTED)) expect(checks.length, `${deviation} is caught by no check`).toBeGreaterThan(0);
  });

  it('the shard files cover every deviation', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(new URL('.', import.meta.url)).filter((name) => /^deviations(-\d+)?\.meta\.test\.ts$/.test(name));
    expect(files.sort()).toEqual(['deviations.meta.test.ts', ...Array.from({ length: SHARDS - 1 }, (_, i) => `deviations-${i + 1}.meta.test.ts`)].sort());
  });

  it('the mock without deviations fails no check', async () => {
    expect(await failingChecksWith(sdk, [])).toEqual([]);
  }, 180_000);

  registerDeviationRuns(0);
});
