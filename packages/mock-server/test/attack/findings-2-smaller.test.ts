/**
 * Issue 17 finding 9 (the journal's part is in findings-2-journal.test.ts), as the tests that failed before:
 * `POST /__mock/introspect` said `{"active": false}` for a valid PAT, and deleting one reply rule left the requests it
 * was holding held. Now a PAT introspects as what it is, and deleting a rule lets its held requests go, as a reset does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../../src/server.js';
import { fixturesOf, introspect, newMock, postJson, SEED } from '../helpers.js';

describe('finding 9: introspecting a PAT', () => {
  it('the seeded PAT and one added at run time answer active, kind pat, with their user and permissions', async () => {
    const app = newMock();
    const seeded = fixturesOf(app).pat;
    expect(await introspect(app, seeded)).toMatchObject({ active: true, kind: 'pat', userId: app.mock.fixtures.defaultUserId, permissions: expect.arrayContaining(['listWorkspace']) });
    const added = (await (await postJson(app, '/__mock/pats', { permissions: ['chat'], expiresInSeconds: 60, workspaceIds: ['w1'] })).json()) as { token: string; expiresAt: number };
    expect(await introspect(app, added.token)).toEqual({ active: true, kind: 'pat', userId: app.mock.fixtures.defaultUserId, permissions: ['chat'], workspaceIds: ['w1'], expiresAt: added.expiresAt });
  });

  it('an expired, revoked or unknown PAT is inactive', async () => {
    const app = newMock();
    const added = (await (await postJson(app, '/__mock/pats', { expiresInSeconds: 60 })).json()) as { token: string };
    app.mock.clock.advance(61);
    expect(await introspect(app, added.token)).toEqual({ active: false });
    const other = (await (await postJson(app, '/__mock/pats', {})).json()) as { token: string };
    await postJson(app, '/__mock/tokens/revoke', { token: other.token });
    expect(await introspect(app, other.token)).toEqual({ active: false });
    expect(await introspect(app, 'pat_unknown0123456789')).toEqual({ active: false });
  });
});

describe('finding 9: deleting one reply rule lets go of the requests it holds', () => {
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer({ seed: SEED });
  });
  afterAll(() => server?.close());

  const addRule = async (rule: Record<string, unknown>) =>
    ((await (await fetch(`${server.url}/__mock/replies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) })).json()) as { id: string }).id;
  /** What a held request ends with: its status, or the network error of a dropped connection; 'held' after 10 s. */
  const outcome = (request: Promise<Response>) =>
    Promise.race([
      request.then((res) => res.status, () => 'dropped'),
      new Promise((resolve) => setTimeout(() => resolve('held'), 10_000)),
    ]);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it.each([
    ['a hang that is still live (times: null)', { match: { path: '/v1/held' }, action: 'hang', times: null }, 'dropped'],
    ['a used-up hang (times: 1)', { match: { path: '/v1/held' }, action: 'hang', times: 1 }, 'dropped'],
    ['a long delay', { match: { path: '/v1/held' }, reply: { status: 200, body: { late: true } }, delayMs: 30_000 }, 200],
  ])('%s: the held request ends at once; other rules’ requests stay held', async (_name, rule, ended) => {
    const id = await addRule(rule);
    const other = await addRule({ match: { path: '/v1/other' }, action: 'hang', times: null });
    const held = fetch(`${server.url}/v1/held`);
    const otherHeld = fetch(`${server.url}/v1/other`).catch(() => undefined);
    await settle();
    expect((await fetch(`${server.url}/__mock/replies/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect(await outcome(held)).toBe(ended);
    expect(await Promise.race([otherHeld.then(() => 'ended'), settle().then(() => 'held')])).toBe('held');
    await fetch(`${server.url}/__mock/replies/${other}`, { method: 'DELETE' });
    await otherHeld;
  });
});
