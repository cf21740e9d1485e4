#!/usr/bin/env node
// `pnpm fuzz [--factor 20] [--budget-s 60] [--seed N] [vitest filters…]`: the generated-request sweeps
// (test/sweep.test.ts, test/resources-sweep.test.ts, test/attack/sweeps-*.test.ts) at `--factor` times their `pnpm test` count (default 20: 10,000
// requests per attack group), from a fresh seed (printed; `--seed` replays a run), each sweep stopped after
// `--budget-s` seconds if it has not finished. The whole run is killed after every sweep's budget plus a minute.
// Extra arguments go to vitest (a file, `-t <name>`). See test/sweep-scale.ts.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout, clearTimeout } from 'node:timers';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    factor: { type: 'string', default: '20' },
    'budget-s': { type: 'string', default: '60' },
    seed: { type: 'string' },
    't': { type: 'string', short: 't' },
  },
  allowPositionals: true,
});
const factor = Number(values.factor);
const budgetS = Number(values['budget-s']);
if (!(factor >= 1) || !(budgetS > 0)) throw new Error('--factor must be ≥ 1 and --budget-s > 0');
const seed = values.seed ?? String(randomInt(2 ** 31));
/** The sweeps: 5 attack groups, 7 properties of test/sweep.test.ts and 2 of test/resources-sweep.test.ts. */
const SWEEPS = 14;
const files = positionals.length ? positionals : ['test/attack/sweeps-oauth.test.ts', 'test/attack/sweeps-api.test.ts', 'test/sweep.test.ts', 'test/resources-sweep.test.ts'];

process.stdout.write(`fuzz: ${factor}× the pnpm test count, seed ${seed} (replay: pnpm fuzz --seed ${seed}), at most ${budgetS} s a sweep\n`);
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const args = [vitest, 'run', ...files, ...(values.t ? ['-t', values.t] : []), '--reporter=default'];
const child = spawn(process.execPath, args, {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  stdio: 'inherit',
  env: {
    ...process.env,
    COZE_MOCK_FUZZ: '1',
    COZE_MOCK_FUZZ_FACTOR: String(factor),
    COZE_MOCK_FUZZ_BUDGET_MS: String(budgetS * 1000),
    COZE_MOCK_FUZZ_SEED: seed,
    COZE_MOCK_SWEEP_VERBOSE: '1',
  },
});
const watchdog = setTimeout(() => {
  process.stderr.write(`fuzz: still running after ${SWEEPS} × ${budgetS} s + 60 s; stopping it\n`);
  child.kill('SIGKILL');
}, (SWEEPS * budgetS + 60) * 1000);
child.on('exit', (code, signal) => {
  clearTimeout(watchdog);
  process.stdout.write(`fuzz: seed ${seed} ${code === 0 ? 'passed' : `failed (${signal ?? `exit ${code}`})`}\n`);
  process.exit(code ?? 1);
});
