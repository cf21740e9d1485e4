import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { ALL_TESTS, BINARY_TESTS, OUTSIDE_UNIT_SUITE } from './vitest.suites.js';

/**
 * The unit suite StrykerJS runs once per mutant (`pnpm mutation`): the in-process tests of the mutated modules
 * (vitest.suites.ts says which files are left out, and why). `pnpm test` runs it once, under Stryker's dry run
 * (scripts/test.mjs), so a test added here that cannot run in the sandbox fails CI, not the next `pnpm mutation`;
 * then `COZE_MOCK_UNIT_REPORT` names the JSON report .ci/run counts.
 */
const report = process.env.COZE_MOCK_UNIT_REPORT;

export default defineConfig({
  test: {
    environment: 'node',
    include: ALL_TESTS,
    exclude: [...OUTSIDE_UNIT_SUITE, ...BINARY_TESTS, '**/node_modules/**'],
    // As generous as vitest.config.ts: `pnpm test` runs this suite under Stryker's instrumentation beside the other
    // suites (the heap test of src/state took over 10 s at a load average of 12). A mutant that loops is stopped by
    // Stryker's own timeout (stryker.config.mjs), not by this.
    testTimeout: 30_000,
    // One module graph per worker, as in vitest.config.ts: the dry run takes half the time, and the scores match an
    // isolated run (src/state/index.ts and src/errors.ts: 88 of 89 mutants killed either way).
    isolate: false,
    ...(report ? { reporters: ['default', ['json', { outputFile: report }]] } : {}),
    // As in vitest.config.ts: the tests' seeded keys stay out of the user's own key cache.
    env: { XDG_CACHE_HOME: fileURLToPath(new URL('./node_modules/.cache', import.meta.url)) },
  },
});
