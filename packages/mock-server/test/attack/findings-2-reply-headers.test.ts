/**
 * Issue 17 finding 4 as the test that failed before its fix: a reply rule's header values with control or
 * non-Latin-1 characters were accepted (201), and then every matching request got a 500; `content-length` and
 * `transfer-encoding` were accepted too, cutting bodies short or hanging clients. Now a rule's headers are checked as
 * HTTP allows when it is added: a Coze-shaped 400 that names the problem, and nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../../src/server.js';
import { expectOAuthError, newMock, postJson, SEED } from '../helpers.js';
import { rawHttp } from './support.js';

const rule = (headers: Record<string, string>) => ({ match: { path: '/v1/scripted' }, reply: { status: 200, body: { ok: true }, headers }, times: null });

describe('finding 4: reply headers are checked as HTTP allows', () => {
  it.each([
    ['a control character', { 'x-note': 'a\u0001b' }],
    ['DEL', { 'x-note': 'a\u007fb' }],
    ['a vertical tab', { 'x-note': 'a\u000bb' }],
    ['a character beyond Latin-1', { 'x-note': '中文' }],
    ['a Latin-1 letter (Node would send it as UTF-8 or Latin-1 bytes, depending)', { 'x-note': 'caf\u00e9' }],
    ['an emoji', { 'x-note': 'ok 👍' }],
    ['a bare CR', { 'x-note': 'a\rb' }],
  ])('a value with %s: 400 naming the header, nothing stored, matching requests unharmed', async (_name, headers) => {
    const app = newMock();
    await expectOAuthError(await postJson(app, '/__mock/replies', rule(headers)), 400, 'invalid_request', /x-note/);
    expect(app.mock.replies.list()).toEqual([]);
    expect((await app.request('/v1/scripted')).status).toBe(404);
  });

  it.each([['content-length'], ['Content-Length'], ['transfer-encoding'], ['connection'], ['keep-alive'], ['upgrade'], ['trailer'], ['te']])(
    'the framing header %s: 400 naming it',
    async (name) => {
      const app = newMock();
      const body = await expectOAuthError(await postJson(app, '/__mock/replies', rule({ [name]: name === 'te' ? 'trailers' : '1' })), 400, 'invalid_request');
      expect(body.error_message).toContain(name);
      expect(app.mock.replies.list()).toEqual([]);
    },
  );

  it('both framing headers at once are both named', async () => {
    const app = newMock();
    const body = await expectOAuthError(await postJson(app, '/__mock/replies', rule({ 'content-length': '2', 'transfer-encoding': 'chunked' })), 400, 'invalid_request');
    expect(body.error_message).toMatch(/content-length.*transfer-encoding/);
  });

  describe('over HTTP', () => {
    let server: RunningMockServer;
    beforeAll(async () => {
      server = await startMockServer({ seed: SEED });
    });
    afterAll(() => server?.close());

    it('a rule with visible ASCII, spaces and a tab in its values is served whole, with its headers', async () => {
      const add = await fetch(`${server.url}/__mock/replies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(rule({ 'x-note': 'cafe\tau lait; q="1"', 'cache-control': 'no-store' })),
      });
      expect(add.status).toBe(201);
      const res = await rawHttp({ host: '127.0.0.1', port: server.port, path: '/v1/scripted' });
      expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '{"ok":true}' });
      expect(res.headers['x-note']).toBe('cafe\tau lait; q="1"');
    });

    it('a rule claiming a shorter content-length is refused, so no client gets a cut body', async () => {
      const add = await fetch(`${server.url}/__mock/replies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ match: { path: '/v1/cut' }, reply: { status: 200, body: { long: 'x'.repeat(100) }, headers: { 'content-length': '5' } } }),
      });
      expect(add.status).toBe(400);
      const res = await rawHttp({ host: '127.0.0.1', port: server.port, path: '/v1/cut' });
      expect(res.status).toBe(404);
    });
  });
});
