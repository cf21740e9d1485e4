import { defineConfig } from 'vitest/config';

/**
 * The unit suite StrykerJS runs once per mutant (`pnpm mutation`): the in-process tests of the mutated modules. Left
 * out: the attack suite and the malformed-input sweeps (generated requests: slow, and their value is no-5xx, not
 * killing mutants), the tests that spawn processes or drive the SDK over sockets (cli, control client, SDK smoke,
 * control plane, bench smoke), and those that read files outside the package (the config JSON Schema, the root
 * README's examples, the workspace's import-circle script), which Stryker's sandbox copy of this package does not have. `pnpm test` runs Stryker's dry run
 * (`mutation:dry-run`), so a file added here that cannot run in the sandbox fails CI, not the next `pnpm mutation`.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [
      'test/attack/**',
      'test/binary/**',
      'test/sweep.test.ts', 'test/resources-sweep.test.ts',
      'test/cli.test.ts',
      'test/control-client.test.ts', 'test/sdk-smoke.test.ts',
      'test/control-plane.test.ts',
      'test/bench-quick.test.ts', 'test/fuzz-smoke.test.ts',
      'src/config/json-schema.test.ts',
      'test/readme-snippet.test.ts', 'test/readme-bots.test.ts', 'test/import-cycles.test.ts',
      '**/node_modules/**',
    ],
    testTimeout: 10_000,
    // One module graph per worker, as in vitest.config.ts: the dry run (`pnpm test`) takes half the time, and the
    // scores match an isolated run (src/state/index.ts and src/errors.ts: 88 of 89 mutants killed either way).
    isolate: false,
  },
});
