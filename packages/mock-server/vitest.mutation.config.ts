import { defineConfig } from 'vitest/config';

/**
 * The unit suite StrykerJS runs once per mutant (`pnpm mutation`): the in-process tests of the mutated modules. Left
 * out: the attack suite and the malformed-input sweep (generated requests: slow, and their value is no-5xx, not
 * killing mutants), and the tests that spawn processes or drive the SDK over sockets (cli, control client, SDK smoke).
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/attack/**', 'test/sweep.test.ts', 'test/cli.test.ts', 'test/control-client.test.ts', 'test/sdk-smoke.test.ts', '**/node_modules/**'],
    testTimeout: 10_000,
  },
});
