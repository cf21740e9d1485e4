/**
 * Issue 17 finding 1 as the test that failed before its fix: a request whose socket address cannot be read (it came
 * with a TCP reset) counted as a loopback client, so only its Host header was checked. Now an unreadable address is
 * a foreign one (403) unless `allowRemoteControl`; an in-process `app.request()` (no socket at all) still passes.
 * Then the guard's property: over generated (address, Host, Origin, Sec-Fetch-Site, method, content type), only
 * loopback, same-origin, JSON-or-bodiless requests get through, unless `allowRemoteControl` is set.
 */
import fc from 'fast-check';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/clock.js';
import { createMockApp, type MockApp } from '../../src/app.js';
import { startMockServer, type RunningMockServer } from '../../src/server.js';
import { SEED, T0 } from '../helpers.js';
import { FUZZ_SEED, fuzzRuns, fuzzTimeout } from './fuzz-budget.js';

/** Sends `raw` and resets the connection at once (RST, not FIN): the server then reads no peer address. */
function sendAndReset(port: number, raw: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(raw);
      socket.resetAndDestroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve());
  });
}

const rawPost = (port: number, path: string, body: string) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('finding 1: a socket whose address cannot be read is foreign', () => {
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer({ seed: SEED, clock: createClock({ frozenAt: T0 }) });
  });
  afterAll(() => server?.close());

  it('20 clock moves and reply installs sent with a TCP reset change nothing', async () => {
    const replyRule = JSON.stringify({ match: { path: '/v1/users/me' }, reply: { status: 200, body: { planted: true } }, times: null });
    for (let i = 0; i < 10; i++) {
      await sendAndReset(server.port, rawPost(server.port, '/__mock/clock', '{"advanceSeconds":3600}'));
      await sendAndReset(server.port, rawPost(server.port, '/__mock/replies', replyRule));
    }
    // Whatever of them reached the app has been answered (or refused) by the time a later request is.
    expect((await fetch(`${server.url}/__mock/clock`)).status).toBe(200);
    expect(server.app.mock.clock.now()).toBe(T0);
    expect(server.app.mock.replies.list()).toEqual([]);
  });

  it('a loopback client over HTTP still works, and so does an in-process app.request()', async () => {
    const res = await fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advanceSeconds":1}' });
    expect(res.status).toBe(200);
    await fetch(`${server.url}/__mock/reset`, { method: 'POST' });
    const app = createMockApp({ seed: SEED });
    expect((await app.request('/__mock/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advanceSeconds":1}' })).status).toBe(200);
  });
});

// ---------------------------------------------------------------- the property

/** A generated value with what the guard must make of it. */
type Labelled<T> = { value: T; ok: boolean };
const labelled = <T>(ok: boolean, ...values: T[]): fc.Arbitrary<Labelled<T>> => fc.constantFrom(...values).map((value) => ({ value, ok }));
const either = <T>(good: fc.Arbitrary<Labelled<T>>, bad: fc.Arbitrary<Labelled<T>>) => fc.oneof(good, bad);

const PORT = 8787;
/** `null`: in-process (no Node socket); `undefined`: a socket whose address cannot be read. */
const address = either<string | null | undefined>(
  labelled(true, null, '127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'),
  fc.oneof(
    labelled(false, undefined, '', '10.0.0.7', '192.168.1.20', '0.0.0.0', '::', 'fe80::1', '::ffff:10.0.0.7', '2001:db8::1', 'localhost', '128.0.0.1'),
    fc.ipV4().filter((ip) => !ip.startsWith('127.')).map((value) => ({ value, ok: false })),
  ),
);
const host = either<string | undefined>(
  labelled(true, undefined, 'localhost', `localhost:${PORT}`, 'LOCALHOST', `127.0.0.1:${PORT}`, '127.1.2.3', `[::1]:${PORT}`, '[::1]'),
  labelled(false, 'evil.example', `evil.example:${PORT}`, 'localhost.evil.example', '127.0.0.1.nip.io', '10.0.0.7', `0.0.0.0:${PORT}`, ''),
);
const origin = either<string | undefined>(
  labelled(true, undefined, `http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`, `http://[::1]:${PORT}`),
  labelled(false, 'http://evil.example', 'null', 'http://localhost:3000', `https://127.0.0.1:${PORT}`, `http://127.0.0.1:${PORT}.evil.example`, ''),
);
const fetchSite = either<string | undefined>(labelled(true, undefined, 'same-origin', 'none'), labelled(false, 'cross-site', 'same-site', 'SAME-ORIGIN', ''));
const method = either<string>(labelled(true, 'GET', 'HEAD', 'OPTIONS'), labelled(false, 'POST', 'PUT', 'DELETE', 'PATCH'));
const contentType = either<string | undefined>(
  labelled(true, undefined, 'application/json', 'application/json; charset=utf-8', 'Application/JSON'),
  labelled(false, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/json', ''),
);

interface Case {
  address: Labelled<string | null | undefined>;
  host: Labelled<string | undefined>;
  origin: Labelled<string | undefined>;
  fetchSite: Labelled<string | undefined>;
  method: Labelled<string>;
  contentType: Labelled<string | undefined>;
  sandbox: boolean;
}

/** What the guard promises (docs/security.md): the other host is kept out, then the other site, unless it only reads. */
function mayPass(c: Case, allowRemoteControl: boolean): boolean {
  const thisMachine = allowRemoteControl || (c.address.ok && c.host.ok);
  const sameSite = c.method.ok || (c.origin.ok && c.fetchSite.ok && c.contentType.ok);
  return thisMachine && sameSite;
}

/** The request as @hono/node-server hands it over: a WHATWG request plus Node's request (lower-case headers, socket). */
function send(app: MockApp, path: string, c: Case): Promise<Response> {
  const headers: Record<string, string> = {};
  if (c.host.value !== undefined) headers.host = c.host.value;
  if (c.origin.value !== undefined) headers.origin = c.origin.value;
  if (c.fetchSite.value !== undefined) headers['sec-fetch-site'] = c.fetchSite.value;
  if (c.contentType.value !== undefined) headers['content-type'] = c.contentType.value;
  const init = { method: c.method.value, headers };
  if (c.address.value === null) return Promise.resolve(app.request(path, init));
  // A body already read off the socket (`readableEnded`): the route reads it through the WHATWG request.
  const incoming = { headers, socket: { remoteAddress: c.address.value }, readableEnded: true };
  return Promise.resolve(app.request(path, init, { incoming }));
}

describe('the control guard’s property', () => {
  const runs = fuzzRuns(300);
  for (const allowRemoteControl of [false, true]) {
    it(
      `allowRemoteControl ${allowRemoteControl}: a request passes exactly when it comes from this machine and this site, or only reads`,
      async () => {
        const app = createMockApp({ seed: SEED, allowRemoteControl, clock: createClock({ frozenAt: T0 }) });
        app.mock.origins.bind('127.0.0.1', PORT);
        const sandboxId = ((await (await app.request('/__mock/sandboxes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { id: string }).id;
        const cases = fc.record({ address, host, origin, fetchSite, method, contentType, sandbox: fc.boolean() });
        await fc.assert(
          fc.asyncProperty(cases, async (c) => {
            const path = c.sandbox ? `/__sandbox/${sandboxId}/__mock/clock` : '/__mock/clock';
            const res = await send(app, path, c);
            expect(res.status).toBeLessThan(500);
            const refused = res.status === 403;
            if (refused && c.method.value !== 'HEAD') expect(await res.json()).toMatchObject({ error: 'forbidden', error_code: 'forbidden' });
            expect({ refused }).toEqual({ refused: !mayPass(c, allowRemoteControl) });
          }),
          { seed: FUZZ_SEED, numRuns: runs },
        );
        // Nothing refused moved the clock; what passed could only read it or was refused for its body (no JSON sent).
        expect(app.mock.clock.now()).toBe(T0);
        app.close();
      },
      fuzzTimeout(runs, 5),
    );
  }
});
