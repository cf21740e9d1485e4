/**
 * How many generated requests the sweeps run (test/sweep.test.ts, test/attack/sweeps-*.test.ts). In `pnpm test`: a
 * fixed count from a fixed seed, so a run costs the same every time and what the sweeps assert about the statuses they
 * met cannot depend on the draw. In `pnpm fuzz` (scripts/fuzz.mjs sets `COZE_MOCK_FUZZ=1`): `FUZZ_FACTOR` times that
 * count (at least 10) from a fresh seed, each sweep stopped by its time budget if it has not finished by then.
 */
import type fc from 'fast-check';

const env = process.env;

/** Whether this is a `pnpm fuzz` run. */
export const FUZZING = env.COZE_MOCK_FUZZ === '1';
/** How many times the `pnpm test` count a fuzz run draws. */
export const FUZZ_FACTOR = Math.max(1, Number(env.COZE_MOCK_FUZZ_FACTOR ?? 20));
/** A fuzz run's time budget per sweep (one fast-check property), in ms. */
export const FUZZ_BUDGET_MS = Math.max(1000, Number(env.COZE_MOCK_FUZZ_BUDGET_MS ?? 60_000));
/** The seed of `pnpm test`'s sweeps. */
export const TEST_SEED = 20_261_130;
/** A fuzz run's seed: `COZE_MOCK_FUZZ_SEED` replays one (scripts/fuzz.mjs prints the one it chose). */
export const FUZZ_SEED = Number(env.COZE_MOCK_FUZZ_SEED ?? TEST_SEED);

/** A sweep test's own time limit: the fuzz budget with room for the setup and the flows checked after it. */
export const SWEEP_TEST_TIMEOUT_MS = (FUZZING ? FUZZ_BUDGET_MS : 0) + 60_000;

/**
 * fast-check's parameters for a sweep of `count` requests from `seed` in `pnpm test`.
 *
 * @example
 * await fc.assert(property, sweepRuns(200)); // 200 from the fixed seed; 4,000 from a fresh one under `pnpm fuzz`
 */
export function sweepRuns(count: number, seed = TEST_SEED): Pick<fc.Parameters<unknown>, 'numRuns' | 'seed' | 'interruptAfterTimeLimit' | 'markInterruptAsFailure'> {
  if (!FUZZING) return { numRuns: count, seed };
  return { numRuns: count * FUZZ_FACTOR, seed: FUZZ_SEED, interruptAfterTimeLimit: FUZZ_BUDGET_MS, markInterruptAsFailure: false };
}
