/**
 * Malformed-request sweep (fast-check): every endpoint, GET and POST, with random bodies (random JSON, invalid JSON,
 * wrong content types, bodies over 64 KiB, wrong types and nulls for each of the endpoint's fields, unicode), random
 * query strings and headers. Each reply must be a non-5xx, carry X-Tt-Logid, and be JSON or HTML with a Coze-shaped
 * error (or a redirect); a 200 from a token endpoint must be a token. Afterwards the state must be intact: earlier
 * tokens still work and every flow still runs.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import {
  apiGet,
  authorizeQuery,
  deviceTokens,
  exchangePkceCode,
  expectApiData,
  expectTokens,
  fixturesOf,
  GRANT,
  jwtClaims,
  jwtExchange,
  jwtToken,
  newMock,
  pkceCode,
  pkcePair,
  refresh,
  signJwt,
  tokenWorks,
  webTokens,
  type TokenBody,
} from './helpers.js';
import { replyProblem } from './attack/support.js';
import { SWEEP_TEST_TIMEOUT_MS, sweepRuns } from './sweep-scale.js';

// A fixed seed in `pnpm test`: the status coverage asserted below must not depend on the draw. `pnpm fuzz` draws 20×
// as many from a fresh seed (sweep-scale.ts).
const RUNS = sweepRuns(200);

/** Statuses the sweep met: a sweep that only ever hit one wall (say, 415) would prove little. */
const seen = new Set<number>();

async function expectSane(path: string, res: Response, what: string) {
  seen.add(res.status);
  expect(await replyProblem(path, res), what).toBeUndefined();
}

// ---------------------------------------------------------------- arbitraries

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 60 });
/** Wrong (or null, or edge) values for any field. */
const wrongValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  // Finite: JSON has no Infinity or NaN, and jose refuses to sign them as claims.
  fc.double({ noDefaultInfinity: true, noNaN: true }),
  // Edge values weigh more: they are where bugs hide (prototype names as keys, instants beyond a Date).
  { weight: 3, arbitrary: fc.constantFrom(0, -1, 1.5, 1e308, 86_399, 86_400, 8.64e15, 9e15, Number.MAX_SAFE_INTEGER, -1e9, 1e9) },
  anyText,
  { weight: 3, arbitrary: fc.constantFrom('', ' ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'S256', 'plain', 'approve', 'deny', 'code_x', 'pat_x', '/') },
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** One endpoint of the sweep: its path, and the fields it reads (body or query). */
interface Endpoint {
  path: string;
  fields: string[];
}

const TOKEN_FIELDS = ['grant_type', 'client_id', 'redirect_uri', 'code', 'code_verifier', 'refresh_token', 'device_code', 'duration_seconds', 'scope'];

/**
 * Bodies built from an endpoint's own fields, each wrong in type or value, null, or (now and then) right, plus now
 * and then a stray member (`__proto__` included).
 */
function fieldBody(endpoint: Endpoint, right: fc.Arbitrary<unknown>) {
  const value = fc.oneof({ weight: 3, arbitrary: wrongValue }, { weight: 1, arbitrary: right });
  const stray = fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra'), fc.string({ maxLength: 8 })), wrongValue, { maxKeys: 1 });
  return fc
    .tuple(fc.dictionary(fc.constantFrom(...endpoint.fields), value, { maxKeys: endpoint.fields.length }), fc.option(stray, { nil: undefined, freq: 4 }))
    .map(([fields, extra]) => JSON.stringify({ ...JSON.parse(JSON.stringify(extra ?? {})), ...fields }));
}

const rawBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  anyText,
  fc.constantFrom('', '{', '{"grant_type":', '[]', 'null', '"x"', '1e999', '{"a":1}garbage', '\u0000', '{"__proto__":{"grant_type":"refresh_token"}}'),
  fc.nat({ max: 3 }).map((n) => `{"grant_type":"${'x'.repeat(64 * 1024 + n)}"}`),
  fc.nat({ max: 2000 }).map((n) => `${'['.repeat(5000 + n)}${']'.repeat(5000 + n)}`),
  fc.uint8Array({ maxLength: 64 }),
);

const contentType = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/x-www-form-urlencoded',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/jsonx',
    '',
  ),
  { nil: undefined },
);

const headers = fc.record(
  {
    authorization: fc.oneof(headerText, headerText.map((t) => `Bearer ${t}`), fc.constantFrom('Bearer', 'Bearer ', 'Basic abc', 'bearer czu_x', 'Bearer pat_x')),
    cookie: fc.oneof(headerText, headerText.map((t) => `coze_mock_form=${t}`)),
    origin: fc.oneof(headerText, fc.constantFrom('null', 'http://localhost', 'https://evil.example', 'http://localhost:5173')),
    'sec-fetch-site': fc.oneof(headerText, fc.constantFrom('same-origin', 'cross-site', 'none', 'same-site')),
    'content-length': fc.oneof(fc.nat().map(String), headerText),
    host: fc.oneof(headerText, fc.constantFrom('localhost', '127.0.0.1:8787', 'api.coze.cn', 'evil.example')),
    'x-coze-client-user-agent': headerText,
    'user-agent': headerText,
  },
  { requiredKeys: [] },
);

/** Random queries over an endpoint's fields, some starting from `valid` (a working query) with members changed. */
const queryString = (endpoint: Endpoint, valid: Record<string, string>) =>
  fc.oneof(
    fc.dictionary(fc.oneof(fc.constantFrom(...endpoint.fields), fc.string({ maxLength: 8 })), anyText, { maxKeys: 6 }).map((q) => new URLSearchParams(q).toString()),
    fc.dictionary(fc.constantFrom(...endpoint.fields), anyText, { maxKeys: 2 }).map((q) => new URLSearchParams({ ...valid, ...q }).toString()),
    fc.constantFrom('', '%', '%zz', 'a=%E0%A4%A', 'state=%ff%fe', '&&&', '=x', 'client_id&client_id=a', 'page_size=1e3', 'page_num=-0', 'since=-1'),
  );

function send(app: MockApp, path: string, init: { method: string; body?: string | Uint8Array; type?: string | undefined; headers?: Record<string, string>; query?: string }) {
  return app.request(`${path}${init.query ? `?${init.query}` : ''}`, {
    method: init.method,
    headers: { ...init.headers, ...(init.type === undefined ? {} : { 'content-type': init.type }) },
    ...(init.method === 'GET' || init.body === undefined ? {} : { body: init.body as BodyInit }),
  });
}

/** The three request shapes every sweep runs on a set of endpoints. */
function sweepProperties(getApp: () => MockApp, getEndpoints: () => Endpoint[], methods: string[], right: () => fc.Arbitrary<unknown>, valid: () => Record<string, string>) {
  const endpoint = () => fc.constantFrom(...getEndpoints());
  const method = fc.constantFrom(...methods);

  it('random bodies and content types', async () => {
    await fc.assert(
      fc.asyncProperty(endpoint(), method, rawBody, contentType, async (e, m, body, type) => {
        await expectSane(e.path, await send(getApp(), e.path, { method: m, body, type }), `${m} ${e.path}`);
      }),
      RUNS,
    );
  });

  it('wrong types, nulls and unicode for each field, as JSON and as a form', async () => {
    const shaped = endpoint().chain((e) => fc.tuple(fc.constant(e), fieldBody(e, right()), fc.boolean()));
    await fc.assert(
      fc.asyncProperty(shaped, method, async ([e, body, asForm], m) => {
        const form = new URLSearchParams(Object.entries(JSON.parse(body) as object).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
        const type = asForm ? 'application/x-www-form-urlencoded' : 'application/json';
        await expectSane(e.path, await send(getApp(), e.path, { method: m, body: asForm ? form : body, type }), `${m} ${e.path} ${body}`);
      }),
      RUNS,
    );
  });

  it('random query strings and headers', async () => {
    const shaped = endpoint().chain((e) => fc.tuple(fc.constant(e), queryString(e, valid()), fc.option(fieldBody(e, right()), { nil: undefined })));
    await fc.assert(
      fc.asyncProperty(shaped, method, headers, async ([e, query, body], m, h) => {
        await expectSane(e.path, await send(getApp(), e.path, { method: m, body, type: 'application/json', headers: h, query }), `${m} ${e.path}?${query} ${JSON.stringify(h)}`);
      }),
      RUNS,
    );
  });
}

// ---------------------------------------------------------------- the public endpoints

describe('public endpoints', { timeout: SWEEP_TEST_TIMEOUT_MS }, () => {
  let app: MockApp;
  let before: { web: TokenBody; jwt: TokenBody; device: TokenBody; pat: string };
  let endpoints: Endpoint[];
  let rightValues: unknown[];

  beforeAll(async () => {
    app = newMock();
    const f = fixturesOf(app);
    before = { web: await webTokens(app), jwt: await jwtToken(app, { duration_seconds: 86_399 }), device: await deviceTokens(app), pat: f.pat };
    const [ws] = f.workspaces.map((w) => w.id);
    const authorizeFields = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method'];
    endpoints = [
      { path: '/', fields: ['x'] },
      { path: '/api/permission/oauth2/authorize', fields: authorizeFields },
      { path: `/api/permission/oauth2/workspace_id/${ws}/authorize`, fields: authorizeFields },
      { path: '/api/permission/oauth2/workspace_id/%ZZ/authorize', fields: authorizeFields },
      { path: '/api/permission/oauth2/device/code', fields: ['client_id'] },
      { path: `/api/permission/oauth2/workspace_id/${ws}/device/code`, fields: ['client_id'] },
      { path: '/api/permission/oauth2/token', fields: TOKEN_FIELDS },
      { path: `/api/permission/oauth2/account/${f.accountId}/token`, fields: TOKEN_FIELDS },
      { path: '/api/permission/oauth2/account/%00/token', fields: TOKEN_FIELDS },
      { path: `/api/permission/oauth2/enterprise_id/${f.enterpriseId}/token`, fields: TOKEN_FIELDS },
      { path: '/oauth/consent', fields: ['authorize_key', 'csrf_token', 'decision'] },
      { path: '/oauth/device', fields: ['user_code', 'csrf_token', 'decision'] },
      { path: '/v1/users/me', fields: ['x'] },
      { path: '/v1/workspaces', fields: ['page_num', 'page_size'] },
      { path: '/v1/bots', fields: ['workspace_id', 'page_num', 'page_size'] },
      { path: '/v1/nothing', fields: ['x'] },
      { path: '/nothing/at/all', fields: ['x'] },
    ];
    // Public values only: secrets and tokens stay out, so the sweep cannot legitimately use up what it checks after.
    rightValues = [...Object.values(GRANT), f.apps.web.clientId, f.apps.pkce.clientId, f.apps.device.clientId, f.apps.jwt.appId, f.apps.web.redirectUris[0], ws, 'code'];
  });

  sweepProperties(() => app, () => endpoints, ['GET', 'POST'], () => fc.constantFrom(...rightValues), () => authorizeQuery(app));

  it('JWTs signed with the right key but random claims, headers and bodies', async () => {
    const claim = fc.oneof(wrongValue, fc.integer({ min: -1e12, max: 1e12 }), fc.constant(undefined));
    const tokenEndpoint: Endpoint = { path: '/api/permission/oauth2/token', fields: TOKEN_FIELDS };
    await fc.assert(
      fc.asyncProperty(
        fc.record({ iss: claim, aud: claim, iat: claim, exp: claim, jti: claim, nbf: claim, session_name: claim, session_context: claim }, { requiredKeys: [] }),
        fc.record({ kid: claim, typ: claim }, { requiredKeys: [] }),
        fc.option(fieldBody(tokenEndpoint, fc.constant(GRANT.jwt)), { nil: undefined }),
        async (claims, header, body) => {
          const jwt = await signJwt(app, { claims: { ...jwtClaims(app), ...claims } as never, header });
          const res = await jwtExchange(app, jwt, body ? (JSON.parse(body) as Record<string, unknown>) : {});
          await expectSane(tokenEndpoint.path, res, `JWT ${JSON.stringify(claims)} ${JSON.stringify(header)} ${body}`);
        },
      ),
      sweepRuns(100),
    );
  });

  it('afterwards the state is intact: earlier tokens work and every flow still runs', async () => {
    expect([...seen]).toEqual(expect.arrayContaining([200, 302, 400, 401, 403, 404, 410, 413, 415]));
    for (const token of [before.pat, before.web.access_token, before.jwt.access_token, before.device.access_token]) {
      expect(await tokenWorks(app, token), token).toBe(true);
    }
    await expectTokens(await refresh(app, before.web.refresh_token));
    await expectTokens(await refresh(app, before.device.refresh_token, 'device'));
    const web = await webTokens(app);
    await expectTokens(await refresh(app, web.refresh_token));
    const pair = pkcePair();
    await expectTokens(await exchangePkceCode(app, await pkceCode(app, pair), pair.verifier));
    expect(await tokenWorks(app, (await deviceTokens(app)).access_token)).toBe(true);
    expect(await tokenWorks(app, (await jwtToken(app)).access_token)).toBe(true);
    await expectApiData(await apiGet(app, '/v1/workspaces', before.pat));
  });
});

// ---------------------------------------------------------------- the control API

describe('control endpoints', { timeout: SWEEP_TEST_TIMEOUT_MS }, () => {
  let app: MockApp;
  const endpoints: Endpoint[] = [
    { path: '/__mock/fixtures', fields: ['x'] },
    { path: '/__mock/reset', fields: ['x'] },
    { path: '/__mock/clock', fields: ['advanceSeconds', 'set', 'reset', 'freeze'] },
    { path: '/__mock/device/approve', fields: ['user_code'] },
    { path: '/__mock/device/deny', fields: ['user_code'] },
    { path: '/__mock/journal', fields: ['path', 'grantType', 'since'] },
    { path: '/__mock/replies', fields: ['match', 'reply', 'times', 'delayMs', 'requireToken'] },
    { path: '/__mock/replies/reply_1', fields: ['x'] },
    { path: '/__mock/apps', fields: ['type', 'name', 'redirectUris', 'permissions'] },
    { path: '/__mock/apps/1/disable', fields: ['x'] },
    { path: '/__mock/users', fields: ['user_id', 'user_name', 'nick_name'] },
    { path: '/__mock/pats', fields: ['permissions', 'expiresInSeconds', 'userId'] },
    { path: '/__mock/tokens/revoke', fields: ['token', 'fingerprint', 'clientId', 'userId'] },
    { path: '/__mock/tokens', fields: ['x'] },
    { path: '/__mock/tokens/0123456789abcdef', fields: ['x'] },
    { path: '/__mock/device', fields: ['x'] },
    { path: '/__mock/conversations', fields: ['x'] },
    // No `seed`: a seeded sandbox costs a seeded RSA key search, too slow for a sweep.
    { path: '/__mock/sandboxes', fields: ['x'] },
    { path: '/__mock/faults', fields: ['pathPrefix', 'method', 'status', 'count', 'delayMs'] },
    { path: '/__mock/deviations', fields: ['enable'] },
    { path: '/__mock/introspect', fields: ['token'] },
    { path: '/__mock/nothing', fields: ['x'] },
  ];
  const right = fc.constantFrom(true, 1, 500, 503, '/v1/', 'POST', ['no-slow-down'], '2026-01-01T00:00:00Z', 'BBBB-BBBB');

  beforeAll(() => {
    app = newMock();
  });

  sweepProperties(() => app, () => endpoints, ['GET', 'POST', 'PUT', 'DELETE'], () => right, () => ({}));

  it('afterwards a reset brings everything back', async () => {
    expect((await app.request('/__mock/reset', { method: 'POST' })).status).toBe(200);
    expect(await tokenWorks(app, fixturesOf(app).pat)).toBe(true);
    await webTokens(app);
    await deviceTokens(app);
    await jwtToken(app);
  });
});
