import { defineConfig } from 'vitest/config';

/**
 * The isolation test (test/parallel/): two files that must run at the same time, each in its own worker, on one
 * shared mock. On two cores vitest would start a single worker by default and run them one after the other, which
 * proves nothing; two workers for two files makes them overlap (and each file checks that they do).
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/parallel/*.test.ts'],
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 30_000,
    globalSetup: ['./test/support/coze-mock.setup.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-parallel.json' }]],
  },
});
