import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkById } from '../src/checks/index.js';
import { runVersionInChild } from '../src/contract/child-run.js';
import { installSdk, resolveSdkSpec } from '../src/contract/sdk-specs.js';
import { runChecks } from '../src/runner/run-checks.js';
import { installedSdks, loadSdk } from '../src/sdk/load-sdk.js';
import { openMockTarget } from '../src/targets/mock-target.js';

describe('SDK versions for pnpm contract', () => {
  it('has the aliased versions installed side by side', () => {
    expect([...installedSdks().keys()].sort()).toEqual(['1.0.14', '1.0.21', '1.0.4', '1.2.0', '1.3.9']);
  });

  it('resolves an installed version to its alias without npm', async () => {
    expect(await resolveSdkSpec('1.2.0')).toMatchObject({ label: '1.2.0', from: 'cz-sdk-1.2.0' });
  });

  it('installs a named version into the cache with npm (offline, from a local directory) and runs checks on it', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'coze-sdk-cache-'));
    const source = installedSdks().get('1.0.21')!.dir;
    const location = await installSdk(`file:${source}`, cache);
    expect(location.dir).toBe(source);
    expect(location.label).toBe('1.0.21');
    const sdk = await loadSdk(location);
    expect(sdk.has).toEqual({ usersMe: false, signsJwt: true });
    const target = await openMockTarget();
    try {
      const results = await runChecks(['jwt.token', 'pat.users-me'].map((id) => checkById(id)!), target, sdk);
      expect(results.map((r) => r.status)).toEqual(['pass', 'skip']);
    } finally {
      await target.close();
    }
  }, 60_000);

  it('contains 1.0.14\'s never-settling JWT failure in a child process: a timeout plus an unhandled rejection', async () => {
    const run = await runVersionInChild(installedSdks().get('1.0.14')!, mkdtempSync(join(tmpdir(), 'coze-run-')), 60_000, ['jwt.token', 'jwt.unknown-kid']);
    expect(run.results.map((r) => [r.id, r.status])).toEqual([
      ['jwt.token', 'pass'],
      ['jwt.unknown-kid', 'timeout'],
    ]);
    expect(run.unhandledRejections).toEqual([expect.stringMatching(/^AuthenticationError/)]);
  }, 60_000);

  it('says clearly when a local --sdk path does not exist', async () => {
    await expect(installSdk('file:/nonexistent/coze-api', mkdtempSync(join(tmpdir(), 'c-')))).rejects.toThrow(/does not exist/);
  });
});
