/**
 * Issue 8 findings 1–7, each as the test that failed before its fix ("each finding is first a failing test").
 * They target the interface the fixes add (`limits.maxEntries`, `publicUrl`, journal `aborted`/`headers`/`body`,
 * `lifetimes.refreshReuseGraceSeconds`, the control API's cross-site refusal) and fail until those land.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect } from 'node:net';
import type { MockApp } from '../../src/app.js';
import { createClock } from '../../src/clock.js';
import { createControlClient } from '../../src/control/client.js';
import { startMockServer, type RunningMockServer } from '../../src/server.js';
import {
  apiGet,
  authorizeQuery,
  decide,
  DEVICE_CODE_PATH,
  deviceCode,
  exchangeWebCode,
  expectOAuthError,
  expectTokens,
  fixturesOf,
  GRANT,
  jwtClaims,
  jwtExchange,
  newMock,
  openConsent,
  pollDevice,
  postJson,
  refresh,
  SEED,
  settleDevice,
  signJwt,
  T0,
  tokenRequest,
  tokenWorks,
  webTokens,
} from '../helpers.js';
import { expectCapRefusal, expectInvalidClient, goodHeader, issue8Config, rawHttp, rawJwt } from './support.js';

const capped = (maxEntries: number, extra: Parameters<typeof issue8Config>[0] = {}) => newMock({ config: issue8Config({ limits: { maxEntries }, ...extra }) });

/** Sends `count` requests in parallel batches; returns every reply in order. */
async function flood(count: number, send: (i: number) => Response | Promise<Response>, batch = 100): Promise<Response[]> {
  const replies: Response[] = [];
  for (let start = 0; start < count; start += batch) {
    replies.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, i) => send(start + i)))));
  }
  return replies;
}

/** Every reply is a success or the cap's refusal, and the cap was met at least once. */
async function expectSomeRefused(replies: Response[], ok: number, family: 'oauth' | 'any' = 'oauth') {
  expect(replies.filter((r) => r.status !== ok && r.status !== 429).map((r) => r.status)).toEqual([]);
  const refused = replies.filter((r) => r.status === 429);
  expect(refused.length).toBeGreaterThan(0);
  await expectCapRefusal(refused[0] as Response, family);
}

describe('finding 1: a used jti is remembered until exp + tolerance, whatever the load (maxEntries 1000)', () => {
  it('exchange, replay refused, 1100 other JWTs (the cap refuses, evicts nothing), replay still refused', async () => {
    const app = capped(1000);
    const { privateKey } = fixturesOf(app).apps.jwt;
    const header = JSON.stringify(goodHeader(app));
    const jwt = await signJwt(app);
    await expectTokens(await jwtExchange(app, jwt));
    await expectInvalidClient(await jwtExchange(app, jwt), 'first replay');
    const others = Array.from({ length: 1100 }, () => rawJwt(header, JSON.stringify(jwtClaims(app)), privateKey));
    await expectSomeRefused(await flood(others.length, (i) => jwtExchange(app, others[i] as string)), 200);
    await expectInvalidClient(await jwtExchange(app, jwt), 'replay after the flood');
  });
});

describe('finding 2: live records are never evicted (maxEntries 1000)', () => {
  it('a pending device code, a pending consent, its form token and an access token survive floods of every table', async () => {
    const app = capped(1000);
    const web = await webTokens(app);
    const dc = await deviceCode(app);
    const consentPage = await openConsent(app, authorizeQuery(app));
    const deviceClient = fixturesOf(app).apps.device.clientId;

    await expectSomeRefused(await flood(1100, () => postJson(app, DEVICE_CODE_PATH, { client_id: deviceClient })), 200);
    await expectSomeRefused(await flood(1100, () => app.request(`/api/permission/oauth2/authorize?${new URLSearchParams(authorizeQuery(app))}`)), 302, 'any');
    await expectSomeRefused(await flood(1100, () => app.request('/oauth/device')), 200, 'any');

    expect(await tokenWorks(app, web.access_token)).toBe(true);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'authorization_pending');
    expect((await settleDevice(app, dc.user_code)).status).toBe(200);
    app.mock.clock.advance(dc.interval);
    await expectTokens(await pollDevice(app, dc.device_code));
    const decided = await decide(app, consentPage);
    const code = new URL(decided.headers.get('location') as string).searchParams.get('code') as string;
    await expectTokens(await exchangeWebCode(app, code));
  });
});

describe('finding 3: the control API refuses cross-site requests', () => {
  const stateChanging: [string, string, string][] = [
    ['POST', '/__mock/reset', '{}'],
    ['POST', '/__mock/clock', '{"advanceSeconds":3600}'],
    ['POST', '/__mock/faults', '{"status":500}'],
    ['DELETE', '/__mock/faults', ''],
    ['DELETE', '/__mock/journal', ''],
    ['PUT', '/__mock/deviations', '{"enable":["secret-not-checked"]}'],
    ['POST', '/__mock/device/approve', '{"user_code":"BBBB-BBBB"}'],
  ];
  const forged: [string, Record<string, string>, boolean][] = [
    ['a foreign Origin, JSON', { origin: 'http://evil.example', 'content-type': 'application/json' }, true],
    ['Origin null, JSON', { origin: 'null', 'content-type': 'application/json' }, true],
    ['a loopback Origin on another port, JSON', { origin: 'http://localhost:1', 'content-type': 'application/json' }, true],
    ['Sec-Fetch-Site: cross-site, JSON', { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, true],
    ['Sec-Fetch-Site: same-site, JSON', { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }, true],
    ['text/plain, no body (the issue’s reproduction)', { origin: 'http://evil.example', 'content-type': 'text/plain' }, false],
    ['text/plain, no Origin', { 'content-type': 'text/plain' }, true],
    ['a form body', { 'content-type': 'application/x-www-form-urlencoded' }, true],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }, true],
  ];

  for (const [method, path, body] of stateChanging) {
    it.each(forged)(`${method} ${path} with %s: 403, Coze-shaped, nothing changed`, async (_name, headers, withBody) => {
      const app = newMock();
      const token = (await webTokens(app)).access_token;
      const res = await app.request(path, { method, headers, ...(withBody && body ? { body } : {}) });
      const reply = (await res.json()) as Record<string, unknown>;
      expect({ status: res.status, error: reply.error === reply.error_code && typeof reply.error_message === 'string' }).toEqual({ status: 403, error: true });
      expect(app.mock.clock.now()).toBe(T0);
      expect(app.mock.faults.list()).toEqual([]);
      expect([...app.mock.deviations]).toEqual([]);
      expect(await tokenWorks(app, token)).toBe(true);
    });
  }

  it('what a test sends still works: JSON without Origin, a bodyless POST without Content-Type, same-origin and none', async () => {
    const app = newMock();
    expect((await app.request('/__mock/reset', { method: 'POST' })).status).toBe(200);
    expect((await app.request('/__mock/faults', { method: 'DELETE' })).status).toBe(200);
    expect((await postJson(app, '/__mock/clock', { advanceSeconds: 1 })).status).toBe(200);
    expect((await postJson(app, '/__mock/clock', { advanceSeconds: 1 }, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await postJson(app, '/__mock/clock', { advanceSeconds: 1 }, { 'sec-fetch-site': 'none' })).status).toBe(200);
  });

  describe('over HTTP', () => {
    let server: RunningMockServer;
    beforeAll(async () => {
      server = await startMockServer({ seed: SEED, clock: createClock({ frozenAt: T0 }) });
    });
    afterAll(() => server?.close());

    it('the mock’s own origins are allowed; the control client (Node fetch) works', async () => {
      for (const origin of [server.url, `http://localhost:${server.port}`]) {
        const res = await fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"advanceSeconds":1}' });
        expect({ origin, status: res.status }).toEqual({ origin, status: 200 });
      }
      const control = createControlClient(server.url);
      await control.reset();
      expect((await control.advanceClock(60)).nowSeconds).toBe(T0 / 1000 + 60);
    });

    it('a browser page elsewhere cannot reset it (the issue’s reproduction)', async () => {
      const res = await fetch(`${server.url}/__mock/reset`, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'text/plain' } });
      expect(res.status).toBe(403);
    });
  });
});

/** A JWT exchange whose request carries the given Host header. */
const jwtWithHost = (app: MockApp, jwt: string, host: string) =>
  app.request('/api/permission/oauth2/token', {
    method: 'POST',
    headers: { host, 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
    body: JSON.stringify({ grant_type: GRANT.jwt }),
  });

describe('finding 4: audiences and public URLs come from configuration, not from the Host header', () => {
  it('Host: evil.example with aud evil.example is refused', async () => {
    const app = newMock();
    for (const host of ['evil.example', 'evil.example:8443']) {
      const jwt = await signJwt(app, { claims: { aud: host } });
      await expectInvalidClient(await jwtWithHost(app, jwt, host), `aud = Host = ${host}`);
    }
  });

  it('the quickstart JWT (aud = the configured API host) keeps working whatever the Host', async () => {
    const app = newMock();
    const jwt = await signJwt(app, { claims: { aud: 'api.coze.cn' } });
    await expectTokens(await jwtWithHost(app, jwt, 'evil.example'));
  });

  it('verification_uri never follows the Host header; a configured publicUrl is used and accepted as aud', async () => {
    let app = newMock();
    const client = fixturesOf(app).apps.device.clientId;
    const res = await app.request(DEVICE_CODE_PATH, { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ client_id: client }) });
    expect(((await res.json()) as { verification_uri: string }).verification_uri).not.toContain('evil.example');

    app = newMock({ config: issue8Config({ publicUrl: 'https://mock.example.test:8443' }) });
    const viaProxy = await app.request(DEVICE_CODE_PATH, { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ client_id: client }) });
    expect(((await viaProxy.json()) as { verification_uri: string }).verification_uri).toBe('https://mock.example.test:8443/oauth/device');
    for (const aud of ['mock.example.test:8443', 'mock.example.test']) {
      await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { aud } })));
    }
  });

  describe('over HTTP, Host set to evil.example', () => {
    let server: RunningMockServer;
    beforeAll(async () => {
      server = await startMockServer({ seed: SEED });
    });
    afterAll(() => server?.close());

    const exchange = async (aud: string, host: string) => {
      const app = server.app;
      const jwt = rawJwt(JSON.stringify(goodHeader(app)), JSON.stringify(jwtClaims(app, { aud })), fixturesOf(app).apps.jwt.privateKey);
      return rawHttp({ host: '127.0.0.1', port: server.port, path: '/api/permission/oauth2/token', method: 'POST', headers: { host, 'content-type': 'application/json', authorization: `Bearer ${jwt}` }, body: JSON.stringify({ grant_type: GRANT.jwt }) });
    };

    it('the bound origin, localhost and 127.0.0.1 with the port, and their bare names are accepted', async () => {
      for (const aud of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, '127.0.0.1', 'localhost']) {
        const res = await exchange(aud, 'evil.example');
        expect({ aud, status: res.status }).toEqual({ aud, status: 200 });
      }
    });

    it('aud = the spoofed Host is refused', async () => {
      const res = await exchange('evil.example', 'evil.example');
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text)).toMatchObject({ error: 'invalid_client' });
    });

    it('verification_uri is the bound origin', async () => {
      const res = await rawHttp({ host: '127.0.0.1', port: server.port, path: DEVICE_CODE_PATH, method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ client_id: server.fixtures.apps.device.clientId }) });
      expect(JSON.parse(res.text).verification_uri).toBe(`http://127.0.0.1:${server.port}/oauth/device`);
    });
  });
});

describe('finding 5: a client that aborts mid-body is journaled as aborted, not as a mock bug', () => {
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer({ seed: SEED });
  });
  afterAll(() => server?.close());

  it('20 aborts: 20 journal entries with aborted: true and status 499, nothing on stderr', async () => {
    const errors = vi.spyOn(console, 'error');
    const stderr = vi.spyOn(process.stderr, 'write');
    try {
      for (let i = 0; i < 20; i++) {
        await new Promise<void>((resolve, reject) => {
          const socket = connect(server.port, '127.0.0.1', () => {
            socket.write(`POST /api/permission/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"grant_type":`, () => {
              socket.destroy();
              resolve();
            });
          });
          socket.on('error', reject);
        });
      }
      await vi.waitFor(() => expect(server.app.mock.journal.entries({ path: '/api/permission/oauth2/token' })).toHaveLength(20), { timeout: 5000, interval: 20 });
      for (const entry of server.app.mock.journal.entries({ path: '/api/permission/oauth2/token' })) {
        expect(entry).toMatchObject({ aborted: true, status: 499 });
      }
      expect(errors.mock.calls.map(String).join('\n')).not.toMatch(/unexpected error|aborted/);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      stderr.mockRestore();
    }
  });
});

describe('finding 6: the journal redacts every credential, in the query, the body and the headers', () => {
  const FIELDS = ['access_token', 'refresh_token', 'client_secret', 'code', 'code_verifier', 'device_code', 'assertion', 'token'];
  let app: MockApp;
  beforeAll(() => {
    app = newMock();
  });
  const lastEntry = async () => {
    const { entries } = (await (await app.request('/__mock/journal')).json()) as { entries: Record<string, unknown>[] };
    return entries.at(-1) as Record<string, unknown> & { query: string; headers: Record<string, string>; body: Record<string, unknown> };
  };

  it.each(FIELDS)('%s in the query string', async (field) => {
    const secret = `SECRET-query-${field}-1234567890`;
    await app.request(`/v1/users/me?${field}=${secret}&page=1`);
    const entry = await lastEntry();
    expect(new URLSearchParams(entry.query).get(field)).toBe('[redacted]');
    expect(new URLSearchParams(entry.query).get('page')).toBe('1');
    expect(JSON.stringify(entry)).not.toContain(secret);
  });

  it.each(FIELDS)('%s in a JSON body', async (field) => {
    const secret = `SECRET-body-${field}-1234567890`;
    await tokenRequest(app, { grant_type: GRANT.code, client_id: fixturesOf(app).apps.pkce.clientId, [field]: secret });
    const entry = await lastEntry();
    expect(entry.body).toMatchObject({ grant_type: GRANT.code, [field]: '[redacted]' });
    expect(JSON.stringify(entry)).not.toContain(secret);
  });

  it('the Authorization header', async () => {
    const secret = 'SECRET-header-czu_1234567890';
    await apiGet(app, '/v1/users/me', secret);
    const entry = await lastEntry();
    expect(entry.headers.authorization).toBe('Bearer [redacted]');
    expect(JSON.stringify(entry)).not.toContain(secret);
  });

  it('the Cookie header; content-type and user-agent are kept', async () => {
    const secret = 'SECRETcookie1234567890abcdefghij';
    await app.request('/oauth/device', { headers: { cookie: `coze_mock_form=${secret}`, 'user-agent': 'attack-suite/1', 'content-type': 'text/plain' } });
    const entry = await lastEntry();
    expect(entry.headers.cookie).toContain('[redacted]');
    expect(entry.headers).toMatchObject({ 'user-agent': 'attack-suite/1', 'content-type': 'text/plain' });
    expect(JSON.stringify(entry)).not.toContain(secret);
  });
});

describe('finding 7: lifetimes.refreshReuseGraceSeconds', () => {
  const graced = (seconds: number) => newMock({ config: issue8Config({ lifetimes: { refreshReuseGraceSeconds: seconds } }) });

  it('inside the grace a duplicate refresh returns the same new pair, which keeps working', async () => {
    const app = graced(30);
    const { refresh_token } = await webTokens(app);
    const first = await expectTokens(await refresh(app, refresh_token));
    app.mock.clock.advance(10);
    const again = await expectTokens(await refresh(app, refresh_token));
    expect({ access: again.access_token, refresh: again.refresh_token }).toEqual({ access: first.access_token, refresh: first.refresh_token });
    expect(await tokenWorks(app, first.access_token)).toBe(true);
    await expectTokens(await refresh(app, first.refresh_token));
  });

  it('50 parallel refreshes of one token (two tabs, many requests) all get the one new pair', async () => {
    const app = graced(30);
    const { refresh_token } = await webTokens(app);
    const bodies = await Promise.all(Array.from({ length: 50 }, async () => expectTokens(await refresh(app, refresh_token))));
    expect(new Set(bodies.map((b) => `${b.access_token} ${b.refresh_token}`)).size).toBe(1);
    expect(await tokenWorks(app, bodies[0]?.access_token as string)).toBe(true);
  });

  it('after the grace a duplicate revokes the family, as without one', async () => {
    const app = graced(30);
    const { refresh_token } = await webTokens(app);
    const first = await expectTokens(await refresh(app, refresh_token));
    app.mock.clock.advance(31);
    await expectOAuthError(await refresh(app, refresh_token), 400, 'invalid_grant');
    expect(await tokenWorks(app, first.access_token)).toBe(false);
  });
});
