/**
 * `pnpm build:binary`: the single executable, copied alone into an empty folder outside the workspace and started with
 * an empty environment (no node on PATH, no node_modules anywhere above it), must serve the SDK's PAT, JWT and device
 * flows.
 */
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CozeAPI, getDeviceCode, getDeviceToken, getJWTToken } from '@coze/api';
import { createControlClient, type PublicFixtures } from '@coze-mock/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToEnd, start, type Child } from '../src/child.js';
import { tempDir } from '../src/pack.js';
import { REPO_ROOT } from '../src/packages.js';

const tmp = tempDir('coze-binary-');
const children: Child[] = [];
let binary: Child;
let fixtures: PublicFixtures;

beforeAll(async () => {
  const built = join(tmp.path, 'build', 'coze-mock');
  const build = await runToEnd('pnpm', ['build:binary', '--out', built], { cwd: REPO_ROOT }, 180_000);
  if (build.code !== 0) throw new Error(`pnpm build:binary failed:\n${build.stdout}\n${build.stderr}`);
  const empty = join(tmp.path, 'empty');
  mkdirSync(empty);
  copyFileSync(built, join(empty, 'coze-mock'));
  // Copying drops nothing but the file itself: keep it executable.
  chmodSync(join(empty, 'coze-mock'), 0o755);
  binary = start(join(empty, 'coze-mock'), ['--port', '0', '--json'], { cwd: empty, env: {} });
  children.push(binary);
  fixtures = JSON.parse(await binary.firstLine(30_000)) as PublicFixtures;
});

afterAll(() => {
  children.forEach((child) => child.kill());
  tmp.remove();
});

describe('the single executable, alone in an empty folder', () => {
  it('PAT: users.me', async () => {
    const client = new CozeAPI({ token: fixtures.pat, baseURL: fixtures.baseURL });
    expect((await client.users.me()).user_id).toBe(fixtures.user.user_id);
  });

  it('JWT: getJWTToken, and the service token reads users.me', async () => {
    const { appId, keyId, privateKey } = fixtures.apps.jwt;
    const token = await getJWTToken({ baseURL: fixtures.baseURL, appId, keyid: keyId, aud: 'api.coze.cn', privateKey });
    expect(token.access_token).toMatch(/^czs_/);
    expect((await new CozeAPI({ token: token.access_token, baseURL: fixtures.baseURL }).users.me()).user_id).toBeTruthy();
  });

  it('device: getDeviceCode, approve through the control API, getDeviceToken', async () => {
    const { clientId } = fixtures.apps.device;
    const code = await getDeviceCode({ baseURL: fixtures.baseURL, clientId });
    await createControlClient(fixtures.baseURL).approveDevice(code.user_code);
    const token = await getDeviceToken({ baseURL: fixtures.baseURL, clientId, deviceCode: code.device_code });
    expect((await new CozeAPI({ token: token.access_token, baseURL: fixtures.baseURL }).users.me()).user_id).toBe(fixtures.user.user_id);
  });

  it('records what an app exchanges through `coze-mock record`, and answers it again with `--replay`', async () => {
    const empty = join(tmp.path, 'empty');
    const recorder = start(join(empty, 'coze-mock'), ['record', '--upstream', fixtures.baseURL, '--out', 'app.cassette.json', '--port', '0'], { cwd: empty, env: {} });
    children.push(recorder);
    const proxy = (/^coze-mock record: (\S+) → /.exec(await recorder.firstLine(30_000)) as RegExpExecArray)[1] as string;
    const recorded = await new CozeAPI({ token: fixtures.pat, baseURL: proxy }).workspaces.list();
    recorder.process.kill('SIGTERM');
    expect((await recorder.exited(15_000)).code).toBe(0);
    expect(readFileSync(join(empty, 'app.cassette.json'), 'utf8')).not.toContain(fixtures.pat);

    const replaying = start(join(empty, 'coze-mock'), ['--replay', 'app.cassette.json', '--port', '0', '--seed', 'another', '--json'], { cwd: empty, env: {} });
    children.push(replaying);
    const other = JSON.parse(await replaying.firstLine(30_000)) as PublicFixtures;
    expect(other.pat).not.toBe(fixtures.pat);
    expect(await new CozeAPI({ token: other.pat, baseURL: other.baseURL }).workspaces.list()).toEqual(recorded);
    replaying.process.kill('SIGTERM');
    expect((await replaying.exited(15_000)).code).toBe(0);
  }, 60_000);

  it('--version prints the package version (built in: no package.json beside the binary)', async () => {
    const run = await runToEnd(join(tmp.path, 'empty', 'coze-mock'), ['--version'], { cwd: join(tmp.path, 'empty'), env: {} }, 30_000);
    expect(run.code).toBe(0);
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/mock-server/package.json'), 'utf8')) as { version: string };
    expect(run.stdout.trim()).toBe(version);
  });

  it('stops on SIGTERM with exit 0', async () => {
    binary.process.kill('SIGTERM');
    expect((await binary.exited(15_000)).code).toBe(0);
    await expect(fetch(`${fixtures.baseURL}/__mock/fixtures`)).rejects.toThrow();
  });
});
