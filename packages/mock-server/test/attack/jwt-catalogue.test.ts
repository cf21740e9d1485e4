/**
 * The JWT attack catalogue (issue 8 "What held"): every forged, tampered, mis-claimed or malformed JWT is refused
 * with 401 `invalid_client` in Coze's shape, and a well-formed JWT (the control case) is accepted, so the table cannot
 * pass by refusing everything. In-process; one mock for the whole table (each case spends no state but its own jti).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { MockApp } from '../../src/app.js';
import { expectTokens, fixturesOf, jwtClaims, jwtExchange, newMock, signJwt } from '../helpers.js';
import { attackerKeys, b64url, expectInvalidClient, goodHeader, rawJwt, rs256 } from './support.js';

let app: MockApp;
let privateKey: string;
let publicKey: string;

beforeAll(() => {
  app = newMock();
  ({ privateKey, publicKey } = fixturesOf(app).apps.jwt);
});

/** Right key, right header; `claims` merge over the SDK's claims (undefined drops one). */
function withClaims(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const merged = Object.fromEntries(Object.entries({ ...jwtClaims(app), ...claims }).filter(([, v]) => v !== undefined));
  return rawJwt(JSON.stringify({ ...goodHeader(app), ...header }), JSON.stringify(merged), privateKey);
}

/** Right claims; the header replaced (members set to undefined are dropped), signed with `key`. */
function withHeader(header: Record<string, unknown>, key = privateKey): string {
  const merged = Object.fromEntries(Object.entries({ ...goodHeader(app), ...header }).filter(([, v]) => v !== undefined));
  return rawJwt(JSON.stringify(merged), JSON.stringify(jwtClaims(app)), key);
}

/** HMAC-SHA-xxx with the public key as the secret (the classic RS/HS confusion). */
async function hmacWithPublicKey(alg: 'HS256' | 'HS384' | 'HS512', secret: string | Buffer): Promise<string> {
  const { createHmac } = await import('node:crypto');
  const input = `${b64url(JSON.stringify({ ...goodHeader(app), alg }))}.${b64url(JSON.stringify(jwtClaims(app)))}`;
  return `${input}.${createHmac(`sha${alg.slice(2)}`, secret).update(input).digest('base64url')}`;
}

const parts = (jwt: string) => jwt.split('.') as [string, string, string];
const now = () => app.mock.clock.nowSeconds();

type Case = [name: string, token: () => string | Promise<string>];

const algorithmCases: Case[] = [
  ['alg none, no signature', () => `${b64url(JSON.stringify({ ...goodHeader(app), alg: 'none' }))}.${b64url(JSON.stringify(jwtClaims(app)))}.`],
  ['alg none, signature kept', () => { const [, p, s] = parts(withClaims({})); return `${b64url(JSON.stringify({ ...goodHeader(app), alg: 'none' }))}.${p}.${s}`; }],
  ['alg None', () => withHeader({ alg: 'None' })],
  ['alg NONE', () => withHeader({ alg: 'NONE' })],
  ['alg rs256 (lower case)', () => withHeader({ alg: 'rs256' })],
  ['alg missing', () => withHeader({ alg: undefined })],
  ['alg as an array', () => withHeader({ alg: ['RS256'] })],
  ['HS256 signed with the public key PEM', () => hmacWithPublicKey('HS256', publicKey)],
  ['HS384 signed with the public key PEM', () => hmacWithPublicKey('HS384', publicKey)],
  ['HS512 signed with the public key PEM', () => hmacWithPublicKey('HS512', publicKey)],
  ['HS256 signed with the public key without PEM armour', () => hmacWithPublicKey('HS256', publicKey.replace(/-----[^-]+-----|\s/g, ''))],
  ['RS512 claimed over an RS256 signature', () => withHeader({ alg: 'RS512' })],
  ['PS256 claimed over an RS256 signature', () => withHeader({ alg: 'PS256' })],
  ['ES256 claimed', () => withHeader({ alg: 'ES256' })],
];

const keyCases: Case[] = [
  ['attacker key with the right kid', () => withHeader({}, attackerKeys.privateKey)],
  ['attacker key, own public key embedded as jwk', () => withHeader({ jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }, attackerKeys.privateKey)],
  ['attacker key, jku to an attacker JWKS', () => withHeader({ jku: 'https://evil.example/jwks.json' }, attackerKeys.privateKey)],
  ['attacker key, x5u to an attacker certificate', () => withHeader({ x5u: 'https://evil.example/cert.pem' }, attackerKeys.privateKey)],
  ['attacker key, x5c chain', () => withHeader({ x5c: [attackerKeys.publicKey.replace(/-----[^-]+-----|\s/g, '')] }, attackerKeys.privateKey)],
  ['attacker key, jku and no kid', () => withHeader({ kid: undefined, jku: 'https://evil.example/jwks.json' }, attackerKeys.privateKey)],
  ['crit naming an unknown extension (right key)', () => withHeader({ crit: ['x-evil'], 'x-evil': true })],
  ['crit naming exp (right key)', () => withHeader({ crit: ['exp'] })],
  ['crit empty (right key)', () => withHeader({ crit: [] })],
  ['b64 false, unencoded payload (right key)', () => withHeader({ b64: false, crit: ['b64'] })],
  ['JWE compact serialisation', () => [b64url(JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: goodHeader(app).kid })), 'ZW5jcnlwdGVka2V5', 'aXZpdml2aXZpdg', b64url(JSON.stringify(jwtClaims(app))), 'dGFnLXRhZy10YWc'].join('.')],
  ['JWE header on three segments', () => withHeader({ enc: 'A256GCM', alg: 'RSA-OAEP' })],
];

const kidCases: Case[] = [
  ['kid a path', () => withHeader({ kid: '../../../../etc/passwd' })],
  ['kid a path with a null byte', () => withHeader({ kid: '/dev/null\u0000' })],
  ['kid SQL-ish', () => withHeader({ kid: "' OR '1'='1" })],
  ['kid SQL-ish union', () => withHeader({ kid: "x' UNION SELECT 'key' --" })],
  ['kid empty', () => withHeader({ kid: '' })],
  ['kid missing', () => withHeader({ kid: undefined })],
  ['kid a number', () => withHeader({ kid: 1 })],
  ['kid null', () => withHeader({ kid: null })],
  ['kid an array holding the right kid', () => withHeader({ kid: [goodHeader(app).kid] })],
  ['kid an object', () => withHeader({ kid: { $ne: '' } })],
  ['kid 100 000 characters', () => withHeader({ kid: 'k'.repeat(100_000) })],
  ['kid with a trailing space', () => withHeader({ kid: `${goodHeader(app).kid as string} ` })],
  ['kid upper-cased', () => withHeader({ kid: (goodHeader(app).kid as string).toUpperCase() })],
  ['kid a URL', () => withHeader({ kid: 'https://evil.example/key.pem' })],
  ['kid __proto__', () => withHeader({ kid: '__proto__' })],
];

const claimCases: Case[] = [
  ['exp missing', () => withClaims({ exp: undefined })],
  ['exp past the tolerance', () => withClaims({ iat: now() - 3600, exp: now() - 61 })],
  ['exp a string', () => withClaims({ exp: String(now() + 600) })],
  ['exp equal to iat', () => withClaims({ iat: now(), exp: now() })],
  ['exp before iat', () => withClaims({ iat: now(), exp: now() - 1 })],
  ['exp more than a day after iat', () => withClaims({ iat: now(), exp: now() + 86_401 })],
  ['exp far in the future', () => withClaims({ exp: 1e15 })],
  ['exp negative', () => withClaims({ exp: -1 })],
  ['iat missing', () => withClaims({ iat: undefined })],
  ['iat in the future beyond the tolerance', () => withClaims({ iat: now() + 120, exp: now() + 600 })],
  ['iat a string', () => withClaims({ iat: String(now()) })],
  ['iat null', () => withClaims({ iat: null })],
  ['nbf in the future beyond the tolerance', () => withClaims({ nbf: now() + 600 })],
  ['nbf a string', () => withClaims({ nbf: 'now' })],
  ['iss missing', () => withClaims({ iss: undefined })],
  ['iss another app (the web app)', () => withClaims({ iss: fixturesOf(app).apps.web.clientId })],
  ['iss with a trailing space', () => withClaims({ iss: `${fixturesOf(app).apps.jwt.appId} ` })],
  ['iss a number', () => withClaims({ iss: Number(fixturesOf(app).apps.jwt.appId) || 1 })],
  ['iss an array', () => withClaims({ iss: [fixturesOf(app).apps.jwt.appId] })],
  ['iss empty', () => withClaims({ iss: '' })],
  ['aud missing', () => withClaims({ aud: undefined })],
  ['aud a foreign host', () => withClaims({ aud: 'evil.example' })],
  ['aud a look-alike suffix', () => withClaims({ aud: 'api.coze.cn.evil.example' })],
  ['aud upper-cased', () => withClaims({ aud: 'API.COZE.CN' })],
  ['aud as a URL', () => withClaims({ aud: 'https://evil.example/api.coze.cn' })],
  ['aud an empty list', () => withClaims({ aud: [] })],
  ['aud a number', () => withClaims({ aud: 1 })],
  ['jti missing', () => withClaims({ jti: undefined })],
  ['jti empty', () => withClaims({ jti: '' })],
  ['jti a number', () => withClaims({ jti: 42 })],
  ['jti an array', () => withClaims({ jti: ['a'] })],
  ['jti 257 characters', () => withClaims({ jti: 'j'.repeat(257) })],
  ['session_name 257 characters', () => withClaims({ session_name: 's'.repeat(257) })],
  ['session_name a number', () => withClaims({ session_name: 7 })],
];

const encodingCases: Case[] = [
  ['duplicate iss, the last one foreign', () => rawJwt(JSON.stringify(goodHeader(app)), JSON.stringify(jwtClaims(app)).replace(/}$/, ',"iss":"7000000000000"}'), privateKey)],
  ['duplicate aud, the last one foreign', () => rawJwt(JSON.stringify(goodHeader(app)), JSON.stringify(jwtClaims(app)).replace(/}$/, ',"aud":"evil.example"}'), privateKey)],
  ['duplicate exp, the last one expired', () => rawJwt(JSON.stringify(goodHeader(app)), JSON.stringify(jwtClaims(app)).replace(/}$/, `,"exp":${now() - 3600}}`), privateKey)],
  ['duplicate alg, the last one none', () => rawJwt(JSON.stringify(goodHeader(app)).replace(/}$/, ',"alg":"none"}'), JSON.stringify(jwtClaims(app)), privateKey)],
  ['duplicate kid, the last one unknown', () => rawJwt(JSON.stringify(goodHeader(app)).replace(/}$/, ',"kid":"other"}'), JSON.stringify(jwtClaims(app)), privateKey)],
  ['signature stripped', () => parts(withClaims({})).slice(0, 2).join('.') + '.'],
  ['two segments', () => parts(withClaims({})).slice(0, 2).join('.')],
  ['four segments', () => `${withClaims({})}.${parts(withClaims({}))[2]}`],
  ['signature truncated', () => withClaims({}).slice(0, -10)],
  ['signature with one bit flipped', () => { const [h, p, s] = parts(withClaims({})); const sig = Buffer.from(s, 'base64url'); sig[0] = (sig[0] ?? 0) ^ 1; return `${h}.${p}.${sig.toString('base64url')}`; }],
  ['signature of another token', () => { const [h, p] = parts(withClaims({})); return `${h}.${p}.${parts(withClaims({}))[2]}`; }],
  ['payload swapped after signing (iss changed)', () => { const [h, , s] = parts(withClaims({})); return `${h}.${b64url(JSON.stringify(jwtClaims(app, { iss: '1' })))}.${s}`; }],
  ['header swapped after signing (kid changed)', () => { const [, p, s] = parts(withClaims({})); return `${b64url(JSON.stringify({ ...goodHeader(app), kid: 'x' }))}.${p}.${s}`; }],
  ['base64 padding added to the header', () => { const [h, p, s] = parts(withClaims({})); return `${h}==.${p}.${s}`; }],
  ['standard base64 (+/) instead of base64url', () => { const [h, p, s] = parts(withClaims({ session_name: '>>>???~~~' })); const std = (x: string) => Buffer.from(x, 'base64url').toString('base64'); return `${std(h)}.${std(p)}.${std(s)}`; }],
  ['whitespace inside the payload segment', () => { const [h, p, s] = parts(withClaims({})); return `${h}.${p.slice(0, 10)} ${p.slice(10)}.${s}`; }],
  ['header not JSON', () => { const [, p] = parts(withClaims({})); const h = b64url('{alg:RS256}'); return `${h}.${p}.${rs256(`${h}.${p}`, privateKey)}`; }],
  ['payload a JSON array (right key)', () => rawJwt(JSON.stringify(goodHeader(app)), JSON.stringify([jwtClaims(app)]), privateKey)],
  ['payload the string null (right key)', () => rawJwt(JSON.stringify(goodHeader(app)), 'null', privateKey)],
  ['payload not JSON (right key)', () => rawJwt(JSON.stringify(goodHeader(app)), 'iss=1', privateKey)],
  ['huge garbage token (200 000 characters)', () => 'A'.repeat(200_000)],
  ['huge token of dots', () => '.'.repeat(50_000)],
  ['huge header segment (right key)', () => withHeader({ pad: 'x'.repeat(100_000) }, attackerKeys.privateKey)],
  ['empty bearer', () => ''],
  ['a PAT in place of the JWT', () => fixturesOf(app).pat],
];

const catalogue: Case[] = [...algorithmCases, ...keyCases, ...kidCases, ...claimCases, ...encodingCases];

describe('JWT attack catalogue', () => {
  it('holds at least 60 attacks', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(60);
  });

  it('control: the SDK-shaped JWT and the raw builder’s JWT are both accepted', async () => {
    await expectTokens(await jwtExchange(app, await signJwt(app)));
    await expectTokens(await jwtExchange(app, withClaims({})));
  });

  it.each(catalogue)('refuses %s with 401 invalid_client', async (name, token) => {
    await expectInvalidClient(await jwtExchange(app, await token()), name);
  });

  it('a padded re-encoding of a used JWT is still a replay (jose decodes `==` leniently; the jti catches it)', async () => {
    const jwt = withClaims({});
    await expectTokens(await jwtExchange(app, jwt));
    await expectInvalidClient(await jwtExchange(app, `${jwt}==`), 'padded replay');
  });

  it('refuses the same JWT twice (jti single use), also on the account path', async () => {
    const jwt = withClaims({});
    await expectTokens(await jwtExchange(app, jwt));
    await expectInvalidClient(await jwtExchange(app, jwt), 'replay');
    await expectInvalidClient(await jwtExchange(app, jwt, {}, `/api/permission/oauth2/account/${fixturesOf(app).accountId}/token`), 'replay on the account path');
  });
});
