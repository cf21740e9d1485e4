/**
 * The control API's verb table (src/control/verbs.ts) is the one declaration of every call: each verb is mounted on
 * the server, and the generated client (`control.verbs`) reaches each one with its path parameters, body and query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_VERBS, type VerbName } from '../src/control/verbs.js';
import { createControlClient, startMockServer, type RunningMockServer } from '../src/index.js';

let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

describe('the control verb table', () => {
  it.each(Object.entries(CONTROL_VERBS) as [VerbName, (typeof CONTROL_VERBS)[VerbName]][])('%s is mounted', async (_name, spec) => {
    const path = spec.path.replace(/:[A-Za-z_]+/g, 'unknown');
    const res = await fetch(`${server.url}/__mock${path}`, {
      method: spec.method,
      ...(spec.method === 'GET' || spec.method === 'DELETE' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }),
    });
    // Bad input (400), an unknown id (404 naming it) or success: never the app's "no such endpoint".
    expect(await res.text()).not.toMatch(/no such endpoint/);
  });

  it('the generated client sends bodies, queries and path parameters as the table declares them', async () => {
    const { verbs } = createControlClient(server.url);
    const moved = await verbs.moveClock({ advanceSeconds: 60 });
    expect(moved.frozen).toBe(false);
    const rule = await verbs.addReply({ match: { path: '/v1/users/me' }, reply: { status: 418 }, times: null });
    expect((await verbs.replies()).replies.map((r) => r.id)).toContain(rule.id);
    await verbs.deleteReply({ id: rule.id });
    expect((await verbs.replies()).replies).toEqual([]);
    await expect(verbs.deleteReply({ id: 'reply/../x' })).rejects.toThrow(/404/);
    await fetch(`${server.url}/v1/users/me`);
    expect((await verbs.journal({ path: '/v1/users/me' })).entries).toHaveLength(1);
    expect((await verbs.journal({ path: '/nothing' })).entries).toHaveLength(0);
    expect(await verbs.reset()).toEqual({ ok: true });
  });
});
