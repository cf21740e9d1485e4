import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The unit suite StrykerJS runs once per mutant (`pnpm mutation`): the in-process tests of the mutated modules. Left
 * out: the attack suite and the malformed-input sweep (generated requests: slow, and their value is no-5xx, not
 * killing mutants), the tests that spawn processes or drive the SDK over sockets (cli, control client, SDK smoke,
 * control plane, bench smoke), and those that read files outside the package (the config JSON Schema and README),
 * which Stryker's sandbox copy does not have.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [
      'test/attack/**',
      'test/sweep.test.ts',
      'test/cli.test.ts',
      'test/control-client.test.ts', 'test/sdk-smoke.test.ts',
      'test/control-plane.test.ts',
      'test/bench-quick.test.ts',
      'src/config/json-schema.test.ts',
      '**/node_modules/**',
    ],
    testTimeout: 10_000,
    // As in vitest.config.ts: the tests' seeded keys stay out of the user's own key cache.
    env: { XDG_CACHE_HOME: fileURLToPath(new URL('./node_modules/.cache', import.meta.url)) },
  },
});
