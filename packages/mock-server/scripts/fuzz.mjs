#!/usr/bin/env node
// `pnpm fuzz [--factor 20] [--budget-s 60] [--total-min 20] [--seed N] [vitest filters…]`: the generated-request
// sweeps (every test file with "sweep" in its path: test/sweep.test.ts, test/resources-sweep.test.ts,
// test/attack/sweeps-*.test.ts), the control guard's property and the JSON fuzz targets (test/attack/findings-2-*)
// at `--factor` times their `pnpm test` count (default 20: 10,000 requests per attack
// group), from a fresh seed (printed; `--seed` replays a run), each sweep stopped after `--budget-s` seconds if it has
// not finished, the whole run after `--total-min` minutes whatever happens. Extra arguments go to vitest (a file,
// `-t <name>`). See test/sweep-scale.ts.
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
    'total-min': { type: 'string', default: '20' },
    seed: { type: 'string' },
    't': { type: 'string', short: 't' },
  },
  allowPositionals: true,
});
const factor = Number(values.factor);
const budgetS = Number(values['budget-s']);
const totalMin = Number(values['total-min']);
if (!(factor >= 1) || !(budgetS > 0) || !(totalMin > 0)) throw new Error('--factor must be ≥ 1, --budget-s and --total-min > 0');
const seed = values.seed ?? String(randomInt(2 ** 31));
// vitest's filters match any part of a test file's path: by default every sweep, the control guard's property and
// the JSON fuzz targets (test/attack/fuzz-budget.ts scales these two).
const files = positionals.length ? positionals : ['sweep', 'attack/findings-2-fuzz', 'attack/findings-2-control-guard'];

process.stdout.write(`fuzz: ${factor}× the pnpm test count, seed ${seed} (replay: pnpm fuzz --seed ${seed}), at most ${budgetS} s a sweep and ${totalMin} min in all\n`);
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
  process.stderr.write(`fuzz: still running after ${totalMin} min; stopping it\n`);
  child.kill('SIGKILL');
}, totalMin * 60_000);
child.on('exit', (code, signal) => {
  clearTimeout(watchdog);
  process.stdout.write(`fuzz: seed ${seed} ${code === 0 ? 'passed' : `failed (${signal ?? `exit ${code}`})`}\n`);
  process.exit(code ?? 1);
});
