import { FUZZ_FACTOR, FUZZING, FUZZ_SEED as SWEEP_FUZZ_SEED } from '../sweep-scale.js';

/**
 * How much the generated tests of the attack suite (the guard's property, the JSON fuzz targets) run: a small seeded
 * count in `pnpm test`, scaled like the sweeps by `pnpm fuzz` (test/sweep-scale.ts: its factor, its fresh seed).
 *
 * - `COZE_FUZZ_RUNS`: runs of each property and fuzz target, whatever the run.
 * - `COZE_FUZZ_SEED`: the fast-check seed (default fixed in `pnpm test`, so a failure there replays as it was).
 */

/** The seed: `COZE_FUZZ_SEED`, else `pnpm fuzz`'s, else the fixed one of `pnpm test`. */
export const FUZZ_SEED = Number(process.env.COZE_FUZZ_SEED ?? (FUZZING ? SWEEP_FUZZ_SEED : 20_260_101));

/**
 * Runs of one generated test: `COZE_FUZZ_RUNS` when set, else `suiteRuns` (what `pnpm test` affords), times the
 * fuzz factor under `pnpm fuzz`.
 *
 * @example
 * fc.assert(property, { seed: FUZZ_SEED, numRuns: fuzzRuns(200) });
 */
export function fuzzRuns(suiteRuns: number): number {
  const scaled = Number(process.env.COZE_FUZZ_RUNS);
  if (Number.isInteger(scaled) && scaled > 0) return scaled;
  return FUZZING ? suiteRuns * FUZZ_FACTOR : suiteRuns;
}

/** A test's time limit for `runs` runs at about `msPerRun` each on a loaded two-core machine. */
export const fuzzTimeout = (runs: number, msPerRun: number): number => 30_000 + runs * msPerRun;
