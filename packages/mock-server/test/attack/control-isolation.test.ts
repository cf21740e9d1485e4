/**
 * Control API isolation over real sockets (issue 8 "What held"): a server bound to 0.0.0.0 and reached from another
 * host — a network namespace the test makes (test-host.ts) — refuses `/__mock` whatever Host, X-Forwarded-For,
 * Forwarded or X-Real-IP claim; on loopback a foreign Host is refused too (DNS rebinding). The socket's address is
 * what matters here, so these run over HTTP. Cross-site requests from a browser on loopback are finding 3, in
 * findings-control.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../../src/server.js';
import { createClock } from '../../src/clock.js';
import { SEED, T0 } from '../helpers.js';
import { rawHttp } from './support.js';
import { createTestHost, type RawRequest, type TestHost } from './test-host.js';

const spoofs: [string, Record<string, string>][] = [
  ['no spoofing', {}],
  ['Host: localhost', { host: 'localhost' }],
  ['Host: 127.0.0.1 with the port', { host: '127.0.0.1:PORT' }],
  ['X-Forwarded-For: 127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }],
  ['X-Forwarded-For: ::1', { 'x-forwarded-for': '::1' }],
  ['Forwarded: for=127.0.0.1', { forwarded: 'for=127.0.0.1;host=localhost;proto=http' }],
  ['X-Real-IP: 127.0.0.1', { 'x-real-ip': '127.0.0.1' }],
  ['every one at once', { host: 'localhost', 'x-forwarded-for': '127.0.0.1', forwarded: 'for=127.0.0.1', 'x-real-ip': '127.0.0.1', 'x-forwarded-host': 'localhost' }],
];

const host = createTestHost();
const why = typeof host === 'string' ? host : undefined;

describe.skipIf(why !== undefined)('a 0.0.0.0 bind reached from another host (a network namespace of the test’s own)', () => {
  const other = host as TestHost;
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer({ seed: SEED, clock: createClock({ frozenAt: T0 }), host: '0.0.0.0' });
  });
  afterAll(async () => {
    await server?.close();
    other.remove();
  });

  it('refuses GET /__mock/fixtures, POST /__mock/reset and POST /__mock/clock with a Coze-shaped 403, whatever is spoofed', async () => {
    const batch: (RawRequest & { spoof: string })[] = [];
    for (const [spoof, headers] of spoofs) {
      for (const [method, path] of [['GET', '/__mock/fixtures'], ['POST', '/__mock/reset'], ['POST', '/__mock/clock']] as const) {
        const spoofed = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('PORT', String(server.port))]));
        batch.push({ spoof, port: server.port, path, method, headers: { 'content-type': 'application/json', ...spoofed }, body: method === 'POST' ? '{"advanceSeconds":1}' : '' });
      }
    }
    const replies = await other.requests(batch);
    replies.forEach((reply, i) => {
      const { spoof, method, path } = batch[i] as RawRequest & { spoof: string };
      expect({ spoof, method, path, status: reply.status }).toEqual({ spoof, method, path, status: 403 });
      const body = JSON.parse(reply.text) as Record<string, unknown>;
      expect(body).toMatchObject({ error: 'forbidden', error_code: 'forbidden' });
    });
    expect(server.app.mock.clock.now()).toBe(T0);
  });

  it('the public endpoints do answer there (the refusal is the control API’s, not the network’s)', async () => {
    const [reply] = await other.requests([{ port: server.port, path: '/v1/users/me', method: 'GET', headers: { authorization: `Bearer ${server.fixtures.pat}` }, body: '' }]);
    expect(reply?.status).toBe(200);
  });

  it('on loopback the control API answers, but not to a foreign Host (DNS rebinding)', async () => {
    expect((await rawHttp({ host: '127.0.0.1', port: server.port, path: '/__mock/clock' })).status).toBe(200);
    for (const name of ['evil.example', `evil.example:${server.port}`, 'localhost.evil.example', '127.0.0.1.evil.example']) {
      expect((await rawHttp({ host: '127.0.0.1', port: server.port, path: '/__mock/clock', headers: { host: name } })).status, name).toBe(403);
    }
  });
});

if (why) it.skip(`skipped: no second host for this test (${why})`, () => {});
