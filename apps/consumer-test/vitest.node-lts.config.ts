import { defineConfig } from 'vitest/config';

/**
 * `.ci/run`'s consumer smoke on Node 22 and 24 (test/node-lts/): the same packed and installed project as the
 * consumer test (test/global-setup.ts), used by the Node binaries of the npm registry's `node-<os>-<cpu>` packages.
 * `COZE_CONSUMER_NODES=22` picks the lines.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/node-lts/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    hookTimeout: 240_000,
    testTimeout: 180_000,
    // Counted by .ci/run's summary beside test-results/vitest.json.
    reporters: ['default', ['json', { outputFile: 'test-results/node-lts.json' }]],
  },
});
