import { defineConfig } from 'vitest/config';
import { BINARY_TESTS } from './vitest.suites.js';

/**
 * The single executable (`pnpm build:binary`): built and tested by its own turbo task, `test:binary`, so that the
 * ~100 MB build runs only when this package's inputs change (test/binary/binary.test.ts).
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: BINARY_TESTS,
    testTimeout: 30_000,
    // The JSON report is what .ci/run sums into its one-line summary (beside test-results/vitest.json of `test`).
    reporters: ['default', ['json', { outputFile: 'test-results/binary.json' }]],
  },
});
