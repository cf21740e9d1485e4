/**
 * How much the generated tests of the attack suite run: a small seeded count in `pnpm test`, scaled by `pnpm fuzz`.
 *
 * - `COZE_FUZZ_RUNS`: runs of each property and fuzz target (default: the target's own small count).
 * - `COZE_FUZZ_SEED`: the fast-check seed (default fixed, so a failure in `pnpm test` replays as it was).
 */

/** The fixed seed of `pnpm test`; `COZE_FUZZ_SEED` picks another (fast-check prints the one that failed). */
export const FUZZ_SEED = Number(process.env.COZE_FUZZ_SEED ?? 20_260_101);

/**
 * Runs of one generated test: `COZE_FUZZ_RUNS` when set, else `suiteRuns` (what `pnpm test` affords).
 *
 * @example
 * fc.assert(property, { seed: FUZZ_SEED, numRuns: fuzzRuns(200) });
 */
export function fuzzRuns(suiteRuns: number): number {
  const scaled = Number(process.env.COZE_FUZZ_RUNS);
  return Number.isInteger(scaled) && scaled > 0 ? scaled : suiteRuns;
}

/** A test's time limit for `runs` runs at about `msPerRun` each on a loaded two-core machine. */
export const fuzzTimeout = (runs: number, msPerRun: number): number => 30_000 + runs * msPerRun;
