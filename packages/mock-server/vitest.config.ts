import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { ALL_TESTS, BINARY_TESTS, OUTSIDE_UNIT_SUITE } from './vitest.suites.js';

/**
 * Every test of the package, in two projects (vitest.suites.ts): `unit`, the in-process suite, and `processes`, the
 * sweeps and the tests of processes, sockets and files outside the package. `vitest run [file]` runs either; `pnpm
 * test` runs `processes` here and `unit` under StrykerJS's dry run (scripts/test.mjs).
 */
export default defineConfig({
  test: {
    // @coze/api treats any `window` as a browser: keep the SDK in Node.
    environment: 'node',
    // Seeded keys the tests derive are cached here, not in the user's own key cache (fixtures/key-cache.ts), which
    // keeps a bounded number of entries: the suite's many seeds would push the user's out.
    env: { XDG_CACHE_HOME: fileURLToPath(new URL('./node_modules/.cache', import.meta.url)) },
    isolate: false,
    // Two workers even on two cores (vitest's default there is one): the bench smoke mostly waits on its child
    // processes, so the other files run beside it.
    maxWorkers: 2,
    // Generous: a passing test ends as soon as it is done, and `pnpm test` runs the other suites beside this one on the
    // same two cores (run-time apps also generate RSA keys, which alone can take seconds on a loaded machine).
    testTimeout: 30_000,
    // The JSON report is what .ci/run sums into its one-line summary.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      { extends: true, test: { name: 'unit', include: ALL_TESTS, exclude: [...OUTSIDE_UNIT_SUITE, ...BINARY_TESTS, '**/node_modules/**'] } },
      { extends: true, test: { name: 'processes', include: OUTSIDE_UNIT_SUITE } },
    ],
  },
});
