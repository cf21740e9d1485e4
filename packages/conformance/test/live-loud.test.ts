import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../src/checks/index.js';
import { liveRunProblem } from '../src/runner/skip-summary.js';
import { planTarget } from '../src/targets/select-target.js';

/**
 * Live runs are loud (issue 8 item 7): `COZE_LIVE=1` with no check able to run fails with the skip summary, unless
 * `COZE_LIVE_ALLOW_SKIP=1`. Unit cases on liveRunProblem, then the real thing: a vitest run of this package.
 */
const problemFor = (env: Record<string, string>) => {
  const plan = planTarget(env);
  return liveRunProblem(plan.kind, ALL_CHECKS, plan.unmet, env);
};

describe('liveRunProblem', () => {
  it('COZE_LIVE=1 and no credentials: a problem that carries the skip summary', () => {
    const problem = problemFor({ COZE_LIVE: '1' });
    expect(problem).toContain('no live check can run');
    expect(problem).toContain(`0 of ${ALL_CHECKS.length} checks can run`);
    expect(problem).toContain('skipped (COZE_API_TOKEN is not set): pat.');
    expect(problem).toContain('COZE_LIVE_ALLOW_SKIP=1');
  });

  it('COZE_LIVE_ALLOW_SKIP=1 accepts it; one runnable check (a PAT) is enough; mock runs are never concerned', () => {
    expect(problemFor({ COZE_LIVE: '1', COZE_LIVE_ALLOW_SKIP: '1' })).toBeUndefined();
    expect(problemFor({ COZE_LIVE: '1', COZE_API_TOKEN: 'pat_x' })).toBeUndefined();
    expect(problemFor({})).toBeUndefined();
    expect(problemFor({ COZE_TARGET: 'live' })).toBeUndefined();
  });
});

// Each test starts a whole vitest run in a child process (bounded at 120 s): on a loaded machine that alone can take
// far longer than the package's 20 s test limit (over 60 s at a load average of 14). The two runs are independent:
// side by side.
describe.concurrent('a live conformance run without credentials', { timeout: 150_000 }, () => {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  /** The environment without any COZE_ variable of the caller's (a developer may have live credentials set). */
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COZE_') && !k.startsWith('VITEST')));
  const runVitest = (env: Record<string, string>) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['node_modules/vitest/vitest.mjs', 'run', 'test/pat.test.ts', '--reporter=dot'],
        { cwd: packageDir, env: { ...cleanEnv, ...env }, encoding: 'utf8', timeout: 120_000 },
        (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('exits non-zero and prints the skip summary', async () => {
    const run = await runVitest({ COZE_LIVE: '1' });
    expect(run.status, run.stdout + run.stderr).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/no live check can run[\s\S]*0 of \d+ checks can run/);
  });

  it('passes with COZE_LIVE_ALLOW_SKIP=1 (every check reported as skipped)', async () => {
    const run = await runVitest({ COZE_LIVE: '1', COZE_LIVE_ALLOW_SKIP: '1' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/0 of \d+ checks can run/);
  });
});
