/**
 * The consumer smoke on the other Node lines (`.ci/run`, not `pnpm test`, which runs on the workspace's Node 20): the
 * packed packages, installed once by global-setup.ts, used from the fresh npm project with Node 22 and 24 from the npm
 * registry (src/node-lts.ts): the coze-mock CLI, the user's vitest file (PAT, JWT and device flows through the SDK and
 * @coze-mock/testing) and `coze-contract` (every check, the SDK against a fresh mock), each run by that Node.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runToEnd, start } from '../../src/child.js';
import { npmEnv } from '../../src/consumer-project.js';
import { LTS_MAJORS, ltsNode, nodeVersion } from '../../src/node-lts.js';

const { tmp, project } = inject('consumer');
const installed = (path: string) => join(project, 'node_modules', path);

for (const major of (process.env.COZE_CONSUMER_NODES?.split(',') ?? LTS_MAJORS)) {
  describe(`on Node ${major}`, () => {
    let node: string;
    it(`the registry's node-${process.platform}-${process.arch}@${major} runs`, async () => {
      node = await ltsNode(major);
      expect(await nodeVersion(node)).toMatch(new RegExp(`^v${major}\\.`));
    }, 300_000);

    it('coze-mock --version, then --port 0 --json serves users.me through Node\'s compile cache and stops on SIGTERM', async () => {
      const cli = installed('@coze-mock/server/bin/coze-mock.js');
      expect((await runToEnd(node, [cli, '--version'], { cwd: project, env: npmEnv() }, 30_000)).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      const cache = join(tmp, `compile-cache-${major}`);
      const mock = start(node, [cli, '--port', '0', '--json'], { cwd: project, env: npmEnv({ NODE_COMPILE_CACHE: cache }) });
      try {
        const fixtures = JSON.parse(await mock.firstLine(60_000)) as { baseURL: string; pat: string; user: { user_id: string } };
        const me = await fetch(`${fixtures.baseURL}/v1/users/me`, { headers: { authorization: `Bearer ${fixtures.pat}` } });
        expect(((await me.json()) as { data: { user_id: string } }).data.user_id).toBe(fixtures.user.user_id);
        mock.process.kill('SIGTERM');
        expect((await mock.exited(15_000)).code).toBe(0);
      } finally {
        mock.kill();
      }
      expect(readdirSync(cache, { recursive: true }).length, 'Node wrote its compile cache').toBeGreaterThan(0);
    });

    it('the user\'s vitest file: PAT, JWT, device with advanceClock', async () => {
      const { code, stdout, stderr } = await runToEnd(node, [installed('vitest/vitest.mjs'), 'run', '--reporter=json'], { cwd: project, env: npmEnv(), detached: true }, 120_000);
      const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { numPassedTests: number; numFailedTests: number };
      expect({ code, passed: report.numPassedTests, failed: report.numFailedTests }, stderr.slice(-3000)).toEqual({ code: 0, passed: 4, failed: 0 });
    });

    it('coze-contract: every check with the project\'s @coze/api against a fresh mock', async () => {
      const out = join(tmp, `contract-node-${major}`);
      const { code, stdout, stderr } = await runToEnd(node, [installed('@coze-mock/conformance/bin/coze-contract.js'), '--out', out], { cwd: project, env: npmEnv(), detached: true }, 180_000);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toMatch(/every version behaves as contract-baseline\.json expects/);
    });
  });
}
