/**
 * Device flow (docs/contract.md#device.polling-errors; oauth_device_code): the code request, every polling state
 * (authorization_pending, slow_down with a growing interval, access_denied, expired_token), single use, and the
 * verification page a person uses.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import {
  deviceCode,
  DEVICE_CODE_PATH,
  deviceTokens,
  expectOAuthError,
  expectTokens,
  fixturesOf,
  GRANT,
  hiddenField,
  introspect,
  newMock,
  openForm,
  pollDevice,
  postForm,
  postJson,
  refresh,
  settleDevice,
  T0_SECONDS,
  tokenRequest,
  tokenWorks,
} from './helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

const USER_CODE = /^[BCDFGHJKMNPQRSTVWXZ]{4}-[BCDFGHJKMNPQRSTVWXZ]{4}$/;
const grantOf = (code: string) => app.mock.store.deviceGrants.getIncludingExpired(code);

describe('POST device/code', () => {
  it('answers device_code, a WDJB-MJHT-like user_code, the verification page, and relative expires_in/interval', async () => {
    const dc = await deviceCode(app);
    expect(dc).toEqual({
      device_code: expect.stringMatching(/^[A-Za-z0-9]{43}$/),
      user_code: expect.stringMatching(USER_CODE),
      verification_uri: 'http://localhost/oauth/device',
      expires_in: 300,
      interval: 5,
    });
  });

  it('advertises the configured base URL and lifetimes', async () => {
    app = newMock({ baseURL: 'https://mock.example:8443/', lifetimes: { deviceCodeSeconds: 120, deviceIntervalSeconds: 2 } });
    expect(await deviceCode(app)).toMatchObject({ verification_uri: 'https://mock.example:8443/oauth/device', expires_in: 120, interval: 2 });
  });

  it.each([
    ['a missing client_id', {}, 400, 'invalid_request', /client_id/],
    ['a numeric client_id', { client_id: 7 }, 400, 'invalid_request', /client_id/],
    ['an unknown client_id', { client_id: 'nope' }, 401, 'invalid_client', /nope/],
    ['a web app', { client_id: 'WEB' }, 403, 'access_deny', 'invalid app type'],
    ['a JWT app', { client_id: 'JWT' }, 403, 'access_deny', 'invalid app type'],
  ])('refuses %s', async (_name, body, status, error, message) => {
    const f = fixturesOf(app).apps;
    const clientId = { WEB: f.web.clientId, JWT: f.jwt.appId }[String((body as { client_id?: unknown }).client_id)];
    const res = await postJson(app, DEVICE_CODE_PATH, clientId ? { client_id: clientId } : body);
    await expectOAuthError(res, status, error, message);
  });

  it('refuses a deactivated device app with its name (oauth_code: access_deny)', async () => {
    app = newMock({ config: { apps: [{ type: 'device', name: 'Old TV', clientId: 'old-tv', disabled: true }] } });
    await expectOAuthError(await postJson(app, DEVICE_CODE_PATH, { client_id: 'old-tv' }), 403, 'access_deny', 'app: Old TV is currently deactivated by the owner');
  });

  it('refuses an unknown workspace on the workspace variant', async () => {
    const res = await postJson(app, '/api/permission/oauth2/workspace_id/42/device/code', { client_id: fixturesOf(app).apps.device.clientId });
    await expectOAuthError(res, 400, 'invalid_request', /workspace_id/);
  });
});

describe('polling', () => {
  it('authorization_pending until approved, then tokens (czu_, refresh token, absolute expires_in)', async () => {
    const dc = await deviceCode(app);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'authorization_pending');
    app.mock.clock.advance(5);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'authorization_pending');
    expect((await settleDevice(app, dc.user_code)).status).toBe(200);
    app.mock.clock.advance(5);
    const tokens = await expectTokens(await pollDevice(app, dc.device_code));
    expect(tokens.access_token).toMatch(/^czu_/);
    expect(tokens.expires_in).toBe(T0_SECONDS + 10 + 900);
    const record = await introspect(app, tokens.access_token);
    expect(record).toMatchObject({ active: true, grant: 'device_code' });
    expect(record).not.toHaveProperty('workspaceId');
    expect(await tokenWorks(app, tokens.access_token)).toBe(true);
  });

  it('slow_down when polled faster than the interval, which grows by 5 s each time (RFC 8628 §3.5)', async () => {
    const dc = await deviceCode(app);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'authorization_pending');
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'slow_down', /10 seconds/);
    expect(grantOf(dc.device_code)?.intervalSeconds).toBe(10);
    app.mock.clock.advance(9);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'slow_down', /15 seconds/);
    app.mock.clock.advance(14);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'slow_down', /20 seconds/);
    app.mock.clock.advance(20);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'authorization_pending');
    expect(grantOf(dc.device_code)?.intervalSeconds).toBe(20);
  });

  it('slow_down even after approval: a fast poll does not get the tokens', async () => {
    const dc = await deviceCode(app);
    await pollDevice(app, dc.device_code);
    await settleDevice(app, dc.user_code);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'slow_down');
    app.mock.clock.advance(10);
    await expectTokens(await pollDevice(app, dc.device_code));
  });

  it('access_denied once the person denies, on every later poll', async () => {
    const dc = await deviceCode(app);
    expect((await settleDevice(app, dc.user_code, 'deny')).status).toBe(200);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'access_denied');
    app.mock.clock.advance(5);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'access_denied');
  });

  it('expired_token after 300 s (pending or approved), which ends the SDK’s endless polling', async () => {
    const pending = await deviceCode(app);
    const approved = await deviceCode(app);
    await settleDevice(app, approved.user_code);
    app.mock.clock.advance(299);
    await expectOAuthError(await pollDevice(app, pending.device_code), 400, 'authorization_pending');
    app.mock.clock.advance(1);
    await expectOAuthError(await pollDevice(app, pending.device_code), 400, 'expired_token');
    await expectOAuthError(await pollDevice(app, approved.device_code), 400, 'expired_token');
    // Too late to approve as well.
    expect((await settleDevice(app, pending.user_code)).status).toBe(400);
  });

  it('a device code yields tokens once', async () => {
    const dc = await deviceCode(app);
    await settleDevice(app, dc.user_code);
    await expectTokens(await pollDevice(app, dc.device_code));
    app.mock.clock.advance(5);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'invalid_grant', /already used/);
  });

  it.each([
    ['an unknown device_code', 'unknown', undefined, 400, 'invalid_grant'],
    ['another client’s device_code', 'other-client', undefined, 403, 'access_deny'],
    ['a client secret from a public client', 'with-secret', 'secret', 401, 'invalid_client'],
    ['a missing device_code', 'missing', undefined, 400, 'invalid_request'],
  ])('refuses %s', async (_name, variant, bearer, status, error) => {
    const dc = await deviceCode(app);
    const f = fixturesOf(app).apps;
    const body = {
      unknown: { client_id: f.device.clientId, device_code: 'nope' },
      'other-client': { client_id: f.pkce.clientId, device_code: dc.device_code },
      'with-secret': { client_id: f.device.clientId, device_code: dc.device_code },
      missing: { client_id: f.device.clientId },
    }[variant] as Record<string, unknown>;
    await expectOAuthError(await tokenRequest(app, { grant_type: GRANT.device, ...body }, bearer), status, error);
  });

  it('device tokens refresh without a secret', async () => {
    const tokens = await deviceTokens(app);
    await expectTokens(await refresh(app, tokens.refresh_token, 'device'));
  });

  it('the workspace variant scopes the token to that workspace', async () => {
    const workspace = fixturesOf(app).workspaces[0] as { id: string };
    const tokens = await deviceTokens(app, workspace.id);
    expect(await introspect(app, tokens.access_token)).toMatchObject({ workspaceId: workspace.id });
  });
});

describe('verification page', () => {
  const userCodeField = (html: string) => hiddenField(html, 'user_code');

  it('prefills ?user_code= in any case, dash optional, and carries framing headers', async () => {
    const dc = await deviceCode(app);
    const page = await openForm(app, `/oauth/device?user_code=${dc.user_code.toLowerCase().replace('-', '')}`);
    expect(page.res.status).toBe(200);
    expect(userCodeField(page.html)).toBe(dc.user_code);
    expect(page.res.headers.get('x-frame-options')).toBe('DENY');
    expect(page.res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('never reflects a typed code raw', async () => {
    const page = await openForm(app, `/oauth/device?user_code=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(page.html).not.toMatch(/<script/i);
    expect(userCodeField(page.html)).toMatch(/^&quot;&gt;&lt;S/);
  });

  it.each(['approve', 'deny'] as const)('%s through the page: the poll then answers accordingly', async (decision) => {
    const dc = await deviceCode(app);
    const page = await openForm(app, `/oauth/device?user_code=${dc.user_code}`);
    const res = await postForm(app, '/oauth/device', { csrf_token: page.csrf, user_code: ` ${dc.user_code.toLowerCase()} `, decision }, { cookie: page.cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(decision === 'approve' ? 'Device connected' : 'Request denied');
    if (decision === 'approve') await expectTokens(await pollDevice(app, dc.device_code));
    else await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'access_denied');
  });

  it.each([
    ['an unknown code', 'unknown', 400, 'not valid'],
    ['an expired code', 'expired', 410, 'expired'],
    ['a code already approved', 'used', 410, 'already been used'],
  ])('explains %s on the page', async (_name, variant, status, text) => {
    const dc = await deviceCode(app);
    if (variant === 'expired') app.mock.clock.advance(300);
    if (variant === 'used') await settleDevice(app, dc.user_code);
    const page = await openForm(app, '/oauth/device');
    const typed = variant === 'unknown' ? 'BBBB-BBBB' : dc.user_code;
    const res = await postForm(app, '/oauth/device', { csrf_token: page.csrf, user_code: typed, decision: 'approve' }, { cookie: page.cookie });
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(text);
  });

  it.each([
    ['without the anti-forgery token', { csrf: '' }, {}],
    ['without the cookie', { cookie: '' }, {}],
    ['from a cross-site Origin', {}, { origin: 'https://evil.example' }],
    ['with Sec-Fetch-Site: cross-site', {}, { 'sec-fetch-site': 'cross-site' }],
  ])('refuses a POST %s and leaves the grant pending', async (_name, forge, headers) => {
    const dc = await deviceCode(app);
    const page = { ...(await openForm(app, '/oauth/device')), ...forge };
    const res = await postForm(app, '/oauth/device', { csrf_token: page.csrf, user_code: dc.user_code, decision: 'approve' }, { cookie: page.cookie, ...headers });
    // 403, like the consent page: the request is refused, not malformed.
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('could not be verified');
    expect(grantOf(dc.device_code)?.status).toBe('pending');
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'authorization_pending');
  });

  it('refuses a decision other than approve or deny', async () => {
    const dc = await deviceCode(app);
    const page = await openForm(app, '/oauth/device');
    const res = await postForm(app, '/oauth/device', { csrf_token: page.csrf, user_code: dc.user_code, decision: 'yes' }, { cookie: page.cookie });
    expect(res.status).toBe(400);
    expect(grantOf(dc.device_code)?.status).toBe('pending');
  });
});
