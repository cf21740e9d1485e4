/**
 * How this package's test files split, one list for every config that needs it (vitest.config.ts,
 * vitest.mutation.config.ts, vitest.binary.config.ts):
 * - the unit suite: every in-process test of the modules, which StrykerJS runs once per mutant (`pnpm mutation`) and
 *   `pnpm test` runs once under Stryker's dry run (scripts/test.mjs), so a mutation setup that cannot start fails CI;
 * - the files below, outside it: the malformed-input sweeps and fuzz targets (their value is no 5xx and no bypass,
 *   not killing mutants; and they are slow), two attack tests that need the machine (a network namespace, files),
 *   the tests that start processes or drive the SDK over sockets, and those that read files outside this package,
 *   which Stryker's sandbox copy of the package does not have;
 * - the single executable, built and tested by its own turbo task (`test:binary`).
 */

/** Every test file of the package. */
export const ALL_TESTS = ['src/**/*.test.ts', 'test/**/*.test.ts'];

/** The single executable's test (vitest.binary.config.ts). */
export const BINARY_TESTS = ['test/binary/**/*.test.ts'];

/** The test files outside the unit suite (`vitest run --project processes`). */
export const OUTSIDE_UNIT_SUITE = [
  // The malformed-input sweeps (the attack groups' and the resources'), the JSON fuzz targets (`pnpm fuzz` scales
  // both), the control-isolation test (its own network namespace), the key cache's (files on disk, the seeded key
  // search timed against a request) and the byte budgets' (see below). The rest of the attack suite runs in-process
  // in a few seconds and is in the unit suite: those tests are what kill the mutants of the guards docs/security.md
  // lists.
  'test/attack/sweeps-*.test.ts',
  'test/attack/findings-2-fuzz.test.ts',
  'test/attack/control-isolation.test.ts',
  'test/attack/findings-2-key-cache.test.ts',
  // 300 bodies of 60 KiB through the bounded JSON reader: under Stryker's instrumentation its per-character nesting
  // scan runs past any timeout (0.4 s plain; src/budget.test.ts and src/json tests cover the same code in the unit suite).
  'test/attack/findings-2-budgets.test.ts',
  'test/sweep.test.ts',
  'test/resources-sweep.test.ts',
  // Child processes and the SDK over sockets.
  'test/cli.test.ts',
  'test/cli-record.test.ts',
  'test/record-replay.test.ts',
  'test/control-client.test.ts',
  'test/sdk-smoke.test.ts',
  'test/control-plane.test.ts',
  'test/bench-quick.test.ts',
  'test/fuzz-smoke.test.ts',
  // Measurements (heap per stored token): instrumentation would skew them and slow them down.
  'src/state/heap.test.ts',
  // Files outside the package: the root README's config example and snippets, the workspace's import-circle script.
  'src/config/json-schema.test.ts',
  'test/readme-snippet.test.ts',
  'test/readme-bots.test.ts',
  'test/import-cycles.test.ts',
];
