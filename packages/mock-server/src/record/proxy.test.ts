import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient } from '../control/client.js';
import { startMockServer, type RunningMockServer } from '../server.js';
import { createRecordingProxy } from './proxy.js';
import type { CapturedExchange } from './redact.js';

/** The recording proxy in-process (app.request), its upstream a mock on a socket. */
let upstream: RunningMockServer;
beforeAll(async () => {
  upstream = await startMockServer({ seed: 'beta' });
});
afterAll(() => upstream.close());

function proxyTo(target: string, options: { forwardLimitBytes?: number } = {}) {
  const captured: CapturedExchange[] = [];
  const unreachable: string[] = [];
  const app = createRecordingProxy({
    upstream: target,
    selfUrl: () => 'http://127.0.0.1:9999',
    onExchange: (exchange) => captured.push(exchange),
    onUnreachable: (method, path) => unreachable.push(`${method} ${path}`),
    ...options,
  });
  return { app, captured, unreachable };
}

describe('createRecordingProxy', () => {
  it('answers 502 in the endpoint family\'s shape when the upstream is down, and records nothing', async () => {
    const { app, captured, unreachable } = proxyTo('http://127.0.0.1:9');
    const api = await app.request('http://127.0.0.1:9999/v1/users/me');
    expect([api.status, ((await api.json()) as { code: number }).code]).toEqual([502, 5000]);
    const token = await app.request('http://127.0.0.1:9999/api/permission/oauth2/token', { method: 'POST', body: '{}' });
    expect([token.status, ((await token.json()) as { error: string }).error]).toEqual([502, 'internal_error']);
    expect([captured, unreachable]).toEqual([[], ['GET /v1/users/me', 'POST /api/permission/oauth2/token']]);
  });

  it('refuses a body over its forwarding limit with 413, and never forwards the control API', async () => {
    const { app, captured } = proxyTo(upstream.url, { forwardLimitBytes: 1024 });
    const big = await app.request('http://127.0.0.1:9999/v1/files/upload', { method: 'POST', body: 'x'.repeat(2048), headers: { 'content-length': '2048' } });
    expect(big.status).toBe(413);
    expect((await app.request('http://127.0.0.1:9999/__mock/fixtures')).status).toBe(404);
    expect(captured).toEqual([]);
  });

  it('points the upstream\'s redirects back at itself, passes cookies on, and leaves the Date header out', async () => {
    const { app, captured } = proxyTo(upstream.url);
    const { web } = upstream.fixtures.apps;
    const query = new URLSearchParams({ response_type: 'code', client_id: web.clientId, redirect_uri: web.redirectUris[0] as string, state: 's' });
    const res = await app.request(`http://127.0.0.1:9999/api/permission/oauth2/authorize?${query}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const consent = await app.request(new URL(res.headers.get('location') as string, 'http://127.0.0.1:9999').toString());
    expect(consent.headers.getSetCookie()[0]).toMatch(/^coze_mock_form=/);
    expect(captured[1]?.responseBody).toEqual({ omitted: expect.stringMatching(/^text\/html, \d+ bytes: pages are not recorded$/) });
    expect(captured.every((e) => !('date' in e.responseHeaders))).toBe(true);
    await createControlClient(upstream.url).addReply({ match: { path: '/v1/moved' }, reply: { status: 302, headers: { location: `${upstream.url}/v1/there?x=1` } } });
    const moved = await app.request('http://127.0.0.1:9999/v1/moved', { redirect: 'manual' });
    expect(moved.headers.get('location')).toBe('http://127.0.0.1:9999/v1/there?x=1');
  });

  it('records a stream the upstream cut off as dropped, with the events that came', async () => {
    await createControlClient(upstream.url).addReply({ match: { path: '/v1/cut' }, stream: { events: [{ event: 'a', data: '1' }], then: 'drop' } });
    const { app, captured } = proxyTo(upstream.url);
    const res = await app.request('http://127.0.0.1:9999/v1/cut');
    await expect(res.text()).rejects.toThrow();
    expect(captured[0]).toMatchObject({ status: 200, events: [{ event: 'a', data: '1' }], streamEnd: 'drop' });
  });
});
