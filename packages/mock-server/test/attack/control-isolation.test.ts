/**
 * Control API isolation over real sockets (issue 8 "What held"): a server bound to 0.0.0.0 and reached through the
 * machine's own non-loopback address refuses `/__mock` whatever Host, X-Forwarded-For, Forwarded or X-Real-IP claim;
 * on loopback a foreign Host is refused too (DNS rebinding). The socket's address is what matters here, so these run
 * over HTTP. Cross-site requests from a browser on loopback are finding 3, in findings-control.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../../src/server.js';
import { createClock } from '../../src/clock.js';
import { SEED, T0 } from '../helpers.js';
import { nonLoopbackIPv4, rawHttp } from './support.js';

const outside = nonLoopbackIPv4();

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

describe.skipIf(!outside)(`a 0.0.0.0 bind reached through ${outside ?? '(no non-loopback address)'}`, () => {
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer({ seed: SEED, clock: createClock({ frozenAt: T0 }), host: '0.0.0.0' });
  });
  afterAll(() => server?.close());

  const headersFor = (spoof: Record<string, string>) =>
    Object.fromEntries(Object.entries(spoof).map(([k, v]) => [k, v.replace('PORT', String(server.port))]));

  it.each(spoofs)('%s: GET /__mock/fixtures and POST /__mock/reset are refused with a Coze-shaped 403', async (_name, spoof) => {
    for (const [method, path] of [['GET', '/__mock/fixtures'], ['POST', '/__mock/reset'], ['POST', '/__mock/clock']] as const) {
      const res = await rawHttp({ host: outside as string, port: server.port, path, method, headers: { 'content-type': 'application/json', ...headersFor(spoof) }, body: method === 'POST' ? '{"advanceSeconds":1}' : '' });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
      const body = JSON.parse(res.text) as Record<string, unknown>;
      expect(body.error_code).toBe(body.error);
      expect(body.error_description).toBe(body.error_message);
    }
    expect(server.app.mock.clock.now()).toBe(T0);
  });

  it('the public endpoints do answer there (the refusal is the control API’s, not the network’s)', async () => {
    const res = await rawHttp({ host: outside as string, port: server.port, path: '/v1/users/me', headers: { authorization: `Bearer ${server.fixtures.pat}` } });
    expect(res.status).toBe(200);
  });

  it('on loopback the control API answers, but not to a foreign Host (DNS rebinding)', async () => {
    expect((await rawHttp({ host: '127.0.0.1', port: server.port, path: '/__mock/clock' })).status).toBe(200);
    for (const host of ['evil.example', `evil.example:${server.port}`, 'localhost.evil.example', '127.0.0.1.evil.example']) {
      expect((await rawHttp({ host: '127.0.0.1', port: server.port, path: '/__mock/clock', headers: { host } })).status, host).toBe(403);
    }
  });
});

if (!outside) it.skip('skipped: this machine has no non-loopback IPv4 address to reach a 0.0.0.0 bind through', () => {});
