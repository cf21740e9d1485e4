/**
 * Issue 8 findings 4, 5 and 6 as the tests that failed before their fixes: JWT audiences and `verification_uri` from
 * configuration (never the Host header), client aborts journaled as aborted (status 499, nothing on stderr), and
 * the journal's redaction of every credential in the query, the body and the headers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect } from 'node:net';
import type { MockApp } from '../../src/app.js';
import { startMockServer, type RunningMockServer } from '../../src/server.js';
import {
  apiGet,
  DEVICE_CODE_PATH,
  expectTokens,
  fixturesOf,
  GRANT,
  jwtClaims,
  jwtExchange,
  newMock,
  SEED,
  signJwt,
  tokenRequest,
} from '../helpers.js';
import { expectInvalidClient, goodHeader, issue8Config, rawHttp, rawJwt } from './support.js';

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

