import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // test/node-lts/ is .ci/run's run on Node 22 and 24 (vitest.node-lts.config.ts).
    include: ['test/*.test.ts'],
    // Packs (three tsgo builds) and installs the tarballs into a fresh npm project once, before any file; packing
    // empties packages/*/dist, so it is over before pnpm-start.test.ts runs. After it the files run side by side.
    globalSetup: ['./test/global-setup.ts'],
    maxWorkers: 3,
    // Child processes (npm, npx): on a loaded two-core machine they can take a minute or more; every
    // child process has its own bound too.
    hookTimeout: 240_000,
    testTimeout: 120_000,
    // The JSON report is what .ci/run sums into its one-line summary.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
