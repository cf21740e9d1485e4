import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { OAuthError } from '../errors.js';
import { createSandboxes, SANDBOX_PREFIX } from './index.js';

/** A stand-in mock app that echoes the path and body it was given, and counts closes. */
function echoApp() {
  const app = new Hono().all('*', async (c) => c.json({ path: c.req.path, query: c.req.query('q') ?? null, body: await c.req.text() }));
  return Object.assign(app, { closed: 0, close() { this.closed++; } });
}

describe('sandboxes', () => {
  it('forwards a request to its sandbox with the prefix stripped, body and query kept', async () => {
    const sandboxes = createSandboxes(() => echoApp());
    const { id, basePath } = sandboxes.create();
    expect(basePath).toBe(`${SANDBOX_PREFIX}/${id}`);
    const outer = new Hono().all(`${SANDBOX_PREFIX}/*`, async (c, next) => (await sandboxes.dispatch(c)) ?? next());
    const res = await outer.request(`${basePath}/api/x?q=1`, { method: 'POST', body: 'hello' });
    expect(await res.json()).toEqual({ path: '/api/x', query: '1', body: 'hello' });
    expect(await (await outer.request(basePath)).json()).toMatchObject({ path: '/' });
    expect((await outer.request(`${SANDBOX_PREFIX}/sb_nope/api/x`)).status).toBe(404);
  });

  it('refuses beyond the cap with 429, and closes what it deletes', () => {
    const sandboxes = createSandboxes(() => echoApp(), { capacity: 2 });
    const first = sandboxes.create();
    sandboxes.create();
    expect(() => sandboxes.create()).toThrow(OAuthError);
    expect(sandboxes.delete(first.id)).toBe(true);
    expect(first.app.closed).toBe(1);
    expect(sandboxes.delete(first.id)).toBe(false);
    expect(sandboxes.create().id).not.toBe(first.id);
    sandboxes.closeAll();
    expect(sandboxes.list()).toEqual([]);
  });
});
