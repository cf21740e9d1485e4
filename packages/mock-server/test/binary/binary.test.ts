/**
 * `pnpm build:binary`: the single executable, built by scripts/build-binary.mjs, copied alone into an empty folder
 * outside the workspace and started with an empty environment (no node on PATH, no node_modules anywhere above it),
 * serves the SDK's PAT, JWT and device flows, records and replays, mounts a routes file, serves the inspector, prints its version and stops cleanly. Its own turbo task
 * (`test:binary`, vitest.binary.config.ts), cached on this package's inputs: the ~100 MB build runs only when they
 * change.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CozeAPI, getDeviceCode, getDeviceToken, getJWTToken } from '@coze/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without declarations
import { buildBinary } from '../../scripts/build-binary.mjs';
import { createControlClient } from '../../src/control/client.js';
import type { PublicFixtures } from '../../src/fixtures/types.js';

const tmp = mkdtempSync(join(tmpdir(), 'coze-binary-'));
const empty = join(tmp, 'empty');
const binary = join(empty, 'coze-mock');
/** Every process this file starts, each killed by its own PID at the end. */
const started: ChildProcess[] = [];

/** Starts the binary alone (empty environment, empty folder) and resolves with the first line it prints. */
async function startAlone(args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(binary, args, { cwd: empty, env: {}, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coze-mock ${args.join(' ')} printed nothing within 30 s`)), 30_000);
    createInterface({ input: child.stdout! }).once('line', (first) => {
      clearTimeout(timer);
      resolve(first);
    });
    child.once('exit', (code) => reject(new Error(`coze-mock ${args.join(' ')} exited (${code}) before printing a line`)));
  });
  return { child, line };
}

/** Starts the binary as a mock (`--port 0 --json` and `args`) and reads the fixtures it prints. */
async function startBinary(args: string[] = []): Promise<{ child: ChildProcess; fixtures: PublicFixtures }> {
  const { child, line } = await startAlone(['--port', '0', '--json', ...args]);
  return { child, fixtures: JSON.parse(line) as PublicFixtures };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

let fixtures: PublicFixtures;

beforeAll(async () => {
  const built = await buildBinary(join(tmp, 'build', 'coze-mock'));
  mkdirSync(empty);
  copyFileSync(built, binary);
  // Copying keeps the content only: make it executable again.
  chmodSync(binary, 0o755);
  ({ fixtures } = await startBinary());
}, 180_000);

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

describe('the single executable, alone in an empty folder', () => {
  it('PAT: users.me names the fixture user', async () => {
    const client = new CozeAPI({ token: fixtures.pat, baseURL: fixtures.baseURL });
    expect((await client.users.me()).user_id).toBe(fixtures.user.user_id);
  });

  it('JWT: getJWTToken gives a czs_ service token that reads users.me as the app owner', async () => {
    const { appId, keyId, privateKey } = fixtures.apps.jwt;
    const token = await getJWTToken({ baseURL: fixtures.baseURL, appId, keyid: keyId, aud: 'api.coze.cn', privateKey });
    expect(token.access_token).toMatch(/^czs_/);
    expect((await new CozeAPI({ token: token.access_token, baseURL: fixtures.baseURL }).users.me()).user_id).toBe(fixtures.user.user_id);
  });

  it('device: getDeviceCode, approve through the control API, getDeviceToken', async () => {
    const { clientId } = fixtures.apps.device;
    const code = await getDeviceCode({ baseURL: fixtures.baseURL, clientId });
    await createControlClient(fixtures.baseURL).approveDevice(code.user_code);
    const token = await getDeviceToken({ baseURL: fixtures.baseURL, clientId, deviceCode: code.device_code });
    expect((await new CozeAPI({ token: token.access_token, baseURL: fixtures.baseURL }).users.me()).user_id).toBe(fixtures.user.user_id);
  });

  it('records what an app exchanges through `coze-mock record`, and answers it again with `--replay`', async () => {
    const recorder = await startAlone(['record', '--upstream', fixtures.baseURL, '--out', 'app.cassette.json', '--port', '0']);
    const proxy = (/^coze-mock record: (\S+) → /.exec(recorder.line) as RegExpExecArray)[1] as string;
    const recorded = await new CozeAPI({ token: fixtures.pat, baseURL: proxy }).workspaces.list();
    recorder.child.kill('SIGTERM');
    expect(await exited(recorder.child)).toBe(0);
    expect(readFileSync(join(empty, 'app.cassette.json'), 'utf8')).not.toContain(fixtures.pat);

    const replaying = await startBinary(['--replay', 'app.cassette.json', '--seed', 'another']);
    expect(replaying.fixtures.pat).not.toBe(fixtures.pat);
    expect(await new CozeAPI({ token: replaying.fixtures.pat, baseURL: replaying.fixtures.baseURL }).workspaces.list()).toEqual(recorded);
    replaying.child.kill('SIGTERM');
    expect(await exited(replaying.child)).toBe(0);
  }, 60_000);

  it('--routes mounts a routes file from beside it (ES module, no packages installed) behind the mock\'s own tokens', async () => {
    writeFileSync(
      join(empty, 'routes.mjs'),
      "export default ({ Hono, requireToken }) => new Hono().get('/v1/custom/hello', requireToken('chat'), (c) => c.json({ code: 0, msg: '', data: { hello: 'binary' } }));\n",
    );
    const own = await startBinary(['--routes', 'routes.mjs']);
    const url = `${own.fixtures.baseURL}/v1/custom/hello`;
    const answered = await fetch(url, { headers: { authorization: `Bearer ${own.fixtures.pat}` } });
    expect(await answered.json()).toEqual({ code: 0, msg: '', data: { hello: 'binary' } });
    const refused = await fetch(url, { headers: { authorization: 'Bearer pat_not_issued' } });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: number }).code).toBe(4100);
    own.child.kill('SIGTERM');
    expect(await exited(own.child)).toBe(0);
  });

  it('serves the inspector page with its script and styles from inside the binary', async () => {
    const page = await fetch(`${fixtures.baseURL}/__mock/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>coze-mock inspector</title>');
    const script = await fetch(`${fixtures.baseURL}/__mock/inspector/app.js`);
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(1000);
    expect((await fetch(`${fixtures.baseURL}/__mock/inspector/app.css`)).status).toBe(200);
  });

  it('--version prints the package version (built in: no package.json beside the binary)', async () => {
    const child = spawn(binary, ['--version'], { cwd: empty, env: {}, stdio: ['ignore', 'pipe', 'inherit'] });
    started.push(child);
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    expect(await exited(child)).toBe(0);
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(stdout.trim()).toBe(version);
  });

  it('stops on SIGTERM with exit 0 and frees its port (a binary of its own: the others keep theirs)', async () => {
    const own = await startBinary();
    expect((await fetch(`${own.fixtures.baseURL}/__mock/fixtures`)).status).toBe(200);
    own.child.kill('SIGTERM');
    expect(await exited(own.child)).toBe(0);
    await expect(fetch(`${own.fixtures.baseURL}/__mock/fixtures`)).rejects.toThrow();
    // The shared one still answers.
    expect((await fetch(`${fixtures.baseURL}/__mock/fixtures`)).status).toBe(200);
  });
});
