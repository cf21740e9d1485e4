import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../app.js';

const mockAt8787 = () => {
  const app = createMockApp();
  app.mock.origins.bind('127.0.0.1', 8787);
  return app;
};

describe('controlGuard', () => {
  it.each([
    ['a foreign Origin with text/plain and no body', { origin: 'http://evil.example', 'content-type': 'text/plain' }],
    ['a foreign Origin alone', { origin: 'http://evil.example' }],
    ['another loopback port', { origin: 'http://localhost:3000' }],
    ['Origin null', { origin: 'null' }],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }],
    ['a form body type', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['a text body type', { 'content-type': 'text/plain' }],
    ['a text type naming JSON later', { 'content-type': 'text/plain; x=application/json' }],
  ])('refuses a state-changing request with %s (403), changing nothing', async (_name, headers) => {
    const app = mockAt8787();
    app.mock.clock.advance(100);
    const res = await app.request('/__mock/reset', { method: 'POST', headers });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'forbidden', error_code: 'forbidden' });
    expect(app.mock.clock.now() - Date.now()).toBeGreaterThan(90_000);
  });

  it.each([
    ['no Origin, no body (curl, Node fetch)', {}],
    ['a JSON body type', { 'content-type': 'application/json' }],
    ['a JSON body type after spaces, any case, with a charset', { 'content-type': '  Application/JSON; charset=utf-8' }],
    ['the mock’s own origin', { origin: 'http://127.0.0.1:8787' }],
    ['a loopback alias of its port', { origin: 'http://localhost:8787' }],
    ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site none (typed in the address bar)', { 'sec-fetch-site': 'none' }],
  ])('lets through %s', async (_name, headers) => {
    const app = mockAt8787();
    expect((await app.request('/__mock/reset', { method: 'POST', headers })).status).toBe(200);
  });

  it('accepts the origin of a configured publicUrl', async () => {
    const app = createMockApp({ publicUrl: 'https://mock.example:8443' });
    expect((await app.request('/__mock/reset', { method: 'POST', headers: { origin: 'https://mock.example:8443' } })).status).toBe(200);
  });

  it('lets reads through from any origin on loopback (nothing changes)', async () => {
    const app = mockAt8787();
    expect((await app.request('/__mock/clock', { headers: { origin: 'http://evil.example' } })).status).toBe(200);
  });

  // What @hono/node-server hands over with a request: Node's request, whose socket has the peer's address.
  const overSocket = (remoteAddress: string | undefined) => ({ incoming: { headers: {}, socket: { remoteAddress }, readableEnded: true } });

  it.each([
    ['an address that cannot be read (a request that came with a TCP reset)', undefined],
    ['a foreign address', '10.0.0.7'],
    ['a foreign address mapped into IPv6', '::ffff:10.0.0.7'],
  ])('refuses %s, unless allowRemoteControl', async (_name, address) => {
    expect((await mockAt8787().request('/__mock/clock', {}, overSocket(address))).status).toBe(403);
    const open = createMockApp({ allowRemoteControl: true });
    expect((await open.request('/__mock/clock', {}, overSocket(address))).status).toBe(200);
  });

  it.each(['127.0.0.1', '127.9.8.7', '::1', '::ffff:127.0.0.1'])('lets the loopback address %s through', async (address) => {
    expect((await mockAt8787().request('/__mock/clock', {}, overSocket(address))).status).toBe(200);
  });
});
