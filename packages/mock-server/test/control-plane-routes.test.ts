/**
 * The new `/__mock` calls in process: validation, unknown ids, caps that refuse with 429, and what reset and
 * sandboxes keep apart. Their behaviour through the SDK is in control-plane.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { expectOAuthError, newMock, postJson, T0 } from './helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock({ maxSandboxes: 1 });
});

const json = async <T>(res: Response | Promise<Response>) => (await res).json() as Promise<T>;

describe('/__mock/replies', () => {
  it('answers the rule with its id and defaults; lists, deletes one, deletes all', async () => {
    const created = await postJson(app, '/__mock/replies', { match: { path: '/v1/bots' }, reply: { status: 418 } });
    expect(created.status).toBe(201);
    const rule = await json<{ id: string; times: number; delayMs: number }>(created);
    expect(rule).toMatchObject({ id: expect.stringMatching(/^reply_\d+$/), times: 1, delayMs: 0 });
    await postJson(app, '/__mock/replies', { reply: { status: 200 }, times: null });
    expect((await json<{ replies: { id: string; remaining: number | null }[] }>(app.request('/__mock/replies'))).replies.map((r) => r.remaining)).toEqual([1, null]);
    expect((await app.request(`/__mock/replies/${rule.id}`, { method: 'DELETE' })).status).toBe(200);
    await expectOAuthError(await app.request(`/__mock/replies/${rule.id}`, { method: 'DELETE' }), 404, 'invalid_request');
    await app.request('/__mock/replies', { method: 'DELETE' });
    expect((await json<{ replies: unknown[] }>(app.request('/__mock/replies'))).replies).toEqual([]);
  });

  it('refuses bad rules with a named field', async () => {
    for (const [body, field] of [
      [{ match: {} }, /exactly one of reply, action/],
      [{ reply: { status: 99 } }, /reply\.status/],
      [{ action: 'explode' }, /action/],
      [{ reply: { status: 200 }, times: 0 }, /times/],
      [{ reply: { status: 200 }, delayMs: 60_001 }, /delayMs/],
      [{ reply: { status: 200 }, match: { path: 'no-slash' } }, /match\.path/],
      [{ reply: { status: 200 }, requireToken: false }, /requireToken/],
      [{ reply: { status: 200, headers: { 'a b': 'x' } } }, /headers/],
    ] as const) {
      await expectOAuthError(await postJson(app, '/__mock/replies', body), 400, 'invalid_request', field);
    }
  });

  it('the faults shorthand is a reply rule of its own source, listed and cleared apart', async () => {
    const { fault } = await json<{ fault: { id: number } }>(postJson(app, '/__mock/faults', { status: 503, pathPrefix: '/v1/' }));
    await postJson(app, '/__mock/replies', { reply: { status: 200 }, match: { path: '/nowhere' } });
    expect((await json<{ faults: { id: number }[] }>(app.request('/__mock/faults'))).faults.map((f) => f.id)).toEqual([fault.id]);
    await app.request('/__mock/faults', { method: 'DELETE' });
    expect((await json<{ replies: unknown[] }>(app.request('/__mock/replies'))).replies).toHaveLength(1);
  });
});

describe('run-time fixtures', () => {
  it('refuses unknown ids and bad bodies', async () => {
    await expectOAuthError(await app.request('/__mock/apps/123/disable', { method: 'POST' }), 404, 'invalid_request');
    await expectOAuthError(await postJson(app, '/__mock/tokens/revoke', { token: 'czu_unknown' }), 404, 'invalid_request');
    await expectOAuthError(await postJson(app, '/__mock/apps', { type: 'desktop' }), 400, 'invalid_request', /type/);
    await expectOAuthError(await postJson(app, '/__mock/apps', { type: 'device', redirectUris: ['http://x/cb'] }), 400, 'invalid_request', /redirectUris/);
    await expectOAuthError(await postJson(app, '/__mock/pats', { expiresInSeconds: -1 }), 400, 'invalid_request', /expiresInSeconds/);
    await expectOAuthError(await postJson(app, '/__mock/pats', { userId: '404' }), 400, 'invalid_request', /userId/);
  });

  it('anchors a PAT expiry to the mock clock', async () => {
    const pat = await json<{ expiresAt: number }>(postJson(app, '/__mock/pats', { expiresInSeconds: 60 }));
    expect(pat.expiresAt).toBe(T0 / 1000 + 60);
  });
});

describe('/__mock/sandboxes', () => {
  it('creates up to the cap, then 429; delete frees a place; unknown ids are 404', async () => {
    const created = await json<{ id: string; baseURL: string; fixtures: { baseURL: string } }>(postJson(app, '/__mock/sandboxes', {}));
    expect(created.baseURL).toBe(`http://localhost/__sandbox/${created.id}`);
    expect(created.fixtures.baseURL).toBe(created.baseURL);
    const full = await postJson(app, '/__mock/sandboxes', {});
    expect(full.headers.get('retry-after')).toBe('5');
    await expectOAuthError(full, 429, 'temporarily_unavailable', /sandboxes/);
    expect((await app.request(`/__mock/sandboxes/${created.id}`, { method: 'DELETE' })).status).toBe(200);
    await expectOAuthError(await app.request(`/__mock/sandboxes/${created.id}`, { method: 'DELETE' }), 404, 'invalid_request');
    expect((await postJson(app, '/__mock/sandboxes', {})).status).toBe(201);
  });

  it('serves a sandbox under its prefix with its own control API, which cannot make sandboxes of its own', async () => {
    const { id } = await json<{ id: string }>(postJson(app, '/__mock/sandboxes', {}));
    const base = `/__sandbox/${id}`;
    const clock = await json<{ now: number; frozen: boolean }>(postJson(app, `${base}/__mock/clock`, { advanceSeconds: 60 }));
    expect(clock).toMatchObject({ now: T0 + 60_000, frozen: true });
    expect((await json<{ now: number }>(app.request('/__mock/clock'))).now).toBe(T0);
    expect((await postJson(app, `${base}/__mock/sandboxes`, {})).status).toBe(404);
    // A reset of the server leaves its sandboxes alone.
    await app.request('/__mock/reset', { method: 'POST' });
    expect((await json<{ now: number }>(app.request(`${base}/__mock/clock`))).now).toBe(T0 + 60_000);
    expect((await app.request('/__sandbox/sb_unknown/__mock/clock')).status).toBe(404);
  });

  it('keeps the control guard in a sandbox: a non-loopback Host is refused', async () => {
    const { id } = await json<{ id: string }>(postJson(app, '/__mock/sandboxes', {}));
    expect((await app.request(`/__sandbox/${id}/__mock/fixtures`, { headers: { host: 'evil.example' } })).status).toBe(403);
  });
});
