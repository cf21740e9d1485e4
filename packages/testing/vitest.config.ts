import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // @coze/api treats any `window` as a browser: keep the SDK in Node.
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // Run by vitest.parallel.config.ts, in two workers at once.
    exclude: ['test/parallel/**'],
    // Files share a worker's module cache (the mock and the SDK are imported once per worker, not per file): the
    // fixture must still give each file its own mock, which test/vitest-fixture.test.ts checks. A user's default
    // (isolated files) is what apps/consumer-test runs.
    isolate: false,
    // Two workers even on two cores (vitest's default there is one): the files mostly wait on loopback HTTP.
    maxWorkers: 2,
    // A file's first test also starts its mock (the fixture is file-scoped): allow for a loaded CI machine.
    testTimeout: 30_000,
    // Exercises cozeMockGlobalSetup (test/vitest-global-setup.test.ts reads what it provides).
    globalSetup: ['./test/support/coze-mock.setup.ts'],
    // The JSON report is what .ci/run sums into its one-line summary.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
