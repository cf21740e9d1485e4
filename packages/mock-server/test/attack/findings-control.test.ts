/**
 * Issue 8 finding 3 as the test that failed before its fix: a state-changing `/__mock` request from another site (a
 * foreign or null Origin, `Sec-Fetch-Site` other than same-origin/none, a body type other than JSON) gets a
 * Coze-shaped 403 and changes nothing; what tests send (Node fetch, JSON or no body) still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/clock.js';
import { createControlClient } from '../../src/control/client.js';
import { startMockServer, type RunningMockServer } from '../../src/server.js';
import {
  newMock,
  postJson,
  SEED,
  T0,
  tokenWorks,
  webTokens,
} from '../helpers.js';

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
      expect(app.mock.replies.list()).toEqual([]);
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

