/**
 * `pnpm fuzz` as a smoke: the script runs one sweep at factor 1 with a fixed seed, hands the scale to the sweep
 * through the environment (the sweep reports 500 requests, its `pnpm test` count) and ends by itself with exit 0.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('pnpm fuzz --factor 1 runs the chosen sweep from the given seed and exits 0', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['scripts/fuzz.mjs', '--factor', '1', '--budget-s', '30', '--seed', '7', 'test/attack/sweeps-api.test.ts', '-t', 'OpenAPI group'],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), env: { ...process.env, CI: 'true' }, timeout: 120_000, maxBuffer: 8 * 1024 * 1024 },
  );
  expect(stdout).toContain('fuzz: 1× the pnpm test count, seed 7');
  expect(stdout).toMatch(/sweep: 500 requests, statuses 200 /);
  expect(stdout).toContain('fuzz: seed 7 passed');
}, 120_000);
