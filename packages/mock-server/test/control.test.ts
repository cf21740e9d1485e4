/**
 * The `/__mock` control API: fixtures, reset, clock, device approvals, journal, faults, deviations, introspection,
 * and its loopback-only guard.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { createClock } from '../src/clock.js';
import type { PublicFixtures } from '../src/fixtures/types.js';
import {
  apiGet,
  deviceCode,
  exchangeWebCode,
  expectApiError,
  expectOAuthError,
  expectTokens,
  fixturesOf,
  GRANT,
  introspect,
  jwtToken,
  LOGID,
  newMock,
  pollDevice,
  postJson,
  SEED,
  settleDevice,
  signJwt,
  T0,
  TOKEN_PATH,
  tokenRequest,
  tokenWorks,
  webCode,
  webTokens,
} from './helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

const getJson = async <T = Record<string, unknown>>(path: string, init?: RequestInit): Promise<T> => {
  const res = await app.request(path, init);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};
const clockPost = (body: unknown) => postJson(app, '/__mock/clock', body);

describe('GET /__mock/fixtures', () => {
  it('has exactly the documented shape', async () => {
    const f = await getJson<PublicFixtures>('/__mock/fixtures');
    const str = expect.any(String);
    const permissions = ['getUserProfile', 'listWorkspace', 'listBot', 'runWorkflow', 'chat', 'conversation', 'message', 'file'];
    expect(f).toEqual({
      baseURL: 'http://localhost',
      apps: {
        web: {
          type: 'web',
          name: 'Mock Web App',
          clientId: expect.stringMatching(/^\d{32}\.app\.coze$/),
          permissions,
          clientSecret: expect.stringMatching(/^[A-Za-z0-9]{48}$/),
          redirectUris: ['http://127.0.0.1:8080/callback', 'http://localhost:8080/callback'],
        },
        pkce: {
          type: 'pkce',
          name: 'Mock PKCE App',
          clientId: expect.stringMatching(/^\d{32}\.app\.coze$/),
          permissions,
          redirectUris: ['http://127.0.0.1:8080/callback', 'http://localhost:8080/callback'],
        },
        device: { type: 'device', name: 'Mock Device App', clientId: expect.stringMatching(/^\d{32}\.app\.coze$/), permissions },
        jwt: {
          type: 'jwt',
          name: 'Mock Service App',
          clientId: expect.stringMatching(/^\d{10}$/),
          appId: expect.stringMatching(/^\d{10}$/),
          permissions,
          keyId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          privateKey: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/),
          publicKey: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/),
          audiences: ['api.coze.cn', 'api.coze.com'],
        },
        channel: {
          type: 'channel',
          name: 'Mock Channel App',
          clientId: expect.stringMatching(/^\d{10}$/),
          appId: expect.stringMatching(/^\d{10}$/),
          keyId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          privateKey: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/),
          publicKey: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/),
          // Every published fixture bot (the Draft bot is not).
          botIdList: f.bots.filter((bot) => bot.published).map((bot) => bot.id),
          permissions: [...permissions, 'Connector.botChat'],
          audiences: ['api.coze.cn', 'api.coze.com'],
        },
      },
      pat: expect.stringMatching(/^pat_[A-Za-z0-9]{64}$/),
      accountId: expect.stringMatching(/^\d{16}$/),
      enterpriseId: expect.stringMatching(/^volcano_\d{10}$/),
      workspaces: [
        { id: expect.stringMatching(/^\d{19}$/), name: 'Personal' },
        { id: expect.stringMatching(/^\d{19}$/), name: 'Team Space' },
      ],
      bots: [
        { id: expect.stringMatching(/^\d{19}$/), name: 'Echo bot', workspaceId: f.workspaces[0]?.id, published: true, behaviour: 'echo' },
        { id: expect.stringMatching(/^\d{19}$/), name: 'Team echo bot', workspaceId: f.workspaces[1]?.id, published: true, behaviour: 'echo' },
        { id: expect.stringMatching(/^\d{19}$/), name: 'Tool bot', workspaceId: f.workspaces[0]?.id, published: true, behaviour: 'tool' },
        { id: expect.stringMatching(/^\d{19}$/), name: 'Script bot', workspaceId: f.workspaces[0]?.id, published: true, behaviour: 'script' },
        { id: expect.stringMatching(/^\d{19}$/), name: 'Draft bot', workspaceId: f.workspaces[0]?.id, published: false, behaviour: 'echo' },
      ],
      user: { user_id: expect.stringMatching(/^\d{19}$/), user_name: 'mock_user', nick_name: 'Mock User', avatar_url: str },
      workflows: [
        { id: expect.stringMatching(/^\d{19}$/), kind: 'echo', name: 'Echo workflow', description: str, workspaceId: expect.stringMatching(/^\d{19}$/) },
        { id: expect.stringMatching(/^\d{19}$/), kind: 'question', name: 'Question workflow', description: str, workspaceId: expect.stringMatching(/^\d{19}$/) },
      ],
      // Beyond the documented shape: every app, config-added ones included.
      allApps: expect.any(Array),
    });
    const ids = new Set([f.apps.web.clientId, f.apps.pkce.clientId, f.apps.device.clientId, f.apps.jwt.appId, f.apps.channel.appId]);
    expect(ids.size).toBe(5);
    expect(f.apps.channel.keyId).not.toBe(f.apps.jwt.keyId);
  });

  it('advertises the configured base URL', async () => {
    app = newMock({ baseURL: 'https://mock.example/' });
    expect((await getJson('/__mock/fixtures')).baseURL).toBe('https://mock.example');
  });

  it('lists config-added apps in allApps', async () => {
    app = newMock({ config: { apps: [{ type: 'pkce', name: 'SPA', clientId: 'spa', redirectUris: ['http://localhost:5173/cb'] }] } });
    const { allApps } = await getJson<{ allApps: { clientId: string; redirectUris: string[] }[] }>('/__mock/fixtures');
    expect(allApps).toHaveLength(6);
    expect(allApps[5]).toMatchObject({ clientId: 'spa', redirectUris: ['http://localhost:5173/cb'] });
  });
});

describe('POST /__mock/reset', () => {
  it('forgets tokens, codes, journal and faults, moves the clock back, restores the initial deviations, keeps the fixtures', async () => {
    app = newMock({ deviations: ['code-reusable'] });
    const before = fixturesOf(app);
    const tokens = await webTokens(app);
    const code = await webCode(app);
    app.mock.clock.advance(100);
    await postJson(app, '/__mock/faults', { status: 503, pathPrefix: '/nowhere' });
    await app.request('/__mock/deviations', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enable: ['no-slow-down'] }) });
    expect(await getJson('/__mock/reset', { method: 'POST' })).toEqual({ ok: true });
    expect((await getJson<{ entries: unknown[] }>('/__mock/journal')).entries).toEqual([]);
    expect(await tokenWorks(app, tokens.access_token)).toBe(false);
    await expectOAuthError(await exchangeWebCode(app, code), 400, 'invalid_grant');
    expect((await getJson<{ faults: unknown[] }>('/__mock/faults')).faults).toEqual([]);
    expect(app.mock.clock.now()).toBe(T0);
    expect((await getJson<{ enabled: string[] }>('/__mock/deviations')).enabled).toEqual(['code-reusable']);
    expect(fixturesOf(app)).toEqual(before);
    // A PAT is a fixture, not state.
    expect(await tokenWorks(app, before.pat)).toBe(true);
  });
});

describe('/__mock/clock', () => {
  it('reads, advances, sets (ms or ISO) and resets the mock clock', async () => {
    expect(await getJson('/__mock/clock')).toEqual({ now: T0, nowSeconds: T0 / 1000, iso: '2026-01-01T00:00:00.000Z', frozen: true });
    expect(await (await clockPost({ advanceSeconds: 90 })).json()).toMatchObject({ now: T0 + 90_000 });
    expect(await (await clockPost({ advanceSeconds: -30 })).json()).toMatchObject({ now: T0 + 60_000 });
    expect(await (await clockPost({ set: T0 + 5000 })).json()).toMatchObject({ now: T0 + 5000 });
    expect(await (await clockPost({ set: '2026-06-01T08:00:00+08:00' })).json()).toMatchObject({ iso: '2026-06-01T00:00:00.000Z' });
    expect(await (await clockPost({ reset: true })).json()).toMatchObject({ now: T0 });
  });

  it('moves a ticking clock by an offset', async () => {
    let wall = 1_000_000;
    app = newMock({ clock: createClock({ source: () => wall }) });
    await clockPost({ advanceSeconds: 10 });
    wall += 500;
    expect(await getJson('/__mock/clock')).toMatchObject({ now: 1_010_500, frozen: false });
  });

  it('expires what it should: a code after the clock moves 5 minutes', async () => {
    const code = await webCode(app);
    await clockPost({ advanceSeconds: 300 });
    await expectOAuthError(await exchangeWebCode(app, code), 400, 'invalid_grant', /expired/);
  });

  it.each([
    ['no instruction', {}],
    ['two instructions', { advanceSeconds: 1, reset: true }],
    ['a string advance', { advanceSeconds: '10' }],
    ['a negative instant', { set: -1 }],
    ['a date that is no ISO datetime', { set: 'tomorrow' }],
    ['an instant beyond a JavaScript Date', { set: 9e15 }],
    ['an advance beyond a JavaScript Date', { advanceSeconds: 1e9, after: { set: 8.6399e15 } }],
  ])('refuses %s with 400 and keeps working', async (_name, body) => {
    const { after, ...payload } = body as { after?: unknown };
    if (after) expect((await clockPost(after)).status).toBe(200);
    await expectOAuthError(await clockPost(payload), 400, 'invalid_request');
    expect((await app.request('/__mock/clock')).status).toBe(200);
    expect(await tokenWorks(app, fixturesOf(app).pat)).toBe(true);
  });
});

describe('/__mock/device/approve and deny', () => {
  it('approve lets the next poll have tokens; the user code may be typed in any case without the dash', async () => {
    const dc = await deviceCode(app);
    const res = await settleDevice(app, dc.user_code.toLowerCase().replace('-', ''));
    expect(await res.json()).toMatchObject({ ok: true, status: 'approved' });
    await expectTokens(await pollDevice(app, dc.device_code));
  });

  it('deny makes the next poll access_denied', async () => {
    const dc = await deviceCode(app);
    expect(await (await settleDevice(app, dc.user_code, 'deny')).json()).toMatchObject({ ok: true, status: 'denied' });
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'access_denied');
  });

  it.each([
    ['an unknown code', 'unknown', 404],
    ['a code already settled', 'settled', 400],
    ['an expired code', 'expired', 400],
    ['a missing user_code', 'missing', 400],
  ])('refuses %s', async (_name, variant, status) => {
    const dc = await deviceCode(app);
    if (variant === 'settled') await settleDevice(app, dc.user_code);
    if (variant === 'expired') app.mock.clock.advance(300);
    const body = variant === 'missing' ? {} : { user_code: variant === 'unknown' ? 'BBBB-BBBB' : dc.user_code };
    await expectOAuthError(await postJson(app, '/__mock/device/approve', body), status, 'invalid_request');
  });
});

describe('/__mock/journal', () => {
  it('records each non-control request with grant, client, error and a log id, and no credentials', async () => {
    const f = fixturesOf(app);
    await webTokens(app);
    const jwt = await signJwt(app);
    await tokenRequest(app, { grant_type: GRANT.jwt }, jwt);
    await tokenRequest(app, { grant_type: GRANT.refresh, client_id: f.apps.web.clientId, refresh_token: 'nope' }, f.apps.web.clientSecret);
    await apiGet(app, '/v1/users/me', f.pat);
    await app.request('/__mock/fixtures');
    const { entries } = await getJson<{ entries: Record<string, unknown>[] }>('/__mock/journal');
    expect(entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'GET /api/permission/oauth2/authorize 302',
      'GET /oauth/consent 200',
      'POST /oauth/consent 302',
      `POST ${TOKEN_PATH} 200`,
      `POST ${TOKEN_PATH} 200`,
      `POST ${TOKEN_PATH} 400`,
      'GET /v1/users/me 200',
    ]);
    expect(entries[3]).toMatchObject({ grantType: GRANT.code, clientId: f.apps.web.clientId, at: T0, logid: expect.stringMatching(LOGID) });
    expect(entries[4]).toMatchObject({ grantType: GRANT.jwt, clientId: f.apps.jwt.appId });
    expect(entries[5]).toMatchObject({ grantType: GRANT.refresh, error: 'invalid_grant' });
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const text = JSON.stringify(entries);
    for (const secret of [f.apps.web.clientSecret, f.pat, jwt]) expect(text).not.toContain(secret);
  });

  it('filters by path and since, and DELETE clears it', async () => {
    await apiGet(app, '/v1/users/me');
    await apiGet(app, '/v1/workspaces');
    await apiGet(app, '/v1/users/me');
    const byPath = await getJson<{ entries: { seq: number; error: number }[] }>('/__mock/journal?path=/v1/users/me');
    expect(byPath.entries.map((e) => e.seq)).toEqual([1, 3]);
    expect(byPath.entries[0]?.error).toBe(4100);
    expect((await getJson<{ entries: { seq: number }[] }>('/__mock/journal?since=2')).entries.map((e) => e.seq)).toEqual([3]);
    await expectOAuthError(await app.request('/__mock/journal?since=nonsense'), 400, 'invalid_request', /since/);
    await getJson('/__mock/journal', { method: 'DELETE' });
    expect((await getJson<{ entries: unknown[] }>('/__mock/journal')).entries).toEqual([]);
  });

  it('keeps only the newest 1000 entries', async () => {
    for (let i = 0; i < 1005; i++) app.mock.journal.record({ at: 0, method: 'GET', path: '/x', query: '', status: 200, logid: 'l', durationMs: 0, grantType: undefined, clientId: undefined, error: undefined, authorization: undefined, contentType: undefined, cookie: undefined, userAgent: undefined, bodyText: undefined, aborted: false });
    const { entries } = await getJson<{ entries: { seq: number }[] }>('/__mock/journal');
    expect(entries).toHaveLength(1000);
    expect(entries[0]?.seq).toBe(6);
  });
});

describe('/__mock/faults', () => {
  it('fails the next N matching requests with the status, Coze-shaped, then lets them through', async () => {
    const { fault } = await (await postJson(app, '/__mock/faults', { pathPrefix: TOKEN_PATH, status: 503, count: 2 })).json();
    expect(fault).toMatchObject({ id: 1, pathPrefix: TOKEN_PATH, status: 503, remaining: 2 });
    const jwt = await signJwt(app);
    await expectOAuthError(await tokenRequest(app, { grant_type: GRANT.jwt }, jwt), 503, 'temporarily_unavailable', /fault injected/);
    await expectOAuthError(await tokenRequest(app, { grant_type: GRANT.jwt }, jwt), 503, 'temporarily_unavailable');
    // The faulted requests never reached the grant: the JWT is still unused.
    await expectTokens(await tokenRequest(app, { grant_type: GRANT.jwt }, jwt));
    expect((await getJson<{ faults: unknown[] }>('/__mock/faults')).faults).toEqual([]);
  });

  it.each([
    [500, 'internal_error', 5000],
    [429, 'slow_down', 4013],
  ] as const)('status %i: OAuth endpoints answer %s, /v1 answers code %i', async (status, error, code) => {
    await postJson(app, '/__mock/faults', { status, count: 2 });
    await expectOAuthError(await tokenRequest(app, { grant_type: GRANT.jwt }), status, error);
    await expectApiError(await apiGet(app, '/v1/users/me', fixturesOf(app).pat), status, code);
    await expectApiData200();
  });

  it('matches a method when given, and never faults the control API', async () => {
    await postJson(app, '/__mock/faults', { status: 500, method: 'get', count: 5 });
    expect((await tokenRequest(app, { grant_type: GRANT.jwt })).status).toBe(401);
    expect((await app.request('/__mock/fixtures')).status).toBe(200);
    expect((await apiGet(app, '/v1/users/me', fixturesOf(app).pat)).status).toBe(500);
    await getJson('/__mock/faults', { method: 'DELETE' });
    await expectApiData200();
  });

  it.each([
    ['status 404', { status: 404 }],
    ['a pathPrefix without /', { status: 500, pathPrefix: 'v1' }],
    ['count 0', { status: 500, count: 0 }],
    ['a delay over 10 s', { status: 500, delayMs: 10_001 }],
  ])('refuses %s', async (_name, body) => {
    await expectOAuthError(await postJson(app, '/__mock/faults', body), 400, 'invalid_request');
  });

  async function expectApiData200() {
    expect((await apiGet(app, '/v1/workspaces', fixturesOf(app).pat)).status).toBe(200);
  }
});

describe('/__mock/deviations', () => {
  const put = (enable: unknown) =>
    app.request('/__mock/deviations', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enable }) });

  it('lists what is available and switches deviations on and off', async () => {
    const listed = await getJson<{ enabled: string[]; available: Record<string, string> }>('/__mock/deviations');
    expect(listed.enabled).toEqual([]);
    expect(Object.keys(listed.available)).toContain('code-reusable');
    const code = await webCode(app);
    expect(await (await put(['code-reusable'])).json()).toEqual({ enabled: ['code-reusable'] });
    await expectTokens(await exchangeWebCode(app, code));
    await expectTokens(await exchangeWebCode(app, code));
    await put([]);
    await expectOAuthError(await exchangeWebCode(app, code), 400, 'invalid_grant');
  });

  it('refuses unknown names, changing nothing', async () => {
    await put(['no-slow-down']);
    await expectOAuthError(await put(['no-slow-down', 'make-it-pass', 'constructor']), 400, 'invalid_request', /make-it-pass, constructor/);
    expect((await getJson<{ enabled: string[] }>('/__mock/deviations')).enabled).toEqual(['no-slow-down']);
  });
});

describe('/__mock/introspect', () => {
  it('describes a live token without echoing it, and says inactive for unknown or expired ones', async () => {
    const { access_token } = await jwtToken(app, { duration_seconds: 60 });
    const live = await introspect(app, access_token);
    expect(live).toMatchObject({ active: true, kind: 'service', clientId: fixturesOf(app).apps.jwt.appId, expiresAt: T0 / 1000 + 60 });
    expect(live).not.toHaveProperty('token');
    expect(await introspect(app, 'czu_nope')).toEqual({ active: false });
    app.mock.clock.advance(60);
    expect(await introspect(app, access_token)).toEqual({ active: false });
  });

  it('refuses a missing token', async () => {
    await expectOAuthError(await postJson(app, '/__mock/introspect', {}), 400, 'invalid_request', /token/);
  });
});

describe('loopback only', () => {
  const remote = { incoming: { socket: { remoteAddress: '10.1.2.3' } } };
  const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
  const controlPaths = ['/__mock/fixtures', '/__mock/clock', '/__mock/journal', '/__mock/faults', '/__mock/deviations'];

  it.each(controlPaths)('GET %s refuses a non-loopback client with 403', async (path) => {
    const res = await app.request(path, {}, remote);
    expect(res.status).toBe(403);
    // Both spellings, like every other error of the mock.
    expect(await res.json()).toMatchObject({ error: 'forbidden', error_code: 'forbidden', error_message: expect.stringContaining('loopback') });
    expect(res.headers.get('x-tt-logid')).toMatch(LOGID);
  });

  it('refuses state-changing calls from a non-loopback client, which change nothing', async () => {
    const tokens = await webTokens(app);
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 3600 }) };
    expect((await app.request('/__mock/clock', init, remote)).status).toBe(403);
    expect((await app.request('/__mock/reset', { method: 'POST' }, remote)).status).toBe(403);
    expect(app.mock.clock.now()).toBe(T0);
    expect(await tokenWorks(app, tokens.access_token)).toBe(true);
  });

  it.each(['evil.example', 'evil.example:8787', '127.0.0.1.evil.example', 'localhost.evil.example'])(
    'refuses Host: %s (DNS rebinding) with 403',
    async (host) => {
      expect((await app.request('/__mock/fixtures', { headers: { host } })).status).toBe(403);
    },
  );

  it.each(['127.0.0.1:8787', 'localhost', 'LOCALHOST:1', '[::1]:8787', '127.1.2.3'])('accepts Host: %s', async (host) => {
    expect((await app.request('/__mock/fixtures', { headers: { host } })).status).toBe(200);
  });

  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('accepts a client at %s', async (address) => {
    expect((await app.request('/__mock/fixtures', {}, fromAddress(address))).status).toBe(200);
  });

  it('allowRemoteControl (option or config) opens it', async () => {
    for (const options of [{ allowRemoteControl: true }, { config: { allowRemoteControl: true } }]) {
      app = newMock(options);
      expect((await app.request('/__mock/fixtures', { headers: { host: 'mock.example' } }, remote)).status).toBe(200);
    }
  });

  it('the public endpoints answer remote clients as usual', async () => {
    expect((await app.request('/v1/users/me', { headers: { authorization: `Bearer ${fixturesOf(app).pat}`, host: 'mock.example' } }, remote)).status).toBe(200);
  });
});

it('the seed is the test seed (a guard for the helpers)', () => {
  expect(app.mock.fixtures.seed).toBe(SEED);
});
