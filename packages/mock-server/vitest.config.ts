import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // @coze/api treats any `window` as a browser: keep the SDK in Node.
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    isolate: false,
    testTimeout: 10_000,
    // The JSON report is what .ci/run sums into its one-line summary.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
