import { DEVIATIONS, type Deviation } from '@coze-mock/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../src/checks/index.js';
import { checksThatCanSee, compareWithMap, readDeviationMap } from '../src/contract/deviation-map.js';
import { failingIds, runChecks } from '../src/runner/run-checks.js';
import type { SdkAdapter } from '../src/sdk/adapter.js';
import { loadSdkFromEnv } from '../src/sdk/load-sdk.js';
import { openMockTarget } from '../src/targets/mock-target.js';

/**
 * Proof that the checks can fail: with each contract deviation of the mock switched on, exactly the checks
 * deviation-map.json lists must fail. Here each deviation runs against the checks that can see it (the listed ones and
 * every check of the contract rows they guard: src/contract/deviation-map.ts), about a fifth of the cross product;
 * `pnpm contract --meta-full` runs every check against every deviation, and `--write-map` records what it saw. That
 * every check passes with no deviation on is what the group files (test/<group>.test.ts) show.
 */
const map = readDeviationMap().deviations;

describe('deviation meta-test: every switchable deviation is caught by exactly the expected checks', () => {
  let sdk: SdkAdapter;
  beforeAll(async () => {
    sdk = await loadSdkFromEnv({});
  });

  it('deviation-map.json lists every deviation of the mock, each with at least one check, and only checks that exist', () => {
    expect(Object.keys(map).sort()).toEqual(Object.keys(DEVIATIONS).sort());
    const ids = new Set(ALL_CHECKS.map((check) => check.id));
    for (const [deviation, checks] of Object.entries(map)) {
      expect(checks.length, `${deviation} is caught by no check`).toBeGreaterThan(0);
      expect(checks.filter((id) => !ids.has(id)), `${deviation} lists checks that do not exist`).toEqual([]);
    }
  });

  // One after another: the SDK and the in-process mock share this worker's thread, so concurrent runs would only
  // interleave. The limit is for a CI machine running the other suites alongside.
  for (const deviation of Object.keys(DEVIATIONS) as Deviation[]) {
    it(`${deviation}: ${DEVIATIONS[deviation]}`, async () => {
      const checks = checksThatCanSee(map[deviation] ?? [], ALL_CHECKS);
      const target = await openMockTarget({ deviations: [deviation] });
      let failing: string[];
      try {
        failing = failingIds(await runChecks(checks, target, sdk));
      } finally {
        await target.close();
      }
      const ran = checks.map((check) => check.id);
      expect(compareWithMap(deviation, failing, map[deviation] ?? [], ran), `checks failing under ${deviation} (run pnpm contract --meta-full, then --write-map if the change is deliberate)`).toBeUndefined();
    }, 120_000);
  }
});
