/**
 * Token endpoint, `authorization_code` (web and PKCE) and `refresh_token` grants (docs/contract.md#token.web-secret-in-header, docs/contract.md#token.refresh-rotates;
 * oauth_code, oauth_pkce): client authentication in the Bearer header, PKCE S256 and plain, single-use codes with
 * replay revocation, expiry by the mock clock, rotation and reuse detection.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import {
  exchangePkceCode,
  exchangeWebCode,
  expectOAuthError,
  expectTokens,
  fixturesOf,
  GRANT,
  introspect,
  LOGID,
  newMock,
  pkceCode,
  pkcePair,
  refresh,
  T0_SECONDS,
  tokenRequest,
  tokenWorks,
  webCode,
  webTokens,
} from './helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

describe('authorization_code, web app', () => {
  it('exchanges a code with the secret in the Bearer header: czu_ token, absolute expires_in, unprefixed refresh token', async () => {
    const res = await exchangeWebCode(app, await webCode(app));
    expect(res.headers.get('x-tt-logid')).toMatch(LOGID);
    const body = await expectTokens(res);
    expect(body.access_token).toMatch(/^czu_[A-Za-z0-9]{64}$/);
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9]{72}$/);
    // oauth_code: 15 minutes, as an absolute Unix time.
    expect(body.expires_in).toBe(T0_SECONDS + 900);
    expect(await tokenWorks(app, body.access_token)).toBe(true);
    expect(await introspect(app, body.access_token)).toMatchObject({ active: true, kind: 'user', grant: 'authorization_code' });
  });

  it('ignores unknown and null body fields (Go sends account_id, Python sends "scope": null)', async () => {
    const res = await exchangeWebCode(app, await webCode(app), { scope: null, account_id: 123, extra: { a: 1 } });
    await expectTokens(res);
  });

  it.each([
    ['the secret in the body instead of the header', undefined, true, /missing client secret/],
    ['an empty Bearer', '', false, /missing client secret/],
    ['a wrong secret', 'not-the-secret', false, /invalid client secret/],
  ])('refuses %s with 401 invalid_client, and the code survives', async (_name, bearer, secretInBody, message) => {
    const web = fixturesOf(app).apps.web;
    const code = await webCode(app);
    const res = await tokenRequest(
      app,
      { grant_type: GRANT.code, client_id: web.clientId, redirect_uri: web.redirectUris[0], code, ...(secretInBody ? { client_secret: web.clientSecret } : {}) },
      bearer,
    );
    await expectOAuthError(res, 401, 'invalid_client', message);
    await expectTokens(await exchangeWebCode(app, code));
  });

  it('refuses a non-Bearer Authorization scheme', async () => {
    const web = fixturesOf(app).apps.web;
    const res = await app.request('/api/permission/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${web.clientId}:${web.clientSecret}`).toString('base64')}` },
      body: JSON.stringify({ grant_type: GRANT.code, client_id: web.clientId, redirect_uri: web.redirectUris[0], code: await webCode(app) }),
    });
    await expectOAuthError(res, 401, 'invalid_client', /Bearer/);
  });

  it('accepts any of several configured secrets (rotation)', async () => {
    app = newMock({ config: { apps: [{ type: 'web', name: 'Two secrets', clientId: 'two.app.coze', clientSecrets: ['secret-one-1', 'secret-two-2'], redirectUris: ['http://127.0.0.1:8080/callback'] }] } });
    for (const secret of ['secret-one-1', 'secret-two-2']) {
      const code = await webCode(app, { client_id: 'two.app.coze' });
      await expectTokens(await exchangeWebCode(app, code, { client_id: 'two.app.coze' }, secret));
    }
  });

  it('a code is single use: a replay fails and revokes what the first exchange issued (RFC 6749 §4.1.2)', async () => {
    const code = await webCode(app);
    const first = await expectTokens(await exchangeWebCode(app, code));
    const rotated = await expectTokens(await refresh(app, first.refresh_token));
    await expectOAuthError(await exchangeWebCode(app, code), 400, 'invalid_grant', /already used/);
    expect(await tokenWorks(app, first.access_token)).toBe(false);
    expect(await tokenWorks(app, rotated.access_token)).toBe(false);
    await expectOAuthError(await refresh(app, rotated.refresh_token), 400, 'invalid_grant');
  });

  it('a code expires after 5 minutes of mock time', async () => {
    const code = await webCode(app);
    app.mock.clock.advance(299);
    const stillValid = await webCode(app);
    await expectTokens(await exchangeWebCode(app, stillValid));
    app.mock.clock.advance(1);
    await expectOAuthError(await exchangeWebCode(app, code), 400, 'invalid_grant', /expired/);
  });

  it('refuses a redirect_uri other than the authorization request’s, without burning the code', async () => {
    const web = fixturesOf(app).apps.web;
    const code = await webCode(app);
    await expectOAuthError(await exchangeWebCode(app, code, { redirect_uri: web.redirectUris[1] }), 400, 'invalid_grant', /redirect_uri/);
    await expectTokens(await exchangeWebCode(app, code));
  });

  it.each([
    ['an unknown code', { code: 'code_unknown' }, 400, 'invalid_grant'],
    // null members are dropped (docs/contract.md#hosts.unknown-and-null-fields), so null is a missing field.
    ['a missing code', { code: null }, 400, 'invalid_request'],
    ['a missing redirect_uri', { redirect_uri: null }, 400, 'invalid_request'],
    ['a numeric code', { code: 42 }, 400, 'invalid_request'],
    ['an unknown client_id', { client_id: '1.app.coze' }, 401, 'invalid_client'],
    ['the client_id of a device app', { client_id: 'DEVICE' }, 403, 'access_deny'],
  ])('refuses %s', async (_name, overrides, status, error) => {
    const body = { ...overrides } as Record<string, unknown>;
    if (body.client_id === 'DEVICE') body.client_id = fixturesOf(app).apps.device.clientId;
    const res = await exchangeWebCode(app, await webCode(app), body);
    await expectOAuthError(res, status, error);
  });

  it('a code issued to one app cannot be exchanged by another', async () => {
    const code = await webCode(app);
    const pkce = fixturesOf(app).apps.pkce;
    const res = await tokenRequest(app, { grant_type: GRANT.code, client_id: pkce.clientId, redirect_uri: pkce.redirectUris[0], code, code_verifier: 'x' });
    await expectOAuthError(res, 400, 'invalid_grant', 'invalid code');
    await expectTokens(await exchangeWebCode(app, code));
  });

  it('a web app may add PKCE; its verifier is then required', async () => {
    const pair = pkcePair('S256');
    const code = await webCode(app, { code_challenge: pair.challenge, code_challenge_method: 'S256' });
    await expectOAuthError(await exchangeWebCode(app, code), 400, 'invalid_request', /code_verifier/);
    await expectTokens(await exchangeWebCode(app, code, { code_verifier: pair.verifier }));
  });
});

describe('authorization_code, PKCE app', () => {
  it.each(['S256', 'plain'] as const)('exchanges a code with the %s verifier and no client secret', async (method) => {
    const pair = pkcePair(method);
    const body = await expectTokens(await exchangePkceCode(app, await pkceCode(app, pair), pair.verifier));
    expect(body.access_token).toMatch(/^czu_/);
    expect(body.refresh_token).toEqual(expect.any(String));
  });

  it('does not enforce RFC 7636’s 43-character minimum: Go and Java send 16 hex chars (contract row authorize.verifier-length)', async () => {
    const pair = pkcePair('S256', 'a1b2c3d4e5f60718');
    await expectTokens(await exchangePkceCode(app, await pkceCode(app, pair), pair.verifier));
  });

  it('accepts an empty "Bearer" header from a public client', async () => {
    const pair = pkcePair();
    const pkce = fixturesOf(app).apps.pkce;
    const code = await pkceCode(app, pair);
    const res = await tokenRequest(app, { grant_type: GRANT.code, client_id: pkce.clientId, redirect_uri: pkce.redirectUris[0], code, code_verifier: pair.verifier }, '');
    await expectTokens(res);
  });

  it('refuses a public client that sends a secret, like 1.0.4’s "Bearer undefined"', async () => {
    const pair = pkcePair();
    const pkce = fixturesOf(app).apps.pkce;
    const code = await pkceCode(app, pair);
    const res = await tokenRequest(app, { grant_type: GRANT.code, client_id: pkce.clientId, redirect_uri: pkce.redirectUris[0], code, code_verifier: pair.verifier }, 'undefined');
    await expectOAuthError(res, 401, 'invalid_client', /public client/);
  });

  it('a wrong verifier fails with invalid_grant and does not burn the code', async () => {
    const pair = pkcePair();
    const code = await pkceCode(app, pair);
    await expectOAuthError(await exchangePkceCode(app, code, 'wrong'), 400, 'invalid_grant', /code_verifier/);
    // The S256 challenge itself is no verifier.
    await expectOAuthError(await exchangePkceCode(app, code, pair.challenge), 400, 'invalid_grant');
    await expectTokens(await exchangePkceCode(app, code, pair.verifier));
  });

  it('a plain verifier of another length than the challenge is a clean invalid_grant, not a crash', async () => {
    const pair = pkcePair('plain');
    const code = await pkceCode(app, pair);
    await expectOAuthError(await exchangePkceCode(app, code, `${pair.verifier}x`), 400, 'invalid_grant');
    await expectOAuthError(await exchangePkceCode(app, code, pair.verifier.slice(1)), 400, 'invalid_grant');
  });

  it('a missing verifier fails with invalid_request and does not burn the code', async () => {
    const pair = pkcePair('plain');
    const code = await pkceCode(app, pair);
    await expectOAuthError(await exchangePkceCode(app, code, undefined), 400, 'invalid_request', /code_verifier/);
    await expectTokens(await exchangePkceCode(app, code, pair.verifier));
  });

  it('a replayed PKCE code revokes the first tokens', async () => {
    const pair = pkcePair();
    const code = await pkceCode(app, pair);
    const first = await expectTokens(await exchangePkceCode(app, code, pair.verifier));
    await expectOAuthError(await exchangePkceCode(app, code, pair.verifier), 400, 'invalid_grant');
    expect(await tokenWorks(app, first.access_token)).toBe(false);
  });
});

describe('refresh_token', () => {
  it('rotates: a new pair, the old refresh token dies, the new access token works', async () => {
    const first = await webTokens(app);
    app.mock.clock.advance(60);
    const second = await expectTokens(await refresh(app, first.refresh_token));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.expires_in).toBe(T0_SECONDS + 60 + 900);
    expect(await tokenWorks(app, second.access_token)).toBe(true);
    const third = await expectTokens(await refresh(app, second.refresh_token));
    expect(await tokenWorks(app, third.access_token)).toBe(true);
  });

  it('an unknown refresh token is invalid_grant, saying so', async () => {
    await expectOAuthError(await refresh(app, 'never-issued-refresh-token'), 400, 'invalid_grant', 'invalid refresh_token');
  });

  it('with the refresh-without-rotation deviation a refresh token stays valid after use (what the meta-test switches on)', async () => {
    app = newMock({ deviations: ['refresh-without-rotation'] });
    const first = await webTokens(app);
    await expectTokens(await refresh(app, first.refresh_token));
    const again = await expectTokens(await refresh(app, first.refresh_token));
    expect(await tokenWorks(app, again.access_token)).toBe(true);
  });

  it('reuse of a rotated refresh token fails and revokes the whole family (reuse detection)', async () => {
    const first = await webTokens(app);
    const second = await expectTokens(await refresh(app, first.refresh_token));
    await expectOAuthError(await refresh(app, first.refresh_token), 400, 'invalid_grant', /already used/);
    expect(await tokenWorks(app, first.access_token)).toBe(false);
    expect(await tokenWorks(app, second.access_token)).toBe(false);
    await expectOAuthError(await refresh(app, second.refresh_token), 400, 'invalid_grant');
  });

  it('revokes only the replayed family', async () => {
    const victim = await webTokens(app);
    const bystander = await webTokens(app);
    await expectTokens(await refresh(app, victim.refresh_token));
    await refresh(app, victim.refresh_token);
    expect(await tokenWorks(app, bystander.access_token)).toBe(true);
    await expectTokens(await refresh(app, bystander.refresh_token));
  });

  describe('with lifetimes.refreshReuseGraceSeconds', () => {
    beforeEach(() => {
      app = newMock({ config: { lifetimes: { refreshReuseGraceSeconds: 10 } } });
    });

    it('answers a duplicate inside the grace with the same new pair, and revokes nothing', async () => {
      const first = await webTokens(app);
      const [a, b] = await Promise.all([refresh(app, first.refresh_token), refresh(app, first.refresh_token)]);
      const one = await expectTokens(a as Response);
      const two = await expectTokens(b as Response);
      expect(two).toEqual(one);
      expect(await tokenWorks(app, one.access_token)).toBe(true);
      await expectTokens(await refresh(app, one.refresh_token));
    });

    it('answers a duplicate a few seconds later, still inside the grace, with the same pair', async () => {
      const first = await webTokens(app);
      const one = await expectTokens(await refresh(app, first.refresh_token));
      app.mock.clock.advance(9);
      expect(await expectTokens(await refresh(app, first.refresh_token))).toEqual(one);
    });

    it('revokes the family when the pair the grace would repeat is gone (its access token revoked)', async () => {
      const first = await webTokens(app);
      const one = await expectTokens(await refresh(app, first.refresh_token));
      app.mock.store.accessTokens.delete(one.access_token);
      await expectOAuthError(await refresh(app, first.refresh_token), 400, 'invalid_grant', 'refresh_token already used; its token family is revoked');
      expect(app.mock.store.refreshTokens.get(one.refresh_token as string)).toBeUndefined();
    });

    it('revokes the family for a duplicate after the grace', async () => {
      const first = await webTokens(app);
      const second = await expectTokens(await refresh(app, first.refresh_token));
      app.mock.clock.advance(10);
      await expectOAuthError(await refresh(app, first.refresh_token), 400, 'invalid_grant', /already used/);
      expect(await tokenWorks(app, second.access_token)).toBe(false);
    });

    it('revokes the family when the new pair has itself been rotated (the duplicate is stale)', async () => {
      const first = await webTokens(app);
      const second = await expectTokens(await refresh(app, first.refresh_token));
      const third = await expectTokens(await refresh(app, second.refresh_token));
      await expectOAuthError(await refresh(app, first.refresh_token), 400, 'invalid_grant', /already used/);
      expect(await tokenWorks(app, third.access_token)).toBe(false);
    });
  });

  it('without a grace (the default) two concurrent refreshes give one pair and revoke it', async () => {
    const first = await webTokens(app);
    const [a, b] = await Promise.all([refresh(app, first.refresh_token), refresh(app, first.refresh_token)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 400]);
    const winner = (await (a.status === 200 ? a : b).json()) as { access_token: string };
    expect(await tokenWorks(app, winner.access_token)).toBe(false);
  });

  it('a refresh token lives 30 days of mock time', async () => {
    const a = await webTokens(app);
    const b = await webTokens(app);
    app.mock.clock.advance(30 * 24 * 3600 - 1);
    await expectTokens(await refresh(app, a.refresh_token));
    app.mock.clock.advance(1);
    await expectOAuthError(await refresh(app, b.refresh_token), 400, 'invalid_grant');
  });

  it('works for a PKCE app without a secret (the device app: token-device.test.ts)', async () => {
    const pair = pkcePair();
    const pkce = await expectTokens(await exchangePkceCode(app, await pkceCode(app, pair), pair.verifier));
    await expectTokens(await refresh(app, pkce.refresh_token, 'pkce'));
  });

  it.each([
    ['a web app without its secret', 'no-secret', 401, 'invalid_client'],
    ['another app’s refresh token', 'other-app', 400, 'invalid_grant'],
    ['an unknown refresh token', 'unknown', 400, 'invalid_grant'],
    ['a missing refresh token', 'missing', 400, 'invalid_request'],
    ['a JWT app', 'jwt-app', 403, 'access_deny'],
  ])('refuses %s', async (_name, variant, status, error) => {
    const tokens = await webTokens(app);
    const f = fixturesOf(app).apps;
    const bodies: Record<string, [Record<string, unknown>, string | undefined]> = {
      'no-secret': [{ client_id: f.web.clientId, refresh_token: tokens.refresh_token }, undefined],
      'other-app': [{ client_id: f.pkce.clientId, refresh_token: tokens.refresh_token }, undefined],
      unknown: [{ client_id: f.web.clientId, refresh_token: 'nope' }, f.web.clientSecret],
      missing: [{ client_id: f.web.clientId }, f.web.clientSecret],
      'jwt-app': [{ client_id: f.jwt.appId, refresh_token: tokens.refresh_token }, undefined],
    };
    const [body, bearer] = bodies[variant] as [Record<string, unknown>, string | undefined];
    await expectOAuthError(await tokenRequest(app, { grant_type: GRANT.refresh, ...body }, bearer), status, error);
    // None of these counts as a use of the real refresh token.
    await expectTokens(await refresh(app, tokens.refresh_token));
  });
});
