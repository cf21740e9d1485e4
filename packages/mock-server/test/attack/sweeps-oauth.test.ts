/**
 * Generated-request sweeps of the OAuth endpoint groups (token; authorize and consent; device) (sweep-kit.ts: 500 requests
 * each from a fixed seed in `pnpm test`, 10 000 from a fresh one in `pnpm fuzz`). Right values (live codes, keys, form tokens, signed JWTs) are mixed into
 * the junk so the sweep reaches past the first validation. No 5xx, every error Coze-shaped; afterwards the flows run.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MockApp } from '../../src/app.js';
import {
  authorizeQuery,
  deviceCode,
  deviceTokens,
  fixturesOf,
  GRANT,
  jwtToken,
  newMock,
  openConsent,
  openForm,
  signJwt,
  tokenWorks,
  webCode,
  webTokens,
} from '../helpers.js';
import { body, headers, headerText, nearlyValid, query, request, sweep, type SweepRequest, SWEEP_TEST_TIMEOUT_MS } from './sweep-kit.js';

const TOKEN_FIELDS = ['grant_type', 'client_id', 'redirect_uri', 'code', 'code_verifier', 'refresh_token', 'device_code', 'duration_seconds', 'scope'];
/** Template member that travels as the Authorization header rather than in the body. */
const BEARER = '(bearer)';
const AUTHORIZE_FIELDS = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method'];

describe('token endpoint group', { timeout: SWEEP_TEST_TIMEOUT_MS }, () => {
  let app: MockApp;
  let right: unknown[];
  let bearers: string[];
  let paths: string[];
  let pat: string;
  let templates: Record<string, unknown>[];
  beforeAll(async () => {
    app = newMock();
    const f = fixturesOf(app);
    pat = f.pat;
    const codes = await Promise.all(Array.from({ length: 5 }, () => webCode(app)));
    const refreshTokens = (await Promise.all(Array.from({ length: 5 }, () => webTokens(app)))).map((t) => t.refresh_token);
    const device = await deviceCode(app);
    const jwts = await Promise.all(Array.from({ length: 30 }, () => signJwt(app)));
    right = [...Object.values(GRANT), f.apps.web.clientId, f.apps.pkce.clientId, f.apps.device.clientId, f.apps.jwt.appId, f.apps.web.redirectUris[0], ...codes, ...refreshTokens, device.device_code, 600, 86_399,
      { account_permission: { permission_list: ['listWorkspace'] } }, { attribute_constraint: {} }, {}];
    bearers = [...jwts, f.apps.web.clientSecret, f.apps.web.clientSecret, f.apps.web.clientSecret, '', '', 'undefined'];
    templates = [
      ...jwts.map((jwt) => ({ grant_type: GRANT.jwt, [BEARER]: jwt })),
      ...jwts.slice(0, 5).map((jwt) => ({ grant_type: GRANT.jwt, [BEARER]: jwt, duration_seconds: 600, scope: { account_permission: { permission_list: ['listWorkspace'] } } })),
      ...codes.map((code) => ({ grant_type: GRANT.code, client_id: f.apps.web.clientId, redirect_uri: f.apps.web.redirectUris[0], code, [BEARER]: f.apps.web.clientSecret })),
      ...refreshTokens.map((refresh_token) => ({ grant_type: GRANT.refresh, client_id: f.apps.web.clientId, refresh_token, [BEARER]: f.apps.web.clientSecret })),
      { grant_type: GRANT.device, client_id: f.apps.device.clientId, device_code: device.device_code },
    ];
    paths = ['/api/permission/oauth2/token', `/api/permission/oauth2/account/${f.accountId}/token`, '/api/permission/oauth2/account/%00/token',
      `/api/permission/oauth2/enterprise_id/${f.enterpriseId}/token`, '/api/permission/oauth2/enterprise_id/x/token', '/api/permission/oauth2/token/'];
  });

  it('generated token requests: no 5xx, Coze-shaped errors; afterwards the flows still run', async () => {
    const coherent = fc.tuple(fc.constantFrom(...paths.slice(0, 2)), nearlyValid(templates, [...TOKEN_FIELDS, BEARER])).map(([path, fields]): SweepRequest => {
      const { [BEARER]: bearer, ...rest } = fields;
      return { method: 'POST', path, query: '', headers: { 'content-type': 'application/json', ...(typeof bearer === 'string' && /^[\x20-\x7e]*$/.test(bearer) ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify(rest) };
    });
    const random = request({
      method: fc.constantFrom('POST', 'POST', 'POST', 'POST', 'GET', 'PUT', 'OPTIONS'),
      path: fc.constantFrom(...paths),
      query: fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: query(TOKEN_FIELDS, fc.constantFrom(...Object.values(GRANT))) }),
      headers: headers(fc.constantFrom(...bearers)),
      body: body(TOKEN_FIELDS, fc.constantFrom(...right)),
    });
    const { statuses } = await sweep(() => app, fc.oneof(random, coherent));
    expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 401]));
    expect(await tokenWorks(app, pat)).toBe(true);
    await webTokens(app);
    await deviceTokens(app);
    await jwtToken(app);
  });
});

describe('authorize and consent group', { timeout: SWEEP_TEST_TIMEOUT_MS }, () => {
  let app: MockApp;
  let keys: string[];
  let csrfs: string[];
  let cookie: string;
  let valid: Record<string, string>;
  let right: string[];
  beforeAll(async () => {
    app = newMock();
    const f = fixturesOf(app);
    valid = authorizeQuery(app);
    const pages = [];
    for (let i = 0; i < 10; i++) pages.push(await openConsent(app, authorizeQuery(app)));
    cookie = pages[0]?.cookie ?? '';
    const more = [];
    for (const p of pages) more.push(await openForm(app, `/oauth/consent?authorize_key=${p.key}`, cookie));
    keys = pages.map((p) => p.key);
    csrfs = more.map((p) => p.csrf);
    right = [f.apps.web.clientId, f.apps.pkce.clientId, f.apps.device.clientId, ...f.apps.web.redirectUris, 'code', 'S256', 'plain', 'approve', 'deny', ...keys, ...csrfs];
  });

  it('generated authorize and consent requests: no 5xx, pages, redirects or Coze-shaped errors', async () => {
    const ws = fixturesOf(app).workspaces[0]?.id ?? 'x';
    const paths = ['/api/permission/oauth2/authorize', `/api/permission/oauth2/workspace_id/${ws}/authorize`, '/api/permission/oauth2/workspace_id/%ZZ/authorize', '/oauth/consent'];
    const requests = request({
      method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT'),
      path: fc.constantFrom(...paths),
      query: query([...AUTHORIZE_FIELDS, 'authorize_key'], fc.constantFrom(...right), valid),
      headers: fc.oneof(headers(fc.constant('')), fc.constant({ cookie, origin: 'http://localhost', 'sec-fetch-site': 'same-origin' })),
      body: body(['authorize_key', 'csrf_token', 'decision'], fc.constantFrom(...right)),
    });
    // One in ten opens a live consent page as its browser would: random queries and headers reach a page (200) only
    // about once in 250-1,500 requests.
    const coherent = fc.tuple(fc.constantFrom(...keys), fc.record({ 'user-agent': headerText }, { requiredKeys: [] })).map(
      ([key, h]): SweepRequest => ({ method: 'GET', path: '/oauth/consent', query: new URLSearchParams({ authorize_key: key }).toString(), headers: { ...h, cookie }, body: undefined }),
    );
    const { statuses } = await sweep(() => app, fc.oneof({ weight: 9, arbitrary: requests }, { weight: 1, arbitrary: coherent }));
    expect([...statuses]).toEqual(expect.arrayContaining([200, 302, 400]));
    expect(await webCode(app)).toMatch(/^code_/);
  });
});

describe('device group', { timeout: SWEEP_TEST_TIMEOUT_MS }, () => {
  let app: MockApp;
  let right: string[];
  let cookie: string;
  beforeAll(async () => {
    app = newMock();
    const f = fixturesOf(app);
    const grants = await Promise.all(Array.from({ length: 10 }, () => deviceCode(app)));
    const forms = [];
    cookie = '';
    for (let i = 0; i < 10; i++) {
      const form = await openForm(app, '/oauth/device', cookie);
      cookie = form.cookie;
      forms.push(form);
    }
    right = [f.apps.device.clientId, f.apps.web.clientId, GRANT.device, 'approve', 'deny', ...grants.flatMap((g) => [g.device_code, g.user_code, g.user_code.toLowerCase()]), ...forms.map((x) => x.csrf), f.workspaces[0]?.id ?? 'x'];
  });

  it('generated device requests: no 5xx, Coze-shaped errors; afterwards the flow still runs', async () => {
    const ws = fixturesOf(app).workspaces[0]?.id ?? 'x';
    const paths = ['/api/permission/oauth2/device/code', `/api/permission/oauth2/workspace_id/${ws}/device/code`, '/api/permission/oauth2/workspace_id/nope/device/code', '/oauth/device', '/api/permission/oauth2/token'];
    const requests = request({
      method: fc.constantFrom('POST', 'POST', 'GET', 'PUT'),
      path: fc.constantFrom(...paths),
      query: query(['user_code', 'client_id'], fc.constantFrom(...right)),
      headers: fc.oneof(headers(fc.constant('')), fc.constant({ cookie, origin: 'http://localhost', 'sec-fetch-site': 'same-origin' })),
      body: body(['client_id', 'grant_type', 'device_code', 'user_code', 'csrf_token', 'decision'], fc.constantFrom(...right)),
    });
    const { statuses } = await sweep(() => app, requests);
    expect([...statuses]).toEqual(expect.arrayContaining([200, 400]));
    await deviceTokens(app);
  });
});
