#!/usr/bin/env node
// `pnpm test` of this package (the turbo task `test`): two runs side by side, each writing a JSON report that .ci/run
// counts.
// - The unit suite (vitest.mutation.config.ts) once, under StrykerJS's dry run (`stryker run --dryRunOnly`): the
//   tests run in Stryker's sandbox as `pnpm mutation` runs them, so a mutation setup that cannot start fails here,
//   and the suite is not run a second time without it. Report: test-results/unit.json. Stryker stops at the first
//   failing test; `pnpm exec vitest run --project unit` shows them all.
// - The other files (vitest.config.ts, project `processes`: sweeps, processes, sockets). Report:
//   test-results/vitest.json.
// Each line of output is prefixed with the run it belongs to. Exits 1 if either run fails.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const binOf = (name, bin) => join(dirname(require.resolve(`${name}/package.json`)), bin);
mkdirSync(join(packageDir, 'test-results'), { recursive: true });

/** Runs `args` with this Node, each output line prefixed with `label`; resolves with the exit code. */
function run(label, args, env = {}) {
  const child = spawn(process.execPath, args, { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${label} | ${line}\n`));
  }
  return new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const [unit, processes] = await Promise.all([
  run('unit (Stryker dry run)', [binOf('@stryker-mutator/core', 'bin/stryker.js'), 'run', '--dryRunOnly', '--concurrency', '1'], {
    COZE_MOCK_UNIT_REPORT: join(packageDir, 'test-results', 'unit.json'),
  }),
  run('processes', [binOf('vitest', 'vitest.mjs'), 'run', '--project', 'processes']),
]);
if (unit !== 0) process.stdout.write('unit | failed: `pnpm --filter @coze-mock/server exec vitest run --project unit` lists every failing test\n');
process.exit(unit === 0 && processes === 0 ? 0 : 1);
