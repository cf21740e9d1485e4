import { Script } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { startMockServer, type RunningMockServer } from '../src/server.js';
import { apiGet, expectOAuthError, fixturesOf, newMock, postJson } from './helpers.js';

// The inspector page (GET /__mock/), its two files and the journal stream it listens to. What the page does in a
// browser is apps/e2e/tests/inspector.spec.ts; here: what it is served with.

let app: MockApp;
afterEach(() => app?.close());

describe('GET /__mock/', () => {
  it('is a page with no inline script or style, a strict Content-Security-Policy, never framed or cached', async () => {
    app = newMock();
    const res = await app.request('/__mock/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    // Every script is a same-origin file; no element carries an inline handler or style.
    expect(page.match(/<script[^>]*>/g)).toEqual(['<script src="/__mock/inspector/app.js" defer>']);
    expect(page).not.toMatch(/\son[a-z]+=|\sstyle=|<style/i);
    expect(page).toContain(`<code id="copy-2">${fixturesOf(app).pat}</code>`);
  });

  it('redirects /__mock to /__mock/, and serves the script and stylesheet with their types', async () => {
    app = newMock();
    const redirect = await app.request('/__mock');
    expect({ status: redirect.status, location: redirect.headers.get('location') }).toEqual({ status: 302, location: '/__mock/' });
    const script = await app.request('/__mock/inspector/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    const css = await app.request('/__mock/inspector/app.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('.row-summary');
  });

  it('serves a script that compiles and holds every client module', async () => {
    app = newMock();
    const source = await (await app.request('/__mock/inspector/app.js')).text();
    expect(() => new Script(source)).not.toThrow();
    for (const module of ['core', 'clockPanel', 'detailsPanel', 'trafficPanel', 'sidePanels', 'chatsPanel']) expect(source).toContain(`(function ${module}(`);
  });

  it('answers only on loopback, like the rest of /__mock', async () => {
    app = newMock();
    for (const path of ['/__mock/', '/__mock/inspector/app.js', '/__mock/journal/stream']) {
      await expectOAuthError(await app.request(path, { headers: { host: 'evil.example' } }), 403, 'forbidden');
    }
  });

  it('in a sandbox, names its own control API and has no sandbox list', async () => {
    app = newMock();
    const sandbox = (await (await postJson(app, '/__mock/sandboxes', {})).json()) as { baseURL: string };
    const prefix = new URL(sandbox.baseURL).pathname;
    expect((await app.request(`${prefix}/__mock`)).headers.get('location')).toBe(`${prefix}/__mock/`);
    const page = await (await app.request(`${prefix}/__mock/`)).text();
    expect(page).toContain(`data-base="${prefix}/__mock"`);
    expect(page).toContain(`<script src="${prefix}/__mock/inspector/app.js" defer>`);
    expect(page).toContain('data-sandboxes="false"');
    expect(page).not.toContain('id="sandbox-list"');
    expect(await (await app.request('/__mock/')).text()).toContain('id="sandbox-list"');
  });
});

describe('GET /__mock/journal/stream', () => {
  let server: RunningMockServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Reads the stream until `until` matches what came, or 5 s pass. */
  async function readUntil(body: ReadableStream<Uint8Array>, until: RegExp): Promise<string> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = setTimeout(() => void reader.cancel(), 5000);
    while (!until.test(text)) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    clearTimeout(deadline);
    await reader.cancel();
    return text;
  }

  it('sends what the journal holds, then each request as it is answered, as `entry` events with the seq as id', async () => {
    server = await startMockServer({ seed: 'beta' });
    await fetch(`${server.url}/v1/users/me`, { headers: { authorization: `Bearer ${server.fixtures.pat}` } });
    const stream = await fetch(`${server.url}/__mock/journal/stream`);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reading = readUntil(stream.body as ReadableStream<Uint8Array>, /id: 2\n/);
    await fetch(`${server.url}/v1/workspaces`);
    const text = await reading;
    expect(text).toMatch(/^retry: 2000\n\n/);
    const events = [...text.matchAll(/event: entry\ndata: (.*)\nid: (\d+)\n\n/g)].map((m) => ({ id: m[2], entry: JSON.parse(m[1] as string) }));
    expect(events.map((e) => [e.id, e.entry.path])).toEqual([
      ['1', '/v1/users/me'],
      ['2', '/v1/workspaces'],
    ]);
    // Redacted as the journal is: the PAT shows only as its fingerprint.
    expect(text).not.toContain(server.fixtures.pat);
  });

  it('starts after `since` (or Last-Event-ID), and ends when the mock closes', async () => {
    server = await startMockServer({ seed: 'beta' });
    await fetch(`${server.url}/v1/users/me`);
    await fetch(`${server.url}/v1/workspaces`);
    const stream = await fetch(`${server.url}/__mock/journal/stream`, { headers: { 'last-event-id': '1' } });
    const text = await readUntil(stream.body as ReadableStream<Uint8Array>, /id: 2\n/);
    expect(text).not.toContain('"/v1/users/me"');
    expect(text).toContain('"/v1/workspaces"');

    const open = await fetch(`${server.url}/__mock/journal/stream?since=2`);
    const reader = (open.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the retry line: the stream is open and waiting
    server.app.close();
    let done = false;
    while (!done) ({ done } = await reader.read());
    expect(done).toBe(true);
  });

  it('stays open across a reset of the mock, and sends what comes after it', async () => {
    server = await startMockServer({ seed: 'beta' });
    const stream = await fetch(`${server.url}/__mock/journal/stream`);
    const reading = readUntil(stream.body as ReadableStream<Uint8Array>, /"\/v1\/workspaces"/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A reset answers every open journal wait; the stream's wait is one of them.
    await fetch(`${server.url}/__mock/reset`, { method: 'POST' });
    await fetch(`${server.url}/v1/workspaces`);
    expect(await reading).toContain('"/v1/workspaces"');
  });

  it('refuses a `since` that is not a sequence number', async () => {
    app = newMock();
    await expectOAuthError(await app.request('/__mock/journal/stream?since=-1'), 400, 'invalid_request', /since/);
    await apiGet(app, '/v1/users/me');
  });
});
