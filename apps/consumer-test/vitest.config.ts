import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // Packing (three tsgo builds), one npm install and two test runners in the temp project: minutes on a loaded
    // two-core machine at worst. Every child process has its own bound too.
    hookTimeout: 240_000,
    // One file at a time: packing empties and rebuilds packages/*/dist, where `pnpm start` keeps its bundle.
    fileParallelism: false,
    testTimeout: 120_000,
    // The JSON report is what .ci/run sums into its one-line summary.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
