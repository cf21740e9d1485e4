import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // @coze/api treats any `window` as a browser: keep the SDK in Node.
    environment: 'node',
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    // Every file opens its own target; sharing a worker's module cache spares re-importing the SDK versions and
    // regenerating the mock's seeded RSA key per file (about half the run time on a two-core machine).
    isolate: false,
    // Two workers even on two cores (vitest's default there is one): the files mostly wait on loopback HTTP.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run sums into its one-line summary.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
