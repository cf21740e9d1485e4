import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControlClient, type ControlClient } from '@coze-mock/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../src/checks/index.js';
import { runChecks, type CheckResult } from '../src/runner/run-checks.js';
import { loadSdkFromEnv } from '../src/sdk/load-sdk.js';
import { recordLiveSnapshot } from '../src/shapes/record.js';
import { compareWithSnapshot, latestSnapshot, type ContractSnapshot } from '../src/shapes/snapshot.js';
import { createLiveTarget, type LivePrompt } from '../src/targets/live-target.js';
import { spawnMockProcess, type MockProcess } from './support/mock-process.js';

/**
 * Proves the live path: the live target, configured only by environment variables built from the fixtures a separate
 * coze-mock process prints, runs the checks without knowing it talks to a mock. The only mock-aware part is this
 * harness's scripted person, who approves consent pages and device codes through the control API.
 */

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });

/** A refresh token the "user" got earlier, through a device flow driven over raw HTTP and the control API. */
async function earlierRefreshToken(url: string, deviceClientId: string, control: ControlClient): Promise<string> {
  const post = async (path: string, body: unknown) =>
    (await (await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, string>;
  const code = await post('/api/permission/oauth2/device/code', { client_id: deviceClientId });
  await control.approveDevice(code.user_code as string);
  const token = await post('/api/permission/oauth2/token', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: deviceClientId, device_code: code.device_code });
  return token.refresh_token as string;
}

let mock: MockProcess;
let env: Record<string, string>;
let work: string;
let person: (prompt: LivePrompt) => Promise<void>;
const prompts: LivePrompt['kind'][] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'coze-live-'));
  const redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
  writeFileSync(join(work, 'mock.json'), JSON.stringify({ redirectUris: [redirectUri] }));
  mock = await spawnMockProcess(['--config', join(work, 'mock.json')]);
  const control = createControlClient(mock.url);
  const { apps, pat, accountId, enterpriseId, workspaces, user } = mock.fixtures;
  writeFileSync(join(work, 'jwt.pem'), apps.jwt.privateKey);
  writeFileSync(join(work, 'channel.pem'), apps.channel.privateKey);
  writeFileSync(join(work, 'refresh-token'), `${await earlierRefreshToken(mock.url, apps.device.clientId, control)}\n`);
  person = async (prompt) => {
    prompts.push(prompt.kind);
    if (prompt.kind === 'enter-user-code') return control.approveDevice(prompt.userCode);
    const consent = await control.completeConsent(prompt.url, 'approve');
    await fetch(consent.location); // the browser follows the redirect to the waiting callback
  };
  env = {
    COZE_LIVE: '1',
    COZE_LIVE_INTERACTIVE: '1',
    COZE_BASE_URL: mock.url,
    COZE_API_TOKEN: pat,
    COZE_JWT_APP_ID: apps.jwt.appId,
    COZE_JWT_KEY_ID: apps.jwt.keyId,
    COZE_JWT_PRIVATE_KEY_FILE: join(work, 'jwt.pem'),
    COZE_CHANNEL_APP_ID: apps.channel.appId,
    COZE_CHANNEL_KEY_ID: apps.channel.keyId,
    COZE_CHANNEL_PRIVATE_KEY_FILE: join(work, 'channel.pem'),
    COZE_CHANNEL_BOT_ID: apps.channel.botIdList.join(','),
    COZE_USER_ID: user.user_id,
    COZE_WEB_CLIENT_ID: apps.web.clientId,
    COZE_WEB_CLIENT_SECRET: apps.web.clientSecret,
    COZE_WEB_REDIRECT_URI: redirectUri,
    COZE_PKCE_CLIENT_ID: apps.pkce.clientId,
    COZE_DEVICE_CLIENT_ID: apps.device.clientId,
    COZE_REFRESH_TOKEN_FILE: join(work, 'refresh-token'),
    COZE_REFRESH_CLIENT_ID: apps.device.clientId,
    COZE_ACCOUNT_ID: accountId,
    COZE_ENTERPRISE_ID: enterpriseId,
    COZE_WORKSPACE_ID: (workspaces[1] ?? workspaces[0])?.id as string,
  };
}, 60_000);
afterAll(() => mock?.stop());

describe('the live target against a coze-mock in a separate process', () => {
  let results: CheckResult[];

  it('passes every check it can run, including the interactive ones with a scripted person', async () => {
    const target = createLiveTarget(env, { prompt: person, consentTimeoutMs: 10_000 });
    const refreshBefore = readFileSync(env.COZE_REFRESH_TOKEN_FILE as string, 'utf8');
    results = await runChecks(ALL_CHECKS, target, await loadSdkFromEnv({}));
    const failed = results.filter((r) => r.status === 'fail' || r.status === 'timeout');
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    const ran = results.filter((r) => r.status === 'pass').map((r) => r.id);
    expect(ran).toEqual(expect.arrayContaining(['pat.users-me', 'jwt.token', 'jwt.single-use', 'jwt.account-path', 'refresh.supplied-token', 'errors.both-shapes', 'shapes.match-snapshot']));
    expect(ran).toEqual(expect.arrayContaining(['web.code-flow', 'pkce.s256-flow', 'device.approve-then-poll', 'web.workspace-authorize']));
    expect(prompts).toEqual(expect.arrayContaining(['open-url', 'enter-user-code']));
    expect(readFileSync(env.COZE_REFRESH_TOKEN_FILE as string, 'utf8'), 'the rotated refresh token is written back').not.toBe(refreshBefore);
  }, 60_000);

  it('skips only what live Coze cannot do (clock, control API, a scripted user, the mock\'s fixture bots and workflows), each with its reason', () => {
    const skipped = results.filter((r) => r.status === 'skip');
    expect(skipped.length).toBeGreaterThan(0);
    for (const result of skipped) expect(result.detail).toMatch(/clock|control API|only a person decides|coze-mock's fixture (bots|workflows)/);
  });

  it('without COZE_LIVE_INTERACTIVE runs the unattended checks and skips the flows that need a person', async () => {
    const { COZE_LIVE_INTERACTIVE: _interactive, ...unattended } = env;
    const target = createLiveTarget(unattended, { prompt: () => Promise.reject(new Error('nobody is there')) });
    const checks = ALL_CHECKS.filter((c) => ['pat.users-me', 'jwt.token', 'web.code-flow', 'device.approve-then-poll'].includes(c.id));
    const byId = Object.fromEntries((await runChecks(checks, target, await loadSdkFromEnv({}))).map((r) => [r.id, r]));
    expect([byId['pat.users-me']?.status, byId['jwt.token']?.status]).toEqual(['pass', 'pass']);
    expect(byId['web.code-flow']).toMatchObject({ status: 'skip', detail: 'needs a person: set COZE_LIVE_INTERACTIVE=1' });
    expect(byId['device.approve-then-poll']?.status).toBe('skip');
  }, 30_000);

  it('records a snapshot of reply shapes with no secret or token in it, matching the docs snapshot', async () => {
    const file = await recordLiveSnapshot(createLiveTarget(env), work);
    const text = readFileSync(file, 'utf8');
    for (const secret of [env.COZE_API_TOKEN, env.COZE_WEB_CLIENT_SECRET, readFileSync(env.COZE_REFRESH_TOKEN_FILE as string, 'utf8').trim()]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/cz[us]_[A-Za-z0-9]{6}|pat_[A-Za-z0-9]{6}|BEGIN/);
    const recorded = JSON.parse(text) as ContractSnapshot;
    expect(Object.keys(recorded.probes)).toEqual(expect.arrayContaining(['token.jwt', 'device.pending', 'openapi.workspaces']));
    expect(compareWithSnapshot(latestSnapshot().snapshot, recorded.probes).drift).toEqual([]);
  }, 30_000);
});
