/**
 * docs/contract.md#errors.documented-values and docs/contract.md#errors.both-shapes-4xx, row by row (oauth_code error table, oauth_device_code polling states):
 * each error the auth endpoints answer is a 4xx (5xx only for internal_error and injected faults) with both
 * spellings, `error`/`error_code` and `error_message`/`error_description`, and every reply carries X-Tt-Logid.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MockApp } from '../src/app.js';
import {
  apiGet,
  AUTHORIZE_PATH,
  authorizeQuery,
  deviceCode,
  DEVICE_CODE_PATH,
  type DeviceCodeBody,
  expectApiError,
  expectOAuthError,
  fixturesOf,
  GRANT,
  LOGID,
  newMock,
  pollDevice,
  postJson,
  settleDevice,
  signJwt,
  TOKEN_PATH,
  tokenRequest,
} from './helpers.js';

let app: MockApp;
beforeAll(() => {
  app = newMock({
    config: {
      apps: [
        { type: 'web', name: 'Switched Off', clientId: 'off.app.coze', clientSecrets: ['secret-of-off'], redirectUris: ['http://127.0.0.1:8080/callback'], disabled: true },
        { type: 'device', name: 'Old TV', clientId: 'old-tv', disabled: true },
      ],
    },
  });
});
afterEach(() => {
  app.reset();
  vi.restoreAllMocks();
});

type Reply = Response | Promise<Response>;
type Row = [name: string, send: (a: MockApp) => Reply, status: number, code: string, message?: string | RegExp];

const web = (a: MockApp) => fixturesOf(a).apps.web;

/** oauth_code's table, one or more requests per row. */
const documentedRows: Row[] = [
  ['invalid_request: a missing grant_type', (a) => tokenRequest(a, {}), 400, 'invalid_request', 'invalid request: grant_type (required)'],
  ['invalid_request: a missing client_id', (a) => tokenRequest(a, { grant_type: GRANT.code, redirect_uri: 'x', code: 'y' }), 400, 'invalid_request', /^invalid request: client_id/],
  ['invalid_request: a device code request without client_id', (a) => postJson(a, DEVICE_CODE_PATH, {}), 400, 'invalid_request', /^invalid request: client_id/],
  ['invalid_client: an unknown client_id', (a) => tokenRequest(a, { grant_type: GRANT.refresh, client_id: 'nobody', refresh_token: 'r' }), 401, 'invalid_client'],
  ['invalid_client: a wrong client secret', (a) => tokenRequest(a, { grant_type: GRANT.refresh, client_id: web(a).clientId, refresh_token: 'r' }, 'wrong'), 401, 'invalid_client'],
  ['invalid_client: a JWT signed for another kid', async (a) => tokenRequest(a, { grant_type: GRANT.jwt }, await signJwt(a, { header: { kid: 'nope' } })), 401, 'invalid_client', 'invalid jwt: kid not been registred'],
  ['unsupported_grant_type: password', (a) => tokenRequest(a, { grant_type: 'password' }), 400, 'unsupported_grant_type', 'not supported grant type: password'],
  ['unsupported_grant_type: client_credentials', (a) => tokenRequest(a, { grant_type: 'client_credentials' }), 400, 'unsupported_grant_type'],
  ['access_deny: a deactivated app', (a) => tokenRequest(a, { grant_type: GRANT.refresh, client_id: 'off.app.coze', refresh_token: 'r' }, 'secret-of-off'), 403, 'access_deny', 'app: Switched Off is currently deactivated by the owner'],
  ['access_deny: a deactivated device app', (a) => postJson(a, DEVICE_CODE_PATH, { client_id: 'old-tv' }), 403, 'access_deny', 'app: Old TV is currently deactivated by the owner'],
  ['access_deny: a wrong app type', (a) => tokenRequest(a, { grant_type: GRANT.device, client_id: web(a).clientId, device_code: 'd' }, web(a).clientSecret), 403, 'access_deny', 'invalid app type'],
];

/** Where Coze is silent the mock uses RFC 6749 names. */
const rfcRows: Row[] = [
  ['invalid_grant: an unknown code', (a) => tokenRequest(a, { grant_type: GRANT.code, client_id: web(a).clientId, redirect_uri: web(a).redirectUris[0], code: 'code_x' }, web(a).clientSecret), 400, 'invalid_grant'],
  ['invalid_grant: an unknown refresh token', (a) => tokenRequest(a, { grant_type: GRANT.refresh, client_id: web(a).clientId, refresh_token: 'r' }, web(a).clientSecret), 400, 'invalid_grant'],
];

/** Own-property look-up of grant types: names on Object.prototype are no grants. */
const prototypeRows: Row[] = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'].map(
  (name): Row => [`unsupported_grant_type: ${name}`, (a) => tokenRequest(a, { grant_type: name }), 400, 'unsupported_grant_type', `not supported grant type: ${name}`],
);

/** Transport-level refusals of the JSON endpoints. */
const transportRows: Row[] = [
  ['a form-encoded body (415)', (a) => a.request(TOKEN_PATH, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' }), 415, 'invalid_request', /application\/json/],
  ['no content type (415)', (a) => a.request(TOKEN_PATH, { method: 'POST', body: '{}' }), 415, 'invalid_request'],
  ['invalid JSON', (a) => postJson(a, TOKEN_PATH, '{"grant_type":'), 400, 'invalid_request', /not valid JSON/],
  ['a JSON array', (a) => postJson(a, TOKEN_PATH, '[1,2]'), 400, 'invalid_request', /JSON object/],
  ['JSON null', (a) => postJson(a, TOKEN_PATH, 'null'), 400, 'invalid_request', /JSON object/],
  ['invalid UTF-8', (a) => a.request(TOKEN_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0x7d]) }), 400, 'invalid_request'],
  ['a body over 64 KiB', (a) => postJson(a, TOKEN_PATH, { grant_type: 'x', pad: 'x'.repeat(65 * 1024) }), 413, 'invalid_request', /larger than 65536/],
  ['a declared Content-Length over 64 KiB', (a) => postJson(a, TOKEN_PATH, '{}', { 'content-length': '70000' }), 413, 'invalid_request'],
  ['an unknown endpoint (404)', (a) => a.request('/api/permission/oauth2/revoke', { method: 'POST' }), 404, 'invalid_request', /no such endpoint/],
  ['GET on the token endpoint (404)', (a) => a.request(TOKEN_PATH), 404, 'invalid_request'],
];

describe.each<[string, Row[]]>([
  ['oauth_code error table', documentedRows],
  ['RFC 6749 errors', rfcRows],
  ['prototype names', prototypeRows],
  ['transport', transportRows],
])('%s', (_table, rows) => {
  it.each(rows)('%s', async (_name, send, status, code, message) => {
    await expectOAuthError(await send(app), status, code, message);
  });
});

describe('device polling states (oauth_device_code), all 400 with both spellings', () => {
  type Prepare = (a: MockApp, dc: DeviceCodeBody) => unknown;
  const poll = async (prepare: Prepare) => {
    const dc = await deviceCode(app);
    await prepare(app, dc);
    return pollDevice(app, dc.device_code);
  };
  it.each<[string, Prepare]>([
    ['authorization_pending', () => undefined],
    ['slow_down', (a, dc) => pollDevice(a, dc.device_code)],
    ['access_denied', (a, dc) => settleDevice(a, dc.user_code, 'deny')],
    ['expired_token', (a) => a.mock.clock.advance(300)],
  ])('%s', async (state, prepare) => {
    await expectOAuthError(await poll(prepare), 400, state);
  });
});

describe('internal_error', () => {
  it('an injected 500 answers internal_error', async () => {
    await postJson(app, '/__mock/faults', { status: 500 });
    await expectOAuthError(await tokenRequest(app, { grant_type: 'password' }), 500, 'internal_error');
  });

  it('a bug in the mock still answers Coze-shaped: internal_error "Service internal error." or envelope code 5000', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(app.mock.store.refreshTokens, 'get').mockImplementation(() => {
      throw new Error('boom');
    });
    const res = await tokenRequest(app, { grant_type: GRANT.refresh, client_id: web(app).clientId, refresh_token: 'r' }, web(app).clientSecret);
    await expectOAuthError(res, 500, 'internal_error', 'Service internal error.');
    vi.spyOn(app.mock.store.accessTokens, 'get').mockImplementation(() => {
      throw new Error('boom');
    });
    await expectApiError(await apiGet(app, '/v1/users/me', 'czu_x'), 500, 5000);
    expect(log).toHaveBeenCalledTimes(2);
  });
});

describe('X-Tt-Logid on every reply', () => {
  const requests: [string, (a: MockApp) => Reply][] = [
    ['the home page', (a) => a.request('/')],
    ['an authorize redirect', (a) => a.request(`${AUTHORIZE_PATH}?${new URLSearchParams(authorizeQuery(a))}`)],
    ['an authorize error page', (a) => a.request(AUTHORIZE_PATH)],
    ['the device page', (a) => a.request('/oauth/device')],
    ['a token success', async (a) => tokenRequest(a, { grant_type: GRANT.jwt }, await signJwt(a))],
    ['a token error', (a) => tokenRequest(a, {})],
    ['a device code', (a) => postJson(a, DEVICE_CODE_PATH, { client_id: fixturesOf(a).apps.device.clientId })],
    ['a /v1 success', (a) => apiGet(a, '/v1/users/me', fixturesOf(a).pat)],
    ['a /v1 error', (a) => apiGet(a, '/v1/users/me')],
    ['a CORS preflight', (a) => a.request(TOKEN_PATH, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } })],
    ['a control call', (a) => a.request('/__mock/clock')],
    ['a refused control call', (a) => a.request('/__mock/clock', { headers: { host: 'evil.example' } })],
    ['an unknown path', (a) => a.request('/nothing')],
  ];

  it.each(requests)('%s', async (_name, send) => {
    const res = await send(app);
    expect(res.headers.get('x-tt-logid')).toMatch(LOGID);
  });

  it('log ids are unique and start with the mock clock’s time', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, async () => (await app.request('/')).headers.get('x-tt-logid')));
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) expect(id?.slice(0, 17)).toBe('20260101000000000');
  });

  it('the envelope’s detail.logid is the header’s', async () => {
    await expectApiError(await apiGet(app, '/v1/users/me'), 401, 4100);
  });
});

describe('the assertions can fail (meta: a deviation breaks exactly what they guard)', () => {
  it.each([
    ['errors-without-error-field', (a: MockApp) => tokenRequest(a, { grant_type: 'password' })],
    ['no-logid-header', (a: MockApp) => tokenRequest(a, { grant_type: 'password' })],
    ['pending-with-200', async (a: MockApp) => pollDevice(a, (await deviceCode(a)).device_code)],
  ] as const)('%s', async (deviation, send) => {
    const broken = newMock({ deviations: [deviation] });
    const code = deviation === 'pending-with-200' ? 'authorization_pending' : 'unsupported_grant_type';
    await expect(expectOAuthError(await send(broken), 400, code)).rejects.toThrow();
    await expectOAuthError(await send(app), 400, code);
  });
});
