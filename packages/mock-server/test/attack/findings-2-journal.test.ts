/**
 * Issue 17 findings 2 and 7, and the journal half of 9, as the tests that failed before their fixes:
 * - one unauthenticated body nested 5,000 deep broke `GET /__mock/journal` (a stack overflow, 500) until 1,000 newer
 *   entries or a reset; a reply body nested 9,000 deep was stored and broke every request it matched. Now every JSON
 *   body reader refuses deep nesting at the door (Coze-shaped 400) and the journal can always be read;
 * - open journal waits are capped (429), and a reset answers the waits that are open.
 */
import { describe, expect, it } from 'vitest';
import type { MockApp } from '../../src/app.js';
import { DEVICE_CODE_PATH, expectApiError, expectOAuthError, fixturesOf, newMock, postJson, TOKEN_PATH } from '../helpers.js';
import { RUN, withToken, workflowsOf } from '../workflow-support.js';
import { expectCapRefusal } from './support.js';

const nested = (depth: number, leaf = '1') => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** The journal as the control API serves it: 200 and JSON, with or without `wait`. */
async function expectJournalReadable(app: MockApp): Promise<{ entries: Record<string, unknown>[] }> {
  for (const path of ['/__mock/journal', '/__mock/journal?wait=1', `/__mock/journal?path=${encodeURIComponent(DEVICE_CODE_PATH)}`]) {
    const res = await app.request(path);
    const text = await res.text();
    expect({ path, status: res.status }, text.slice(0, 300)).toEqual({ path, status: 200 });
    JSON.parse(text);
  }
  return (await (await app.request('/__mock/journal')).json()) as { entries: Record<string, unknown>[] };
}

describe('finding 2: deep nesting is refused at the door, and the journal stays readable', () => {
  it('device/code with a body nested 5,000 deep: a Coze-shaped 400, and the journal answers 200', async () => {
    const app = newMock();
    for (const body of [`{"client_id":${nested(5000)}}`, `{"client_id":"x","extra":${nestedObject(5000)}}`]) {
      await expectOAuthError(await postJson(app, DEVICE_CODE_PATH, body), 400, 'invalid_request', /nest/);
    }
    const { entries } = await expectJournalReadable(app);
    expect(entries.map((e) => e.status)).toEqual([400, 400]);
  });

  it('the token endpoint and the workflow endpoint refuse it the same way, each in its family’s shape', async () => {
    const app = newMock();
    await expectOAuthError(await postJson(app, TOKEN_PATH, `{"grant_type":"authorization_code","x":${nested(5000)}}`), 400, 'invalid_request', /nest/);
    const run = await postJson(app, RUN, `{"workflow_id":"${workflowsOf(app).echo}","parameters":${nestedObject(5000)}}`, withToken(fixturesOf(app).pat));
    expect((await expectApiError(run, 400, 4000)).msg).toMatch(/nest/);
    // A string holding JSON is read the same way.
    const asString = JSON.stringify({ workflow_id: workflowsOf(app).echo, parameters: nestedObject(5000) });
    expect((await expectApiError(await postJson(app, RUN, asString, withToken(fixturesOf(app).pat)), 400, 4000)).msg).toMatch(/nest/);
    await expectJournalReadable(app);
  });

  it('a reply rule nested 9,000 deep is refused (400) and not stored; what it would have matched still answers', async () => {
    const app = newMock();
    const rule = `{"match":{"path":"/v1/users/me"},"reply":{"status":200,"body":${nested(9000)}},"times":null}`;
    await expectOAuthError(await postJson(app, '/__mock/replies', rule), 400, 'invalid_request', /nest/);
    const stream = `{"match":{"path":"/v1/users/me"},"stream":{"events":[{"data":${nested(9000)}}]}}`;
    await expectOAuthError(await postJson(app, '/__mock/replies', stream), 400, 'invalid_request', /nest/);
    expect(app.mock.replies.list()).toEqual([]);
    const me = await app.request('/v1/users/me', { headers: withToken(fixturesOf(app).pat) });
    expect(me.status).toBe(200);
  });

  it('a body just inside the limit is served and journaled in full', async () => {
    const app = newMock();
    const res = await postJson(app, '/__mock/replies', { match: { path: '/v1/deep' }, reply: { status: 200, body: JSON.parse(nested(60)) } });
    expect(res.status).toBe(201);
    expect(await (await app.request('/v1/deep')).text()).toBe(nested(60));
    await postJson(app, DEVICE_CODE_PATH, `{"client_id":"c","deep":${nested(60)}}`);
    const { entries } = await expectJournalReadable(app);
    expect(JSON.stringify((entries.at(-1)?.body as { deep: unknown }).deep)).toBe(nested(60));
  });
});

describe('finding 7: journal waits are capped, and a reset answers them', () => {
  const wait = async (app: MockApp, ms = 30_000) => app.request(`/__mock/journal?wait=${ms}&path=/v1/never`);

  it('open waits beyond the cap get a 429 with Retry-After; the waits already open stay open', async () => {
    const app = newMock();
    const open: Promise<Response>[] = [];
    let refused: Response | undefined;
    // The cap is documented as 100 per mock; try a few more.
    for (let i = 0; i < 110 && !refused; i++) {
      const pending = wait(app);
      const settled = await Promise.race([pending, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
      if (settled) refused = settled;
      else open.push(pending);
    }
    expect(refused, `${open.length} waits were opened and none refused`).toBeDefined();
    await expectCapRefusal(refused as Response);
    expect(open).toHaveLength(100);
    app.close();
    expect((await Promise.all(open)).map((res) => res.status)).toEqual(open.map(() => 200));
  });

  it('POST /__mock/reset answers every open wait at once (empty), instead of holding it for its 30 s', async () => {
    const app = newMock();
    const pending = wait(app);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await app.request('/__mock/reset', { method: 'POST' })).status).toBe(200);
    const outcome = await Promise.race([pending, new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
    expect(outcome).toBeInstanceOf(Response);
    expect(await (outcome as Response).json()).toEqual({ entries: [] });
  });
});
