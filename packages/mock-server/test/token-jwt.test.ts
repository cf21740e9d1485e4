/**
 * JWT grant (docs/contract.md#token.jwt-grant; oauth_jwt): the plain, account and enterprise paths, session_name,
 * duration_seconds, and every way a JWT can be wrong. JWTs are signed with jose and the fixtures' private key.
 */
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { PERMISSIONS } from '../src/fixtures/types.js';
import {
  expectOAuthError,
  expectTokens,
  fixturesOf,
  GRANT,
  introspect,
  jwtClaims,
  jwtExchange,
  jwtToken,
  newMock,
  signJwt,
  T0_SECONDS,
  TOKEN_PATH,
  tokenRequest,
  tokenWorks,
} from './helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

const accountPath = (id: string) => `/api/permission/oauth2/account/${id}/token`;
const enterprisePath = (id: string) => `/api/permission/oauth2/enterprise_id/${id}/token`;
/** A key pair the mock does not know. */
const other = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('happy paths', () => {
  it('exchanges a JWT for a czs_ token without a refresh token; default duration 900 s (oauth_jwt)', async () => {
    const body = await jwtToken(app);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in']);
    expect(body.access_token).toMatch(/^czs_[A-Za-z0-9]{64}$/);
    expect(body.expires_in).toBe(T0_SECONDS + 900);
    expect(await tokenWorks(app, body.access_token)).toBe(true);
    expect(await introspect(app, body.access_token)).toMatchObject({ kind: 'service', grant: 'jwt_bearer', userId: app.mock.fixtures.defaultUserId });
  });

  it('the account path records the account, with session_name', async () => {
    const { accountId } = fixturesOf(app);
    const jwt = await signJwt(app, { claims: { session_name: 'user_42', session_context: { device_info: { device_id: 'd1' } } } });
    const body = await expectTokens(await jwtExchange(app, jwt, { duration_seconds: 600 }, accountPath(accountId)));
    expect(body.expires_in).toBe(T0_SECONDS + 600);
    expect(await introspect(app, body.access_token)).toMatchObject({ accountId, sessionName: 'user_42' });
  });

  it('the enterprise path records the enterprise', async () => {
    const { enterpriseId } = fixturesOf(app);
    const body = await jwtToken(app, {}, enterprisePath(enterpriseId));
    expect(await introspect(app, body.access_token)).toMatchObject({ enterpriseId });
  });

  it.each([
    ['api.coze.cn', 'api.coze.cn'],
    ['api.coze.com', 'api.coze.com'],
    ['an audience list containing a good one', ['x.example', 'api.coze.cn']],
  ])('accepts aud = %s', async (_name, aud) => {
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { aud } })));
  });

  it.each([
    ['host:port (Python, Go)', '127.0.0.1:8787'],
    ['bare host (Java)', '127.0.0.1'],
    ['localhost with the port', 'localhost:8787'],
    ['bare localhost', 'localhost'],
  ])('accepts aud = the mock’s own origin once bound: %s', async (_name, aud) => {
    app.mock.origins.bind('127.0.0.1', 8787);
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { aud } })));
  });

  it('never takes the audience from the Host header (anyone can send any Host)', async () => {
    app.mock.origins.bind('127.0.0.1', 8787);
    const jwt = await signJwt(app, { claims: { aud: 'evil.example' } });
    const res = await app.request(TOKEN_PATH, {
      method: 'POST',
      headers: { host: 'evil.example', 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify({ grant_type: GRANT.jwt }),
    });
    await expectOAuthError(res, 401, 'invalid_client', /claim aud is not accepted/);
    // Nor another port of a loopback name.
    await expectOAuthError(await jwtExchange(app, await signJwt(app, { claims: { aud: 'localhost:1' } })), 401, 'invalid_client', /aud/);
  });

  it('accepts the host of a configured publicUrl, with and without its port', async () => {
    app = newMock({ config: { publicUrl: 'https://coze-mock.internal:8443' } });
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { aud: 'coze-mock.internal:8443' } })));
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { aud: 'coze-mock.internal' } })));
  });

  it('accepts an audience added by the config', async () => {
    app = newMock({ config: { audiences: ['coze.internal'] } });
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { aud: 'coze.internal' } })));
  });

  it('accepts Go/Java-style JWTs: exp = iat + ttl and a 16-hex jti', async () => {
    const iat = T0_SECONDS;
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { iat, exp: iat + 900, jti: '0123456789abcdef' } }), { duration_seconds: 900 }));
  });

  it('tolerates 60 s of clock skew on iat and exp', async () => {
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { iat: T0_SECONDS + 60, exp: T0_SECONDS + 3660 } })));
    await expectTokens(await jwtExchange(app, await signJwt(app, { claims: { iat: T0_SECONDS - 3600, exp: T0_SECONDS - 59 } })));
  });

  it('a scope narrows a channel app’s token (oauth_jwt_channel)', async () => {
    const scope = { account_permission: { permission_list: ['listWorkspace'] } };
    const body = await jwtToken(app, { scope }, undefined, 'channel');
    expect(await introspect(app, body.access_token)).toMatchObject({ permissions: ['listWorkspace'] });
  });

  it('a plain JWT app ignores scope: its token keeps every granted permission', async () => {
    const scope = { account_permission: { permission_list: ['Connector.botChat'] }, attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: ['1'] } } };
    const body = await jwtToken(app, { scope });
    expect(await introspect(app, body.access_token)).toMatchObject({ permissions: [...PERMISSIONS] });
  });

  it('the account path takes the workspace owner’s user id and the organisation id', async () => {
    const f = fixturesOf(app);
    for (const accountId of [f.user.user_id, f.accountId]) await jwtToken(app, {}, accountPath(accountId));
  });
});

describe('duration_seconds (oauth_jwt: 1..86399, default 900)', () => {
  it.each([1, 86_399, 3600])('accepts %i', async (duration) => {
    const body = await jwtToken(app, { duration_seconds: duration });
    expect(body.expires_in).toBe(T0_SECONDS + duration);
  });

  it.each([0, -5, 86_400, 1e9, 1.5, '900', true, [900]])('refuses %j with invalid_request, and the JWT stays unused', async (duration) => {
    const jwt = await signJwt(app);
    await expectOAuthError(await jwtExchange(app, jwt, { duration_seconds: duration }), 400, 'invalid_request', /duration_seconds/);
    await expectTokens(await jwtExchange(app, jwt));
  });

  it('a token dies at its duration by the mock clock', async () => {
    const body = await jwtToken(app, { duration_seconds: 60 });
    app.mock.clock.advance(59);
    expect(await tokenWorks(app, body.access_token)).toBe(true);
    app.mock.clock.advance(1);
    expect(await tokenWorks(app, body.access_token)).toBe(false);
  });
});

describe('bad JWTs: 401 invalid_client naming the problem', () => {
  const hs256 = async (a: MockApp) =>
    new SignJWT(jwtClaims(a)).setProtectedHeader({ alg: 'HS256', kid: fixturesOf(a).apps.jwt.keyId }).sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));
  const algNone = (a: MockApp) => `${b64({ alg: 'none', typ: 'JWT', kid: fixturesOf(a).apps.jwt.keyId })}.${b64(jwtClaims(a))}.`;
  const tamper = (jwt: string) => {
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    // Flip a character in the middle: the last one may only carry padding bits.
    const i = Math.floor(signature.length / 2);
    return `${header}.${payload}.${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`;
  };
  const swapPayload = async (a: MockApp) => {
    const [header, , signature] = (await signJwt(a)).split('.');
    return `${header}.${b64(jwtClaims(a, { iss: 'someone-else' }))}.${signature}`;
  };
  const now = T0_SECONDS;

  it.each<[string, (a: MockApp) => Promise<string> | string, string | RegExp]>([
    ['no JWT at all', () => '', 'verify jwt empty error'],
    ['a token that is no JWT', () => 'not.a.jwt', 'invalid jwt: malformed token'],
    ['an unknown kid', (a) => signJwt(a, { header: { kid: 'unknown-kid' } }), 'invalid jwt: kid not been registred'],
    ['no kid', (a) => signJwt(a, { header: { kid: undefined } }), 'invalid jwt: kid not been registred'],
    ['HS256', hs256, 'invalid jwt: alg must be RS256'],
    ['alg none', algNone, 'invalid jwt: alg must be RS256'],
    ['another key under the registered kid', (a) => signJwt(a, { privateKey: other.privateKey }), /signature verification failed/],
    ['a tampered signature', async (a) => tamper(await signJwt(a)), /signature verification failed/],
    ['a payload swapped under a valid signature', swapPayload, /signature verification failed/],
    ['a wrong iss', (a) => signJwt(a, { claims: { iss: '1234567890' } }), /claim iss is not accepted/],
    ['a missing iss', (a) => signJwt(a, { claims: { iss: undefined } }), /claim iss is missing/],
    ['a wrong aud', (a) => signJwt(a, { claims: { aud: 'api.example.com' } }), /claim aud is not accepted/],
    ['a missing aud', (a) => signJwt(a, { claims: { aud: undefined } }), /claim aud is missing/],
    ['an expired exp', (a) => signJwt(a, { claims: { iat: now - 7200, exp: now - 61 } }), /exp is in the past/],
    ['a missing exp', (a) => signJwt(a, { claims: { exp: undefined } }), /claim exp is missing/],
    ['a missing iat', (a) => signJwt(a, { claims: { iat: undefined } }), /claim iat is missing/],
    ['iat in the future', (a) => signJwt(a, { claims: { iat: now + 61, exp: now + 3600 } }), /iat is in the future/],
    ['exp equal to iat', (a) => signJwt(a, { claims: { iat: now - 10, exp: now - 10 } }), /exp must be after iat/],
    ['exp before iat', (a) => signJwt(a, { claims: { iat: now + 30, exp: now + 10 } }), /exp must be after iat/],
    ['a lifetime over a day', (a) => signJwt(a, { claims: { iat: now, exp: now + 86_401 } }), /at most 86400/],
    ['a missing jti', (a) => signJwt(a, { claims: { jti: undefined } }), /claim jti is missing/],
    ['an empty jti', (a) => signJwt(a, { claims: { jti: '' } }), /jti must be a non-empty string/],
    ['a numeric jti', (a) => signJwt(a, { claims: { jti: 7 as unknown as string } }), /jti must be a non-empty string/],
    ['a non-string session_name', (a) => signJwt(a, { claims: { session_name: { a: 1 } } }), /session_name/],
    ['an iat that is no number', (a) => signJwt(a, { claims: { iat: 'yesterday' as unknown as number } }), /malformed token|claim iat/],
  ])('refuses %s', async (_name, make, message) => {
    const jwt = await make(app);
    await expectOAuthError(await jwtExchange(app, jwt), 401, 'invalid_client', message);
    expect(app.mock.store.accessTokens.size).toBe(0);
  });

  it('refuses a replayed jti, even with a fresh signature (oauth_jwt: a JWT is single use)', async () => {
    const jwt = await signJwt(app, { claims: { jti: 'once' } });
    await expectTokens(await jwtExchange(app, jwt));
    await expectOAuthError(await jwtExchange(app, jwt), 401, 'invalid_client', /jti has already been used/);
    app.mock.clock.advance(1);
    const resigned = await signJwt(app, { claims: { jti: 'once' } });
    await expectOAuthError(await jwtExchange(app, resigned), 401, 'invalid_client', /jti has already been used/);
  });

  it('a rejected exchange does not burn the jti', async () => {
    const jwt = await signJwt(app);
    await expectOAuthError(await jwtExchange(app, jwt, {}, accountPath('1')), 400, 'invalid_request', /account_id/);
    await expectTokens(await jwtExchange(app, jwt));
  });

  it('sends the JWT only in the Authorization header: one in the body is ignored', async () => {
    const jwt = await signJwt(app);
    await expectOAuthError(await tokenRequest(app, { grant_type: GRANT.jwt, assertion: jwt }), 401, 'invalid_client', 'verify jwt empty error');
  });
});

describe('paths and apps', () => {
  it.each([
    ['an unknown account', accountPath('1'), /account_id/],
    ['an unknown enterprise', enterprisePath('volcano_0'), /enterprise_id/],
  ])('refuses %s with invalid_request', async (_name, path, message) => {
    await expectOAuthError(await jwtExchange(app, await signJwt(app), {}, path), 400, 'invalid_request', message);
  });

  it.each([
    ['account', (a: MockApp) => accountPath(fixturesOf(a).accountId)],
    ['enterprise', (a: MockApp) => enterprisePath(fixturesOf(a).enterpriseId)],
  ])('the %s path serves the JWT grant only', async (_name, path) => {
    const f = fixturesOf(app);
    const res = await tokenRequest(app, { grant_type: GRANT.refresh, client_id: f.apps.web.clientId, refresh_token: 'x' }, f.apps.web.clientSecret, path(app));
    await expectOAuthError(res, 400, 'unsupported_grant_type', `not supported grant type: ${GRANT.refresh}`);
  });

  it('refuses a channel scope asking for a permission the app lacks', async () => {
    const scope = { account_permission: { permission_list: ['listWorkspace', 'deleteEverything'] } };
    await expectOAuthError(await jwtExchange(app, await signJwt(app, { app: 'channel' }), { scope }), 400, 'invalid_request', /deleteEverything/);
  });

  it('refuses a channel scope naming a bot not published to the channel, and a mistyped scope', async () => {
    const bots = (scope: unknown) => ({ account_permission: null, attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: scope } } });
    await expectOAuthError(await jwtExchange(app, await signJwt(app, { app: 'channel' }), { scope: bots(['1']) }), 400, 'invalid_request', /bot 1 is not published/);
    await expectOAuthError(await jwtExchange(app, await signJwt(app, { app: 'channel' }), { scope: bots('x') }), 400, 'invalid_request', /scope\.attribute_constraint/);
  });

  it('refuses a JWT without typ JWT (oauth_jwt header table)', async () => {
    for (const typ of [undefined, 'jwt+at', 'JWS']) {
      await expectOAuthError(await jwtExchange(app, await signJwt(app, { header: { typ } })), 401, 'invalid_client', 'invalid jwt: typ must be JWT');
    }
  });

  it('refuses a deactivated JWT app with access_deny', async () => {
    const base = newMock();
    const { publicKey, privateKey, keyId } = fixturesOf(base).apps.jwt;
    app = newMock({ config: { apps: [{ type: 'jwt', name: 'Paused', clientId: '555', publicKeys: [{ publicKey, keyId: `${keyId}-2` }], disabled: true }] } });
    const jwt = await signJwt(app, { privateKey, header: { kid: `${keyId}-2` }, claims: { iss: '555' } });
    await expectOAuthError(await jwtExchange(app, jwt), 403, 'access_deny', 'app: Paused is currently deactivated by the owner');
  });

  it('verifies a JWT against a configured extra key under its thumbprint', async () => {
    app = newMock({ config: { jwtKeys: [{ publicKey: other.publicKey }] } });
    const keyIds = app.mock.fixtures.primary.jwt.keys.map((k) => k.keyId);
    expect(keyIds).toHaveLength(2);
    await expectTokens(await jwtExchange(app, await signJwt(app, { privateKey: other.privateKey, header: { kid: keyIds[1] } })));
  });
});

describe('what the journal keeps of a JWT (the inspector shows it)', () => {
  const lastJwt = () => app.mock.journal.entries({ path: TOKEN_PATH }).at(-1)?.jwt;

  it('a verified one: its header and claims, the key and the app', async () => {
    const jwt = await signJwt(app);
    await expectTokens(await jwtExchange(app, jwt));
    const { apps } = fixturesOf(app);
    expect(lastJwt()).toEqual({
      header: { alg: 'RS256', typ: 'JWT', kid: apps.jwt.keyId },
      claims: expect.objectContaining({ iss: apps.jwt.appId, jti: expect.any(String) }),
      verdict: { verified: true, kid: apps.jwt.keyId, appId: apps.jwt.appId },
    });
  });

  it('a refused one: its header and claims as sent, and why', async () => {
    const jwt = await signJwt(app, { header: { kid: 'unknown-kid' } });
    await expectOAuthError(await jwtExchange(app, jwt), 401, 'invalid_client');
    expect(lastJwt()).toEqual({
      header: { alg: 'RS256', typ: 'JWT', kid: 'unknown-kid' },
      claims: expect.objectContaining({ iss: fixturesOf(app).apps.jwt.appId }),
      verdict: { verified: false, reason: 'invalid jwt: kid not been registred' },
    });
  });

  it('one that does not decode: no header or claims, the reason', async () => {
    await expectOAuthError(await jwtExchange(app, 'not.a.jwt'), 401, 'invalid_client');
    expect(lastJwt()).toEqual({ header: undefined, claims: undefined, verdict: { verified: false, reason: 'invalid jwt: malformed token' } });
    await expectOAuthError(await jwtExchange(app, `${b64('"a string"')}.${b64([1])}.c2ln`), 401, 'invalid_client');
    expect(lastJwt()).toMatchObject({ header: undefined, claims: undefined });
  });

  it('none for a JWT longer than 8 KiB, nor when no JWT came', async () => {
    const long = await signJwt(app, { claims: { pad: 'p'.repeat(8200) } });
    await jwtExchange(app, long);
    expect(lastJwt()).toBeUndefined();
    await expectOAuthError(await jwtExchange(app, ''), 401, 'invalid_client');
    expect(lastJwt()).toBeUndefined();
  });

  it('the token carries no session, account or enterprise it was not given', async () => {
    const body = await jwtToken(app);
    const view = (await introspect(app, body.access_token)) as Record<string, unknown>;
    expect(view).not.toHaveProperty('accountId');
    expect(view).not.toHaveProperty('enterpriseId');
    expect(view).not.toHaveProperty('sessionName');
  });
});
