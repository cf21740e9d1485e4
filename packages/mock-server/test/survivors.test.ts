/**
 * Behaviour the mutation run (issue 8 item 10) showed untested: each case kills a surviving mutant of grants/,
 * state/, pages/form-guard.ts or the token route, and each asserts what a user of the mock relies on.
 */
import { describe, expect, it } from 'vitest';
import { StateTable } from '../src/state/table.js';
import { startMockServer } from '../src/server.js';
import { createClock } from '../src/clock.js';
import {
  authorize,
  authorizeQuery,
  decide,
  deviceCode,
  exchangeWebCode,
  expectOAuthError,
  expectTokens,
  fixturesOf,
  GRANT,
  hiddenField,
  introspect,
  jwtClaims,
  jwtExchange,
  newMock,
  openConsent,
  openForm,
  postForm,
  refresh,
  SEED,
  settleDevice,
  signJwt,
  T0,
  tokenRequest,
  webCode,
  webTokens,
} from './helpers.js';
import { goodHeader, rawJwt } from './attack/support.js';

describe('device grant', () => {
  it('a device_code of one app cannot be redeemed with another app’s client_id, and stays good for its own', async () => {
    const app = newMock({ config: { apps: [{ type: 'device', name: 'Other TV', clientId: 'other-tv' }] } });
    const dc = await deviceCode(app);
    expect((await settleDevice(app, dc.user_code)).status).toBe(200);
    app.mock.clock.advance(dc.interval);
    await expectOAuthError(await tokenRequest(app, { grant_type: GRANT.device, client_id: 'other-tv', device_code: dc.device_code }), 400, 'invalid_grant', 'invalid device_code');
    await expectTokens(await tokenRequest(app, { grant_type: GRANT.device, client_id: fixturesOf(app).apps.device.clientId, device_code: dc.device_code }));
  });

  it('the token is the approving user’s, not the default user’s', async () => {
    const app = newMock({ config: { users: [{ user_id: 'u-second', user_name: 'second' }] } });
    const dc = await deviceCode(app);
    expect((await settleDevice(app, dc.user_code)).status).toBe(200);
    // The page and the control API approve as the signed-in (default) user; a different approver is set on the grant.
    const grant = app.mock.store.findDeviceGrantByUserCode(dc.user_code);
    if (grant) grant.userId = 'u-second';
    app.mock.clock.advance(dc.interval);
    const { access_token } = await expectTokens(await tokenRequest(app, { grant_type: GRANT.device, client_id: fixturesOf(app).apps.device.clientId, device_code: dc.device_code }));
    expect(await introspect(app, access_token)).toMatchObject({ userId: 'u-second' });
  });
});

describe('authorization codes past their expiry', () => {
  it('a code expired and swept within the hour still answers "code expired"; after the grace it is unknown', async () => {
    const app = newMock();
    const code = await webCode(app);
    app.mock.clock.advance(app.mock.lifetimes.codeSeconds + 1);
    app.mock.store.codes.sweep();
    await expectOAuthError(await exchangeWebCode(app, code), 400, 'invalid_grant', 'code expired');
    app.mock.clock.advance(3600);
    app.mock.store.codes.sweep();
    await expectOAuthError(await exchangeWebCode(app, code), 400, 'invalid_grant', 'invalid code');
  });

  it('StateTable keeps an expired entry through a sweep for the grace, then drops it', () => {
    let now = 0;
    const map = new StateTable<{ expiresAtMs: number }>('things', () => now, 100);
    map.add('a', { expiresAtMs: 10 });
    now = 11;
    expect(map.get('a')).toBeUndefined();
    map.sweep(1000);
    expect(map.getIncludingExpired('a')).toEqual({ expiresAtMs: 10 });
    now = 1010;
    map.sweep(1000);
    expect(map.getIncludingExpired('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });
});

describe('JWT claims at their limits', () => {
  it('a replay just after exp, inside the clock tolerance, is still a replay', async () => {
    const app = newMock();
    const now = app.mock.clock.nowSeconds();
    const jwt = await signJwt(app, { claims: { iat: now, exp: now + 100 } });
    await expectTokens(await jwtExchange(app, jwt));
    app.mock.clock.advance(100 + app.mock.lifetimes.jwtClockToleranceSeconds / 2);
    await expectOAuthError(await jwtExchange(app, jwt), 401, 'invalid_client', 'invalid jwt: jti has already been used');
  });

  it('aud as the bare host while the Host header carries the port', async () => {
    const server = await startMockServer({ seed: SEED, clock: createClock({ frozenAt: T0 }) });
    try {
      const jwt = await signJwt(server.app, { claims: { aud: '127.0.0.1' } });
      const res = await fetch(`${server.url}/api/permission/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` }, body: JSON.stringify({ grant_type: GRANT.jwt }) });
      expect(new URL(server.url).port).not.toBe('');
      await expectTokens(res);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['jti', 'invalid jwt: jti must be a non-empty string'],
    ['session_name', 'invalid jwt: session_name must be a string of at most 256 characters'],
  ])('%s: 256 characters are accepted, 257 refused', async (claim, message) => {
    const app = newMock();
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { [claim]: 'x'.repeat(256) } })));
    await expectOAuthError(await jwtExchange(app, await signJwt(app, { claims: { [claim]: 'y'.repeat(257) } })), 401, 'invalid_client', message);
  });

  it.each([
    ['an empty scope', {}],
    ['a scope with only attribute_constraint', { attribute_constraint: { connector_bot_chat_attribute: [] } }],
  ])('%s grants the app’s own permissions', async (_name, scope) => {
    const app = newMock();
    const { access_token } = await expectTokens(await jwtExchange(app, await signJwt(app), { scope }));
    const jwtApp = app.mock.fixtures.apps.find((a) => a.clientId === fixturesOf(app).apps.jwt.appId);
    expect((await introspect(app, access_token)).permissions).toEqual(jwtApp?.permissions);
    expect(jwtApp?.permissions.length).toBeGreaterThan(1);
  });

  it('a scope naming permissions narrows a channel app’s token to them (a plain JWT app ignores it)', async () => {
    const app = newMock();
    const scope = { account_permission: { permission_list: ['listWorkspace'] } };
    const channel = await expectTokens(await jwtExchange(app, await signJwt(app, { app: 'channel' }), { scope }));
    expect((await introspect(app, channel.access_token)).permissions).toEqual(['listWorkspace']);
    const plain = await expectTokens(await jwtExchange(app, await signJwt(app), { scope }));
    expect((await introspect(app, plain.access_token)).permissions).toEqual(app.mock.fixtures.primary.jwt.permissions);
  });

  it.each([
    ['a payload that is no claims object (JWTInvalid)', (app: ReturnType<typeof newMock>) => rawJwt(JSON.stringify(goodHeader(app)), '[1]', fixturesOf(app).apps.jwt.privateKey), 'invalid jwt: malformed token'],
    ['an unknown crit extension (JOSENotSupported)', (app: ReturnType<typeof newMock>) => rawJwt(JSON.stringify({ ...goodHeader(app), crit: ['x'], x: 1 }), JSON.stringify(jwtClaims(app)), fixturesOf(app).apps.jwt.privateKey), 'invalid jwt: malformed token'],
    ['an expired JWT (JWTExpired)', (app: ReturnType<typeof newMock>) => rawJwt(JSON.stringify(goodHeader(app)), JSON.stringify(jwtClaims(app, { iat: T0 / 1000 - 7200, exp: T0 / 1000 - 3600 })), fixturesOf(app).apps.jwt.privateKey), 'invalid jwt: exp is in the past'],
    ['a foreign iss (JWTClaimValidationFailed)', (app: ReturnType<typeof newMock>) => rawJwt(JSON.stringify(goodHeader(app)), JSON.stringify(jwtClaims(app, { iss: 'x' })), fixturesOf(app).apps.jwt.privateKey), 'invalid jwt: claim iss is not accepted'],
    ['a missing jti (JWTClaimValidationFailed, missing)', (app: ReturnType<typeof newMock>) => rawJwt(JSON.stringify(goodHeader(app)), JSON.stringify({ ...jwtClaims(app), jti: undefined }), fixturesOf(app).apps.jwt.privateKey), 'invalid jwt: claim jti is missing'],
  ])('jose’s verdict on %s is named', async (_name, make, message) => {
    const app = newMock();
    await expectOAuthError(await jwtExchange(app, make(app)), 401, 'invalid_client', message);
  });
});

describe('form guard', () => {
  it('one form cookie serves several tabs: set on the first page only, and every tab’s form posts', async () => {
    const app = newMock();
    const first = await openConsent(app, authorizeQuery(app, { state: 'tab-1' }));
    expect(first.res.headers.get('set-cookie')).toMatch(/^coze_mock_form=[A-Za-z0-9]{32};/);
    const start = await authorize(app, authorizeQuery(app, { state: 'tab-2' }));
    const second = await openForm(app, start.headers.get('location') as string, first.cookie);
    expect(second.res.headers.get('set-cookie')).toBeNull();
    expect(second.cookie).toBe(first.cookie);
    expect(new URL((await decide(app, second)).headers.get('location') as string).searchParams.get('state')).toBe('tab-2');
    expect(new URL((await decide(app, first)).headers.get('location') as string).searchParams.get('state')).toBe('tab-1');
  });

  it('a malformed planted cookie is replaced, and only the replacement opens the form', async () => {
    const app = newMock();
    const start = await authorize(app, authorizeQuery(app));
    const planted = 'coze_mock_form=planted-by-attacker';
    const page = await openForm(app, start.headers.get('location') as string, planted);
    expect(page.res.headers.get('set-cookie')).toMatch(/^coze_mock_form=[A-Za-z0-9]{32};/);
    expect(page.cookie).not.toBe(planted);
    expect((await decide(app, { ...page, cookie: planted })).status).toBe(403);
    const again = await openForm(app, `/oauth/consent?authorize_key=${page.key}`, page.cookie);
    expect((await decide(app, again)).status).toBe(302);
  });

  it('a typed-URL submission (Sec-Fetch-Site: none) is accepted', async () => {
    const app = newMock();
    const page = await openConsent(app, authorizeQuery(app));
    expect((await decide(app, page, 'approve', { 'sec-fetch-site': 'none' })).status).toBe(302);
  });

  it('an Origin equal to the configured public URL is accepted; another origin is not', async () => {
    const publicUrl = 'https://mock.example.test';
    const app = newMock({ config: { baseURL: `${publicUrl}/`, ...({ publicUrl } as object) } });
    const page = await openConsent(app, authorizeQuery(app));
    expect((await decide(app, page, 'approve', { origin: 'https://other.example.test' })).status).toBe(403);
    const again = await openForm(app, `/oauth/consent?authorize_key=${page.key}`, page.cookie);
    expect((await decide(app, again, 'approve', { origin: publicUrl })).status).toBe(302);
  });

  it('a device form posts with its own token only (purpose-bound)', async () => {
    const app = newMock();
    const dc = await deviceCode(app);
    const consentPage = await openConsent(app, authorizeQuery(app));
    const device = await openForm(app, '/oauth/device', consentPage.cookie);
    const forged = await postForm(app, '/oauth/device', { user_code: dc.user_code, csrf_token: consentPage.csrf, decision: 'approve' }, { cookie: consentPage.cookie });
    expect(forged.status).toBe(403);
    const fresh = hiddenField(await forged.text(), 'csrf_token');
    expect(fresh).not.toBe('');
    const ok = await postForm(app, '/oauth/device', { user_code: dc.user_code, csrf_token: device.csrf, decision: 'approve' }, { cookie: device.cookie });
    expect(await ok.text()).toContain('Device connected');
  });
});

describe('token families', () => {
  it('revokeFamily returns how many tokens it revoked: 2 for one pair, 4 after a rotation, 0 for none', async () => {
    const app = newMock();
    const first = await webTokens(app);
    const family = app.mock.store.accessTokens.get(first.access_token)?.family as string[];
    expect(app.mock.store.revokeFamily([])).toBe(0);
    await expectTokens(await refresh(app, first.refresh_token));
    expect(app.mock.store.revokeFamily(family)).toBe(4);
    expect(app.mock.store.revokeFamily(family)).toBe(0);
    const other = await webTokens(app);
    expect(app.mock.store.revokeFamily(app.mock.store.accessTokens.get(other.access_token)?.family as string[])).toBe(2);
  });
});
