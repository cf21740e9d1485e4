/**
 * Shared helpers of the mock server's own tests: a mock with a frozen clock, request builders for every endpoint,
 * the consent and device dances a browser would do, JWT signing with the fixtures' key, and assertions for the two
 * error shapes (docs/contract.md#errors.both-shapes-4xx, docs/contract.md#openapi.envelope).
 */
import { createHash, randomBytes } from 'node:crypto';
import { importPKCS8, SignJWT, type JWTPayload } from 'jose';
import { expect } from 'vitest';
import { createMockApp, type MockApp, type MockOptions } from '../src/app.js';
import { createClock } from '../src/clock.js';
import { toPublicFixtures } from '../src/fixtures/index.js';
import type { PublicFixtures } from '../src/fixtures/types.js';

/** A seed whose RSA key is quick to find (seeded key generation costs 0.1–0.5 s depending on the seed). */
export const SEED = 'beta';
/** 2026-01-01T00:00:00Z: where every test mock's clock stands until a test moves it. */
export const T0 = Date.UTC(2026, 0, 1);
export const T0_SECONDS = T0 / 1000;

export const TOKEN_PATH = '/api/permission/oauth2/token';
export const AUTHORIZE_PATH = '/api/permission/oauth2/authorize';
export const DEVICE_CODE_PATH = '/api/permission/oauth2/device/code';
export const GRANT = {
  code: 'authorization_code',
  refresh: 'refresh_token',
  device: 'urn:ietf:params:oauth:grant-type:device_code',
  jwt: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
} as const;

/** Coze-shaped log ids: 17 timestamp digits then 15 upper-case hex characters. */
export const LOGID = /^\d{17}[0-9A-F]{15}$/;

/** A mock on the test seed with its clock frozen at {@link T0}. */
export function newMock(options: MockOptions = {}): MockApp {
  return createMockApp({ seed: SEED, clock: createClock({ frozenAt: T0 }), ...options });
}

/** The credentials view (`GET /__mock/fixtures`) of an in-process mock. */
export const fixturesOf = (app: MockApp): PublicFixtures => toPublicFixtures(app.mock.fixtures, 'http://localhost');

/** POSTs a JSON body (or a raw string as is). */
export function postJson(app: MockApp, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** POSTs to the token endpoint; `bearer` undefined sends no Authorization header. */
export function tokenRequest(app: MockApp, body: Record<string, unknown>, bearer?: string, path = TOKEN_PATH) {
  return postJson(app, path, body, bearer === undefined ? {} : { authorization: `Bearer ${bearer}`.trimEnd() });
}

/** GETs a `/v1` resource with a bearer token. */
export function apiGet(app: MockApp, path: string, token?: string) {
  return app.request(path, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
}

export interface TokenBody {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
}

/** Asserts a 200 token reply and returns it. */
export async function expectTokens(res: Response): Promise<TokenBody> {
  const body = (await res.json()) as TokenBody;
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.access_token).toEqual(expect.any(String));
  return body;
}

/**
 * Asserts an OAuth error reply: the status, JSON, both spellings with the same values, and X-Tt-Logid
 * (docs/contract.md#errors.both-shapes-4xx).
 */
export async function expectOAuthError(res: Response, status: number, code: string, message?: string | RegExp) {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as Record<string, string>;
  expect({ status: res.status, body }).toMatchObject({ status, body: { error: code, error_code: code } });
  expect(body.error_description).toBe(body.error_message);
  expect(body.error_message).toEqual(expect.any(String));
  if (message !== undefined) expect(body.error_message).toMatch(message);
  expect(res.headers.get('x-tt-logid')).toMatch(LOGID);
  return body;
}

/** Asserts an OpenAPI error envelope `{code, msg, detail: {logid}}` whose logid is the header's. */
export async function expectApiError(res: Response, status: number, code: number) {
  const body = (await res.json()) as { code: number; msg: string; detail: { logid: string } };
  expect({ status: res.status, code: body.code }).toEqual({ status, code });
  expect(body.msg).toEqual(expect.any(String));
  expect(body.detail.logid).toBe(res.headers.get('x-tt-logid'));
  return body;
}

/** Asserts a successful OpenAPI envelope and returns its `data`. */
export async function expectApiData<T = Record<string, unknown>>(res: Response): Promise<T> {
  const body = (await res.json()) as { code: number; msg: string; data: T; detail: { logid: string } };
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body).toMatchObject({ code: 0, msg: '', detail: { logid: res.headers.get('x-tt-logid') } });
  return body.data;
}

// ---------------------------------------------------------------- authorize and consent

/** An authorize query for the web app (or any client), `state` included unless undefined. */
export function authorizeQuery(
  app: MockApp,
  overrides: Record<string, string | undefined> = {},
  which: 'web' | 'pkce' = 'web',
): Record<string, string> {
  const f = fixturesOf(app).apps[which];
  const query: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: f.clientId,
    redirect_uri: f.redirectUris[0],
    state: 'st-1',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
}

export function authorize(app: MockApp, query: Record<string, string>, workspaceId?: string) {
  const path = workspaceId === undefined ? AUTHORIZE_PATH : `/api/permission/oauth2/workspace_id/${workspaceId}/authorize`;
  return app.request(`${path}?${new URLSearchParams(query)}`);
}

/** A consent page as a browser holds it: the page, its hidden fields and the cookie it set. */
export interface OpenConsent {
  html: string;
  res: Response;
  key: string;
  csrf: string;
  cookie: string;
}

export const hiddenField = (page: string, name: string): string =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';

const cookieOf = (res: Response): string => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

/** GETs a form page (consent or device) and keeps what the form POST needs. */
export async function openForm(app: MockApp, path: string, cookie = ''): Promise<OpenConsent> {
  const res = await app.request(path, cookie ? { headers: { cookie } } : {});
  const html = await res.text();
  return { html, res, key: hiddenField(html, 'authorize_key'), csrf: hiddenField(html, 'csrf_token'), cookie: cookieOf(res) || cookie };
}

/** Follows authorize → consent page. Fails the test if authorize does not lead to the consent page. */
export async function openConsent(app: MockApp, query: Record<string, string>, workspaceId?: string): Promise<OpenConsent> {
  const start = await authorize(app, query, workspaceId);
  const location = start.headers.get('location') ?? '';
  expect({ status: start.status, location }).toMatchObject({ status: 302, location: expect.stringMatching(/^\/oauth\/consent\?authorize_key=/) });
  return openForm(app, location);
}

/** POSTs a urlencoded form, as a same-origin browser would unless `headers` says otherwise. */
export function postForm(app: MockApp, path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', 'sec-fetch-site': 'same-origin', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** Posts the consent form of an open consent page. */
export function decide(app: MockApp, page: OpenConsent, decision: 'approve' | 'deny' = 'approve', headers: Record<string, string> = {}) {
  return postForm(app, '/oauth/consent', { authorize_key: page.key, csrf_token: page.csrf, decision }, { cookie: page.cookie, ...headers });
}

/** The whole consent dance; returns the client redirect's URL. */
export async function consent(
  app: MockApp,
  query: Record<string, string>,
  decision: 'approve' | 'deny' = 'approve',
  workspaceId?: string,
): Promise<URL> {
  const page = await openConsent(app, query, workspaceId);
  const res = await decide(app, page, decision);
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

/** Consents for the web app and returns the code. */
export async function webCode(app: MockApp, overrides: Record<string, string | undefined> = {}, workspaceId?: string): Promise<string> {
  const url = await consent(app, authorizeQuery(app, overrides), 'approve', workspaceId);
  return url.searchParams.get('code') as string;
}

/** Exchanges a web app code (secret in the Bearer header). */
export function exchangeWebCode(app: MockApp, code: string, overrides: Record<string, unknown> = {}, bearer?: string) {
  const web = fixturesOf(app).apps.web;
  return tokenRequest(
    app,
    { grant_type: GRANT.code, client_id: web.clientId, redirect_uri: web.redirectUris[0], code, ...overrides },
    bearer ?? web.clientSecret,
  );
}

/** Web code → tokens in one go. */
export async function webTokens(app: MockApp, workspaceId?: string): Promise<TokenBody> {
  return expectTokens(await exchangeWebCode(app, await webCode(app, {}, workspaceId)));
}

/** A PKCE verifier (64 hex chars, like the JS SDK) and its challenge. */
export function pkcePair(method: 'S256' | 'plain' = 'S256', verifier = randomBytes(32).toString('hex')) {
  const challenge = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return { verifier, challenge, method };
}

/** Consents for the PKCE app with a challenge and returns the code. */
export async function pkceCode(app: MockApp, pair: { challenge: string; method: string }): Promise<string> {
  const query = authorizeQuery(app, { code_challenge: pair.challenge, code_challenge_method: pair.method }, 'pkce');
  return (await consent(app, query)).searchParams.get('code') as string;
}

export function exchangePkceCode(app: MockApp, code: string, verifier: string | undefined) {
  const pkce = fixturesOf(app).apps.pkce;
  return tokenRequest(app, {
    grant_type: GRANT.code,
    client_id: pkce.clientId,
    redirect_uri: pkce.redirectUris[0],
    code,
    ...(verifier === undefined ? {} : { code_verifier: verifier }),
  });
}

export function refresh(app: MockApp, refreshToken: string | undefined, which: 'web' | 'pkce' | 'device' = 'web') {
  const f = fixturesOf(app).apps;
  const clientId = f[which].clientId;
  return tokenRequest(app, { grant_type: GRANT.refresh, client_id: clientId, refresh_token: refreshToken }, which === 'web' ? f.web.clientSecret : undefined);
}

// ---------------------------------------------------------------- device flow

export interface DeviceCodeBody {
  device_code: string;
  user_code: string;
  verification_uri: string;
  expires_in: number;
  interval: number;
}

export async function deviceCode(app: MockApp, workspaceId?: string): Promise<DeviceCodeBody> {
  const path = workspaceId === undefined ? DEVICE_CODE_PATH : `/api/permission/oauth2/workspace_id/${workspaceId}/device/code`;
  const res = await postJson(app, path, { client_id: fixturesOf(app).apps.device.clientId });
  const body = (await res.json()) as DeviceCodeBody;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

export function pollDevice(app: MockApp, code: string) {
  return tokenRequest(app, { grant_type: GRANT.device, client_id: fixturesOf(app).apps.device.clientId, device_code: code });
}

/** Approves or denies through the control API. */
export function settleDevice(app: MockApp, userCode: string, decision: 'approve' | 'deny' = 'approve') {
  return postJson(app, `/__mock/device/${decision}`, { user_code: userCode });
}

/** Device code → approve → tokens, moving the clock past the interval. */
export async function deviceTokens(app: MockApp, workspaceId?: string): Promise<TokenBody> {
  const dc = await deviceCode(app, workspaceId);
  expect((await settleDevice(app, dc.user_code)).status).toBe(200);
  app.mock.clock.advance(dc.interval);
  return expectTokens(await pollDevice(app, dc.device_code));
}

// ---------------------------------------------------------------- JWT flow

const keyCache = new Map<string, CryptoKey>();

/** Imports the fixtures' private key once per PEM. */
export async function privateKeyOf(pem: string): Promise<CryptoKey> {
  let key = keyCache.get(pem);
  if (!key) {
    key = await importPKCS8(pem, 'RS256');
    keyCache.set(pem, key);
  }
  return key;
}

let jtiCounter = 0;

/** Claims the JS SDK signs (iat = now, exp = iat + 3600), at the mock's clock, with a fresh jti. */
export function jwtClaims(app: MockApp, overrides: JWTPayload = {}, which: 'jwt' | 'channel' = 'jwt'): JWTPayload {
  const iat = app.mock.clock.nowSeconds();
  return { iss: fixturesOf(app).apps[which].appId, aud: 'api.coze.cn', iat, exp: iat + 3600, jti: `jti-${++jtiCounter}-${iat}`, ...overrides };
}

/**
 * Signs a JWT for the fixtures' JWT app with jose. `claims` replace the defaults; a claim set to undefined is dropped.
 */
export async function signJwt(
  app: MockApp,
  options: { claims?: JWTPayload; header?: Record<string, unknown>; privateKey?: string; app?: 'jwt' | 'channel' } = {},
): Promise<string> {
  const jwt = fixturesOf(app).apps[options.app ?? 'jwt'];
  const claims = Object.fromEntries(Object.entries(jwtClaims(app, options.claims, options.app)).filter(([, v]) => v !== undefined));
  const key = await privateKeyOf(options.privateKey ?? jwt.privateKey);
  // A header member set to undefined is left out (e.g. `typ: undefined`).
  const header = Object.fromEntries(Object.entries({ alg: 'RS256', typ: 'JWT', kid: jwt.keyId, ...options.header }).filter(([, v]) => v !== undefined));
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
}

export function jwtExchange(app: MockApp, jwt: string, body: Record<string, unknown> = {}, path = TOKEN_PATH) {
  return tokenRequest(app, { grant_type: GRANT.jwt, ...body }, jwt, path);
}

/** A fresh JWT of the JWT app (or the channel app) exchanged for a service token. */
export async function jwtToken(app: MockApp, body: Record<string, unknown> = {}, path = TOKEN_PATH, which: 'jwt' | 'channel' = 'jwt'): Promise<TokenBody> {
  return expectTokens(await jwtExchange(app, await signJwt(app, { app: which }), body, path));
}

/** `/__mock/introspect` of a token. */
export async function introspect(app: MockApp, token: string): Promise<Record<string, unknown>> {
  return (await (await postJson(app, '/__mock/introspect', { token })).json()) as Record<string, unknown>;
}

/** Whether a token opens `GET /v1/users/me`. */
export async function tokenWorks(app: MockApp, token: string): Promise<boolean> {
  return (await apiGet(app, '/v1/users/me', token)).status === 200;
}
