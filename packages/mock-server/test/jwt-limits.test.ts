/**
 * The JWT grant's refusals, word for word (oauth_jwt; clients and log scrapers read these), and the exact edges of
 * its limits: what mutation testing showed no test pinned.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { expectOAuthError, expectTokens, introspect, jwtExchange, newMock, signJwt, T0_SECONDS } from './helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

describe('duration_seconds', () => {
  it.each([
    ['"900"', '900', 'must be an integer number of seconds'],
    ['1.5', 1.5, 'must be an integer number of seconds'],
    ['0', 0, 'must be at least 1'],
    ['86400', 86_400, 'must be at most 86399'],
  ])('%s is refused: %s', async (_name, duration, why) => {
    await expectOAuthError(await jwtExchange(app, await signJwt(app), { duration_seconds: duration }), 400, 'invalid_request', `invalid request: duration_seconds (${why})`);
  });

  it('86399 and 1 are accepted', async () => {
    const long = await expectTokens(await jwtExchange(app, await signJwt(app), { duration_seconds: 86_399 }));
    expect(long.expires_in).toBe(T0_SECONDS + 86_399);
    await expectTokens(await jwtExchange(app, await signJwt(app), { duration_seconds: 1 }));
  });
});

describe('claims at their edges', () => {
  it.each([
    ['a kid that is a number', { header: { kid: 42 } }, 'invalid jwt: kid not been registred'],
    ['an empty kid', { header: { kid: '' } }, 'invalid jwt: kid not been registred'],
    ['an iat beyond the tolerance', { claims: { iat: T0_SECONDS + 61, exp: T0_SECONDS + 600 } }, 'invalid jwt: iat is in the future'],
    ['exp equal to iat', { claims: { iat: T0_SECONDS, exp: T0_SECONDS } }, 'invalid jwt: exp must be after iat'],
    ['a lifetime of a day and a second', { claims: { iat: T0_SECONDS, exp: T0_SECONDS + 86_401 } }, 'invalid jwt: exp may be at most 86400 s after iat'],
    ['a 257-character jti', { claims: { jti: 'j'.repeat(257) } }, 'invalid jwt: jti must be a non-empty string'],
    ['a 257-character session_name', { claims: { session_name: 's'.repeat(257) } }, 'invalid jwt: session_name must be a string of at most 256 characters'],
  ])('refuses %s, saying why', async (_name, options, message) => {
    await expectOAuthError(await jwtExchange(app, await signJwt(app, options as Parameters<typeof signJwt>[1])), 401, 'invalid_client', message);
  });

  it('accepts a lifetime of exactly one day, a 256-character jti and session_name', async () => {
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { iat: T0_SECONDS, exp: T0_SECONDS + 86_400 } })));
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { jti: 'j'.repeat(256), session_name: 's'.repeat(256) } })));
  });
});

describe('account and enterprise paths', () => {
  it('refuses unknown ones with the field and what to use instead', async () => {
    await expectOAuthError(
      await jwtExchange(app, await signJwt(app), {}, '/api/permission/oauth2/account/123/token'),
      400,
      'invalid_request',
      "invalid request: account_id (unknown account: use a workspace owner's user id or the organisation id)",
    );
    await expectOAuthError(
      await jwtExchange(app, await signJwt(app), {}, '/api/permission/oauth2/enterprise_id/nope/token'),
      400,
      'invalid_request',
      'invalid request: enterprise_id (unknown enterprise)',
    );
  });

  it('records on the token only what the request named', async () => {
    const plain = await expectTokens(await jwtExchange(app, await signJwt(app)));
    const shown = await introspect(app, plain.access_token);
    for (const key of ['sessionName', 'accountId', 'enterpriseId']) expect(shown).not.toHaveProperty(key);
    const enterprise = await expectTokens(await jwtExchange(app, await signJwt(app), {}, `/api/permission/oauth2/enterprise_id/${app.mock.fixtures.enterpriseId}/token`));
    expect(await introspect(app, enterprise.access_token)).toMatchObject({ enterpriseId: app.mock.fixtures.enterpriseId });
    expect(await introspect(app, enterprise.access_token)).not.toHaveProperty('accountId');
  });
});
