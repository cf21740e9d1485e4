/**
 * Resource endpoints with a token (docs/contract.md#openapi.token-proof-calls; list_workspace):
 * `/v1/users/me`, `/v1/workspaces`, `/v1/bots` with PATs and OAuth tokens, the Coze envelope, 4100 and 4101, and
 * workspace-scoped tokens.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import {
  apiGet,
  deviceTokens,
  expectApiData,
  expectApiError,
  fixturesOf,
  jwtToken,
  newMock,
  pkceCode,
  pkcePair,
  exchangePkceCode,
  expectTokens,
  refresh,
  T0_SECONDS,
  webTokens,
} from './helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

const workspaceIds = (a: MockApp) => fixturesOf(a).workspaces.map((w) => w.id) as [string, string];

/** Every kind of token the mock issues, by name. */
const issuers: Record<string, (a: MockApp) => Promise<string>> = {
  PAT: async (a) => fixturesOf(a).pat,
  'web code': async (a) => (await webTokens(a)).access_token,
  PKCE: async (a) => {
    const pair = pkcePair();
    return (await expectTokens(await exchangePkceCode(a, await pkceCode(a, pair), pair.verifier))).access_token;
  },
  device: async (a) => (await deviceTokens(a)).access_token,
  JWT: async (a) => (await jwtToken(a)).access_token,
};

describe.each(Object.keys(issuers))('with a %s token', (kind) => {
  let token: string;
  beforeEach(async () => {
    token = await (issuers[kind] as (a: MockApp) => Promise<string>)(app);
  });

  it('GET /v1/users/me answers the user in the envelope {code:0,msg:"",data,detail:{logid}}', async () => {
    const res = await apiGet(app, '/v1/users/me', token);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await expectApiData(res)).toEqual({ ...fixturesOf(app).user });
    expect(Object.keys(fixturesOf(app).user).sort()).toEqual(['avatar_url', 'nick_name', 'user_id', 'user_name']);
  });

  it('GET /v1/workspaces lists every workspace with total_count', async () => {
    const data = await expectApiData<{ workspaces: { id: string }[]; total_count: number }>(await apiGet(app, '/v1/workspaces', token));
    expect(data.workspaces.map((w) => w.id)).toEqual(workspaceIds(app));
    expect(data.total_count).toBe(2);
  });

  it('GET /v1/bots lists the bots of a workspace', async () => {
    const [personal] = workspaceIds(app);
    const data = await expectApiData<{ items: { name: string }[]; total: number }>(await apiGet(app, `/v1/bots?workspace_id=${personal}`, token));
    // Every fixture bot of the space, the unpublished Draft bot included (`is_published: false`).
    expect(data).toMatchObject({ total: 4, items: [{ name: 'Echo bot' }, { name: 'Tool bot' }, { name: 'Script bot' }, { name: 'Draft bot', is_published: false }] });
    expect(data.items[0]).not.toHaveProperty('workspace_id');
    expect(data.items[0]).not.toHaveProperty('behaviour');
  });
});

describe('authentication (401, code 4100)', () => {
  it.each([
    ['no Authorization header', undefined],
    ['an empty Bearer', ''],
    ['an unknown OAuth token', 'czu_unknown'],
    ['an unknown PAT', 'pat_unknown'],
    ['a refresh token used as an access token', 'REFRESH'],
    ['a Basic header', 'BASIC'],
  ])('%s', async (_name, token) => {
    let res: Response;
    if (token === 'BASIC') res = await app.request('/v1/users/me', { headers: { authorization: `Basic ${fixturesOf(app).pat}` } });
    else res = await apiGet(app, '/v1/users/me', token === 'REFRESH' ? (await webTokens(app)).refresh_token : token);
    const body = await expectApiError(res, 401, 4100);
    expect(body.msg).toBe('authentication is invalid');
  });

  it('an OAuth access token expires after 15 minutes of mock time (oauth_code)', async () => {
    const { access_token } = await webTokens(app);
    app.mock.clock.advance(899);
    await expectApiData(await apiGet(app, '/v1/users/me', access_token));
    app.mock.clock.advance(1);
    await expectApiError(await apiGet(app, '/v1/users/me', access_token), 401, 4100);
  });

  it('a configured PAT with expiresAt stops working then', async () => {
    app = newMock({ config: { pats: [{ token: 'pat_short_lived_1', expiresAt: T0_SECONDS + 10 }] } });
    await expectApiData(await apiGet(app, '/v1/users/me', 'pat_short_lived_1'));
    app.mock.clock.advance(10);
    await expectApiError(await apiGet(app, '/v1/users/me', 'pat_short_lived_1'), 401, 4100);
  });
});

describe('permissions (403, code 4101)', () => {
  it('a channel token whose scope lacks a permission gets 4101 for that call only', async () => {
    const { access_token } = await jwtToken(app, { scope: { account_permission: { permission_list: ['listWorkspace'] } } }, undefined, 'channel');
    const denied = await expectApiError(await apiGet(app, '/v1/users/me', access_token), 403, 4101);
    expect(denied.msg).toContain('getUserProfile');
    await expectApiData(await apiGet(app, '/v1/workspaces', access_token));
    await expectApiError(await apiGet(app, `/v1/bots?workspace_id=${workspaceIds(app)[0]}`, access_token), 403, 4101);
  });

  it('a configured PAT limited in permissions and workspaces', async () => {
    const [, team] = workspaceIds(newMock());
    app = newMock({ config: { pats: [{ token: 'pat_limited_1', permissions: ['listWorkspace', 'listBot'], workspaceIds: [team] }] } });
    await expectApiError(await apiGet(app, '/v1/users/me', 'pat_limited_1'), 403, 4101);
    const data = await expectApiData<{ workspaces: { id: string }[] }>(await apiGet(app, '/v1/workspaces', 'pat_limited_1'));
    expect(data.workspaces.map((w) => w.id)).toEqual([team]);
  });
});

describe('workspace-scoped tokens (authorize or device via workspace_id) see only their workspace', () => {
  let personal: string;
  let team: string;
  beforeAll(() => {
    [personal, team] = workspaceIds(newMock());
  });

  it.each([
    ['authorize', 'web', (a: MockApp, id: string) => webTokens(a, id)],
    ['device', 'device', (a: MockApp, id: string) => deviceTokens(a, id)],
  ] as const)('via %s', async (_name, which, issue) => {
    const { access_token, refresh_token } = await issue(app, team);
    const data = await expectApiData<{ workspaces: { id: string }[]; total_count: number }>(await apiGet(app, '/v1/workspaces', access_token));
    expect(data).toMatchObject({ total_count: 1, workspaces: [{ id: team }] });
    await expectApiData(await apiGet(app, `/v1/bots?workspace_id=${team}`, access_token));
    await expectApiError(await apiGet(app, `/v1/bots?workspace_id=${personal}`, access_token), 403, 4101);
    // The scope survives a refresh.
    const rotated = await expectTokens(await refresh(app, refresh_token, which));
    await expectApiError(await apiGet(app, `/v1/bots?workspace_id=${personal}`, rotated.access_token), 403, 4101);
  });
});

describe('parameters and routing', () => {
  it('paginates workspaces with page_num and page_size (list_workspace)', async () => {
    const pat = fixturesOf(app).pat;
    const page2 = await expectApiData<{ workspaces: { id: string }[]; total_count: number }>(await apiGet(app, '/v1/workspaces?page_num=2&page_size=1', pat));
    expect(page2).toEqual({ workspaces: [expect.objectContaining({ id: workspaceIds(app)[1] })], total_count: 2 });
    const empty = await expectApiData<{ workspaces: unknown[] }>(await apiGet(app, '/v1/workspaces?page_num=3&page_size=1', pat));
    expect(empty.workspaces).toEqual([]);
  });

  it.each([
    ['page_size above 50', '/v1/workspaces?page_size=51', 400, 4000],
    ['page_num 0', '/v1/workspaces?page_num=0', 400, 4000],
    ['a page_size that is no number', '/v1/workspaces?page_size=ten', 400, 4000],
    ['bots without workspace_id', '/v1/bots', 400, 4000],
    ['bots of an unknown workspace', '/v1/bots?workspace_id=123', 404, 4200],
    ['an unknown /v1 path', '/v1/nothing/here', 404, 4200],
  ])('%s → %i / code %i', async (_name, path, status, code) => {
    await expectApiError(await apiGet(app, path, fixturesOf(app).pat), status, code);
  });

  it('a POST to a GET endpoint gets the envelope, not a bare 404', async () => {
    const res = await app.request('/v1/users/me', { method: 'POST', headers: { authorization: `Bearer ${fixturesOf(app).pat}` } });
    await expectApiError(res, 404, 4200);
  });

  it('authentication comes before parameter checks', async () => {
    await expectApiError(await apiGet(app, '/v1/bots'), 401, 4100);
  });

  it('answers CORS for loopback browser origins and exposes X-Tt-Logid', async () => {
    const res = await app.request('/v1/users/me', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const get = await app.request('/v1/users/me', { headers: { origin: 'http://127.0.0.1:3000', authorization: `Bearer ${fixturesOf(app).pat}` } });
    expect(get.headers.get('access-control-expose-headers')).toContain('X-Tt-Logid');
    const foreign = await app.request('/v1/users/me', { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
