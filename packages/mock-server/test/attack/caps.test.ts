/**
 * `limits.maxEntries` with tiny caps (issue 8 Build 1): fill each state table, and the request that would add one
 * more is refused with a Coze-shaped 429 and Retry-After; every live record still works; once records expire the
 * table takes new ones again (expired entries go first). Fails until the lead's limits land.
 */
import { describe, expect, it } from 'vitest';
import type { MockApp } from '../../src/app.js';
import {
  authorize,
  authorizeQuery,
  deviceCode,
  DEVICE_CODE_PATH,
  exchangeWebCode,
  expectOAuthError,
  expectTokens,
  fixturesOf,
  jwtExchange,
  newMock,
  openForm,
  pollDevice,
  postForm,
  postJson,
  refresh,
  settleDevice,
  signJwt,
  tokenWorks,
  webCode,
  webTokens,
} from '../helpers.js';
import { expectCapRefusal, expectInvalidClient, issue8Config } from './support.js';

const CAP = 5;
const capped = (lifetimes: Record<string, number> = {}): MockApp =>
  newMock({ config: issue8Config({ limits: { maxEntries: CAP }, lifetimes }) });

describe(`each state table capped at ${CAP}`, () => {
  it('pending consents: the sixth authorize is refused; the five consent pages still open; expiry frees the table', async () => {
    const app = capped();
    const keys: string[] = [];
    for (let i = 0; i < CAP; i++) {
      const res = await authorize(app, authorizeQuery(app));
      expect(res.status).toBe(302);
      keys.push(new URL(res.headers.get('location') as string, 'http://x').searchParams.get('authorize_key') as string);
    }
    await expectCapRefusal(await authorize(app, authorizeQuery(app)), 'any');
    for (const key of keys) expect((await app.request(`/oauth/consent?authorize_key=${key}`)).status).toBe(200);
    app.mock.clock.advance(app.mock.lifetimes.consentSeconds + 1);
    expect((await authorize(app, authorizeQuery(app))).status).toBe(302);
  });

  it('codes: the sixth approval is refused; the five codes still exchange', async () => {
    const app = capped();
    const codes: string[] = [];
    for (let i = 0; i < CAP; i++) codes.push(await webCode(app));
    const page = await openForm(app, (await authorize(app, authorizeQuery(app))).headers.get('location') as string);
    const sixth = await postForm(app, '/oauth/consent', { authorize_key: page.key, csrf_token: page.csrf, decision: 'approve' }, { cookie: page.cookie });
    await expectCapRefusal(sixth, 'any');
    for (const code of codes) await expectTokens(await exchangeWebCode(app, code));
  });

  it('access tokens (and used jtis): the sixth JWT exchange is refused; the five tokens still work; expiry frees it', async () => {
    const app = capped();
    const tokens: string[] = [];
    for (let i = 0; i < CAP; i++) tokens.push((await expectTokens(await jwtExchange(app, await signJwt(app)))).access_token);
    await expectCapRefusal(await jwtExchange(app, await signJwt(app)));
    for (const token of tokens) expect(await tokenWorks(app, token)).toBe(true);
    app.mock.clock.advance(3600 + app.mock.lifetimes.jwtClockToleranceSeconds + 1);
    await expectTokens(await jwtExchange(app, await signJwt(app)));
  });

  it('used jtis alone: with short-lived tokens expired, the jti table still refuses, and every used JWT stays refused', async () => {
    const app = capped();
    const jwts: string[] = [];
    for (let i = 0; i < CAP; i++) {
      const jwt = await signJwt(app);
      await expectTokens(await jwtExchange(app, jwt, { duration_seconds: 1 }));
      jwts.push(jwt);
    }
    app.mock.clock.advance(2);
    await expectCapRefusal(await jwtExchange(app, await signJwt(app), { duration_seconds: 1 }));
    for (const jwt of jwts) await expectInvalidClient(await jwtExchange(app, jwt), 'replay at the cap');
  });

  it('refresh tokens: a rotation that needs a sixth is refused and burns nothing', async () => {
    const app = capped({ accessTokenSeconds: 60 });
    const pairs = [];
    for (let i = 0; i < CAP; i++) pairs.push(await webTokens(app));
    app.mock.clock.advance(app.mock.lifetimes.codeSeconds + 1);
    await expectCapRefusal(await refresh(app, pairs[0]?.refresh_token));
    for (const pair of pairs) {
      const record = app.mock.store.refreshTokens.get(pair.refresh_token as string);
      expect(record?.rotation).toBeUndefined();
    }
  });

  it('device grants and user codes: the sixth device code is refused; the five still approve and redeem', async () => {
    const app = capped();
    const grants = [];
    for (let i = 0; i < CAP; i++) grants.push(await deviceCode(app));
    await expectCapRefusal(await postJson(app, DEVICE_CODE_PATH, { client_id: fixturesOf(app).apps.device.clientId }));
    for (const grant of grants) {
      await expectOAuthError(await pollDevice(app, grant.device_code), 400, 'authorization_pending');
      expect((await settleDevice(app, grant.user_code)).status).toBe(200);
    }
    app.mock.clock.advance(grants[0]?.interval ?? 5);
    for (const grant of grants) await expectTokens(await pollDevice(app, grant.device_code));
  });

  it('form tokens: the sixth form page is refused; the five open forms still post', async () => {
    const app = capped();
    const grants = [];
    for (let i = 0; i < CAP; i++) grants.push(await deviceCode(app));
    let cookie = '';
    const forms = [];
    for (let i = 0; i < CAP; i++) {
      const form = await openForm(app, '/oauth/device', cookie);
      cookie = form.cookie;
      forms.push(form);
    }
    await expectCapRefusal(await app.request('/oauth/device', { headers: { cookie } }), 'any');
    for (const [i, form] of forms.entries()) {
      const res = await postForm(app, '/oauth/device', { user_code: grants[i]?.user_code as string, csrf_token: form.csrf, decision: 'approve' }, { cookie });
      expect(await res.text()).toContain('Device connected');
    }
  });
});
