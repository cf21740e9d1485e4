import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControlClient, startMockServer, type RunningMockServer } from '@coze-mock/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../src/checks/index.js';
import { recordLiveRun } from '../src/contract/live-record.js';
import { loadSdkFromEnv } from '../src/sdk/load-sdk.js';

/**
 * `COZE_LIVE=1 pnpm contract --record`: the live run's exchanges kept as a cassette, and the drift report's section
 * "what real Coze sent that the mock does not". "Live Coze" here is a mock in this process that answers a little more
 * than the mock does (a token_type in token replies, an email and a header on users.me), reached by the live target
 * through environment variables only, as real Coze would be.
 */

const work = mkdtempSync(join(tmpdir(), 'coze-live-record-'));
const CHECKS = ALL_CHECKS.filter((check) => ['pat.users-me', 'jwt.token'].includes(check.id));
let coze: RunningMockServer;
let env: Record<string, string>;

beforeAll(async () => {
  coze = await startMockServer({ seed: 'live-record', onTokenReply: (reply) => ({ ...reply, token_type: 'Bearer' }) });
  const { pat, apps, user } = coze.fixtures;
  await createControlClient(coze.url).addReply({
    match: { method: 'GET', path: '/v1/users/me' },
    reply: { status: 200, headers: { 'x-request-id': 'req-1' }, body: { code: 0, msg: '', data: { ...user, email: 'someone@example.test' }, detail: { logid: 'l' } } },
    times: null,
    requireToken: true,
  });
  writeFileSync(join(work, 'jwt.pem'), apps.jwt.privateKey);
  env = {
    COZE_LIVE: '1',
    COZE_BASE_URL: coze.url,
    COZE_API_TOKEN: pat,
    COZE_JWT_APP_ID: apps.jwt.appId,
    COZE_JWT_KEY_ID: apps.jwt.keyId,
    COZE_JWT_PRIVATE_KEY_FILE: join(work, 'jwt.pem'),
  };
});
afterAll(async () => {
  await coze?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('contract --record', () => {
  it('without live credentials says loudly that nothing ran, writes no cassette and fails', async () => {
    let said = '';
    const out = join(work, 'none.cassette.json');
    const outcome = await recordLiveRun({ env: { COZE_LIVE: '1', COZE_LIVE_ALLOW_SKIP: '1' }, out, reportDir: work, sdk: await loadSdkFromEnv({}), log: (t) => (said += t) });
    expect(outcome.code).toBe(1);
    expect(said).toMatch(/NOTHING RAN against live Coze, and no cassette was written/);
    expect(said).toContain('COZE_API_TOKEN is not set');
    expect(existsSync(out)).toBe(false);
    await expect(recordLiveRun({ env: {}, out, reportDir: work, sdk: await loadSdkFromEnv({}) })).rejects.toThrow(/set COZE_LIVE=1/);
  });

  it('keeps the live exchanges as a cassette without credentials, and reports what live sent that the mock does not', async () => {
    let said = '';
    const out = join(work, 'live.cassette.json');
    const outcome = await recordLiveRun({ env, out, reportDir: work, checks: CHECKS, sdk: await loadSdkFromEnv({}), log: (t) => (said += t) });
    expect(outcome.code).toBe(0);
    expect(outcome.results.map((r) => [r.id, r.status])).toEqual([
      ['pat.users-me', 'pass'],
      ['jwt.token', 'pass'],
    ]);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(coze.fixtures.pat);
    expect(text).not.toMatch(/czs_[A-Za-z0-9]{8}/);
    expect(said).toMatch(/#1 {2}GET \/v1\/users\/me {2}200/);

    expect(outcome.findings).toEqual(
      expect.arrayContaining([
        { reply: 'POST /api/permission/oauth2/token 200 (urn:ietf:params:oauth:grant-type:jwt-bearer)', kind: 'field', detail: 'body.token_type: string' },
        { reply: 'GET /v1/users/me 200', kind: 'field', detail: 'body.data.email: string' },
        { reply: 'GET /v1/users/me 200', kind: 'header', detail: 'x-request-id' },
      ]),
    );
    // What both send alike is no finding.
    expect(outcome.findings.filter((f) => f.detail.startsWith('body.data.user_id') || f.detail === 'content-type')).toEqual([]);
    const report = readFileSync(join(work, 'drift.md'), 'utf8');
    expect(report).toContain('## What real Coze sent that the mock does not');
    expect(report).toContain('`body.data.email: string`');
  }, 60_000);

  it('the kept cassette replays offline: a mock answers users.me as live Coze did', async () => {
    const replaying = await startMockServer({ seed: 'offline', replay: { cassette: join(work, 'live.cassette.json') } });
    try {
      const res = await fetch(`${replaying.url}/v1/users/me`, { headers: { authorization: `Bearer ${replaying.fixtures.pat}` } });
      expect(((await res.json()) as { data: { email?: string } }).data.email).toBe('someone@example.test');
    } finally {
      await replaying.close();
    }
  });
});
