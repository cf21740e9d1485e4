/**
 * Fixtures: deterministic per seed (ids, secrets, RSA keys), `kid` = RFC 7638 thumbprint (oauth_jwt), and the config
 * file (`parseConfig`) that adds apps, redirect URIs, keys, PATs, users and workspaces, naming the bad field's path.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, type MockConfig } from '../src/config/schema.js';
import { createFixtures, toPublicFixtures } from '../src/fixtures/index.js';
import { generateSeededRsaKeyPair } from '../src/fixtures/rsa.js';
import { createSeededRandom } from '../src/fixtures/seeded-random.js';
import { rsaThumbprint } from '../src/fixtures/thumbprint.js';
import {
  apiGet,
  authorize,
  authorizeQuery,
  consent,
  expectApiData,
  expectTokens,
  fixturesOf,
  jwtExchange,
  newMock,
  SEED,
  signJwt,
  webTokens,
} from './helpers.js';

/** A second seed, also quick to generate a key for. */
const OTHER_SEED = 'alpha';
const pub = (seed: string, config?: MockConfig) => toPublicFixtures(createFixtures({ seed, ...(config ? { config } : {}) }), 'http://x');

// Keys the schema must refuse: jose will not verify RS256 with them, so every JWT would fail as "malformed".
const smallRsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('deterministic per seed', () => {
  it('the same seed gives the same ids, secrets, PAT, keys, users and workspaces', () => {
    expect(pub(SEED)).toEqual(pub(SEED));
    expect(createFixtures({ seed: SEED })).toEqual(createFixtures({ seed: SEED }));
  });

  it('a different seed gives different ones, everywhere', () => {
    const a = pub(SEED);
    const b = pub(OTHER_SEED);
    const pick = (f: typeof a) => [
      f.apps.web.clientId,
      f.apps.web.clientSecret,
      f.apps.pkce.clientId,
      f.apps.device.clientId,
      f.apps.jwt.appId,
      f.apps.jwt.keyId,
      f.apps.jwt.privateKey,
      f.pat,
      f.accountId,
      f.enterpriseId,
      f.user.user_id,
      ...f.workspaces.map((w) => w.id),
    ];
    const left = pick(a);
    const right = pick(b);
    left.forEach((value, i) => expect(value, `field ${i}`).not.toBe(right[i]));
  });

  it('the default seed is coze-mock, and a config seed is honoured', () => {
    expect(createFixtures({ config: { seed: SEED } }).seed).toBe(SEED);
    expect(pub(SEED)).toEqual(toPublicFixtures(createFixtures({ config: { seed: SEED } }), 'http://x'));
  });

  it('the RSA key comes from the seed, not from the in-process cache', () => {
    const fresh = generateSeededRsaKeyPair(createSeededRandom(SEED).fork('app/jwt/key'), `${SEED}/uncached-${Math.random()}`);
    const jwt = createFixtures({ seed: SEED }).primary.jwt.keys[0];
    expect(fresh).toEqual({ privateKey: jwt?.privateKey, publicKey: jwt?.publicKey });
  });

  it('seeded key generation is deterministic and yields a normal RSA key with e = 65537', () => {
    const make = (cacheKey: string) => generateSeededRsaKeyPair(createSeededRandom('small').fork('k'), cacheKey, 1024);
    const first = make(`a-${Math.random()}`);
    expect(make(`b-${Math.random()}`)).toEqual(first);
    const details = createPublicKey(first.publicKey).asymmetricKeyDetails;
    expect(details).toEqual({ modulusLength: 1024, publicExponent: 65537n });
    // The public key is the private key's.
    expect(createPublicKey(first.privateKey).export({ type: 'spki', format: 'pem' })).toBe(first.publicKey);
  });

  it('the fixture key is 2048-bit RSA', () => {
    const { publicKey } = pub(SEED).apps.jwt;
    expect(createPublicKey(publicKey).asymmetricKeyDetails).toEqual({ modulusLength: 2048, publicExponent: 65537n });
  });

  it('the seeded stream: forks are stable and independent, digits never start with 0', () => {
    const random = createSeededRandom('s');
    expect(random.fork('a').string(16)).toBe(createSeededRandom('s').fork('a').string(16));
    expect(random.fork('a').string(16)).not.toBe(random.fork('b').string(16));
    for (let i = 0; i < 50; i++) expect(random.fork(`d${i}`).digits(12)).toMatch(/^[1-9]\d{11}$/);
    expect(random.string(200, 'ab')).toMatch(/^[ab]{200}$/);
  });

  it('codes and tokens are random even for the same seed', async () => {
    const one = newMock();
    const two = newMock();
    const [a, b] = await Promise.all([webTokens(one), webTokens(two)]);
    expect(a.access_token).not.toBe(b.access_token);
    expect(a.refresh_token).not.toBe(b.refresh_token);
  });
});

describe('the JWT app key', () => {
  it('kid equals jose’s calculateJwkThumbprint of the public key (RFC 7638, 43 base64url chars)', async () => {
    const { publicKey, keyId } = pub(SEED).apps.jwt;
    const jwk = await exportJWK(await importSPKI(publicKey, 'RS256'));
    expect(keyId).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
    expect(keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('rsaThumbprint agrees with jose for any RSA key', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    expect(rsaThumbprint(publicKey)).toBe(await calculateJwkThumbprint(await exportJWK(await importSPKI(publicKey, 'RS256'))));
  });

  it('the private key signs what the public key verifies, and the mock accepts it', async () => {
    const app = newMock();
    const { publicKey } = fixturesOf(app).apps.jwt;
    const jwt = await signJwt(app);
    const { payload, protectedHeader } = await jwtVerify(jwt, await importSPKI(publicKey, 'RS256'), { currentDate: new Date(app.mock.clock.now()) });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: fixturesOf(app).apps.jwt.keyId });
    expect(payload.iss).toBe(fixturesOf(app).apps.jwt.appId);
    await expectTokens(await jwtExchange(app, jwt));
  });

  it('a key of another seed does not verify', async () => {
    const other = pub(OTHER_SEED).apps.jwt;
    await expect(jwtVerify(await signJwt(newMock(), { privateKey: other.privateKey }), await importSPKI(pub(SEED).apps.jwt.publicKey, 'RS256'))).rejects.toThrow();
  });
});

describe('config file', () => {
  // jose refuses RS256 keys under 2048 bits.
  const extra = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

  const good = {
    $schema: './coze-mock.schema.json',
    port: 0,
    seed: SEED,
    redirectUris: ['http://localhost:3000/oauth/callback'],
    audiences: ['coze.internal'],
    jwtKeys: [{ publicKey: extra.publicKey }],
    lifetimes: { accessTokenSeconds: 60, codeSeconds: 30 },
    apps: [
      { type: 'web', name: 'Demo', clientId: 'demo.app.coze', clientSecrets: ['demo-secret-1'], redirectUris: ['https://demo.example/cb'] },
      { type: 'jwt', name: 'Service', publicKeys: [{ publicKey: extra.publicKey, keyId: 'my-kid' }], permissions: ['listWorkspace'] },
    ],
    users: [{ user_id: '42', user_name: 'alice' }],
    workspaces: [{ id: '7', name: 'Lab', workspace_type: 'team' }],
    pats: [{ token: 'pat_alice_token', userId: '42', permissions: ['getUserProfile'] }],
  };

  it('parses a full config and returns it unchanged', () => {
    expect(parseConfig(good)).toEqual(good);
    expect(parseConfig({})).toEqual({});
  });

  it('adds apps, redirect URIs, keys, audiences, users, workspaces, PATs and lifetimes', () => {
    const f = createFixtures({ config: parseConfig(good) });
    expect(f.primary.web.redirectUris).toContain('http://localhost:3000/oauth/callback');
    expect(f.primary.pkce.redirectUris).toContain('http://localhost:3000/oauth/callback');
    expect(f.primary.jwt.keys.map((k) => k.keyId)).toEqual([expect.any(String), rsaThumbprint(extra.publicKey)]);
    expect(f.audiences).toContain('coze.internal');
    expect(f.apps.map((a) => a.clientId)).toContain('demo.app.coze');
    const service = f.apps[6];
    expect(service).toMatchObject({ type: 'jwt', name: 'Service', keys: [{ keyId: 'my-kid' }], permissions: ['listWorkspace'], clientId: expect.stringMatching(/^\d{10}$/) });
    expect(f.users.map((u) => u.user_name)).toEqual(['mock_user', 'alice']);
    expect(f.users[1]).toEqual({ user_id: '42', user_name: 'alice', nick_name: 'alice', avatar_url: '' });
    expect(f.workspaces.map((w) => w.name)).toEqual(['Personal', 'Team Space', 'Lab']);
    expect(f.pats[1]).toEqual({ token: 'pat_alice_token', userId: '42', permissions: ['getUserProfile'], workspaceIds: [] });
  });

  it('what the config adds works end to end', async () => {
    const app = newMock({ config: parseConfig(good) });
    expect(app.mock.lifetimes).toMatchObject({ accessTokenSeconds: 60, codeSeconds: 30, refreshTokenSeconds: 30 * 24 * 3600 });
    // The config app and its redirect URI.
    const url = await consent(app, authorizeQuery(app, { client_id: 'demo.app.coze', redirect_uri: 'https://demo.example/cb' }));
    expect(url.origin).toBe('https://demo.example');
    // The extra redirect URI of the ready-made web app.
    expect((await authorize(app, authorizeQuery(app, { redirect_uri: 'http://localhost:3000/oauth/callback' }))).status).toBe(302);
    // The configured PAT speaks for the configured user.
    expect(await expectApiData(await apiGet(app, '/v1/users/me', 'pat_alice_token'))).toMatchObject({ user_id: '42', user_name: 'alice' });
    // The extra key of the ready-made JWT app, and the extra audience.
    const jwt = await signJwt(app, { privateKey: extra.privateKey, header: { kid: rsaThumbprint(extra.publicKey) }, claims: { aud: 'coze.internal' } });
    const token = await expectTokens(await jwtExchange(app, jwt));
    // The configured access-token lifetime.
    expect(token.expires_in).toBe(app.mock.clock.nowSeconds() + 900);
    const web = await webTokens(app);
    expect(web.expires_in).toBe(app.mock.clock.nowSeconds() + 60);
    const workspaces = await expectApiData<{ workspaces: { name: string }[] }>(await apiGet(app, '/v1/workspaces', fixturesOf(app).pat));
    expect(workspaces.workspaces.map((w) => w.name)).toContain('Lab');
  });

  it.each<[string, unknown, string | RegExp]>([
    ['a redirect URI that is no URL', { apps: [{ type: 'web', name: 'A', redirectUris: ['not a url'] }] }, /^ {2}apps\[0\]\.redirectUris\[0\]: /m],
    ['a non-http redirect URI', { apps: [{ type: 'web', name: 'A', redirectUris: ['ftp://x.example/cb'] }] }, /^ {2}apps\[0\]\.redirectUris\[0\]: redirect URIs must be http or https/m],
    ['four redirect URIs', { apps: [{ type: 'web', name: 'A' }, { type: 'pkce', name: 'B', redirectUris: ['http://a.b/1', 'http://a.b/2', 'http://a.b/3', 'http://a.b/4'] }] }, /apps\[1\]\.redirectUris: an app has at most 3 redirect URIs/],
    ['an unknown app type', { apps: [{ type: 'mobile', name: 'A' }] }, /apps\[0\]\.type: /],
    ['an app without a name', { apps: [{ type: 'web' }] }, /apps\[0\]\.name: /],
    ['an unknown app field', { apps: [{ type: 'web', name: 'A', secret: 'x' }] }, /apps\[0\]: .*secret/],
    ['a short client secret', { apps: [{ type: 'web', name: 'A', clientSecrets: ['short'] }] }, /apps\[0\]\.clientSecrets\[0\]: /],
    ['a public key that is no PEM', { apps: [{ type: 'jwt', name: 'J', publicKeys: [{ publicKey: 'MIIB...' }] }] }, /apps\[0\]\.publicKeys\[0\]\.publicKey: not a PEM/],
    ['four keys', { apps: [{ type: 'jwt', name: 'J', publicKeys: Array.from({ length: 4 }, () => ({ publicKey: extra.publicKey })) }] }, /apps\[0\]\.publicKeys: a JWT app has at most 3 keys/],
    ['a jwtKeys entry that is no PEM', { jwtKeys: [{ publicKey: 'x' }] }, /jwtKeys\[0\]\.publicKey: /],
    ['an RSA key under 2048 bits', { jwtKeys: [{ publicKey: smallRsa }] }, /jwtKeys\[0\]\.publicKey: an RSA key needs at least 2048 bits, got 1024/],
    ['a key that is not RSA', { jwtKeys: [{ publicKey: ecKey }] }, /jwtKeys\[0\]\.publicKey: an RS256 key must be RSA, got ec/],
    ['a PAT without the pat_ prefix', { pats: [{ token: 'abc12345678' }] }, /pats\[0\]\.token: a PAT starts with pat_/],
    ['a negative lifetime', { lifetimes: { codeSeconds: -1 } }, /lifetimes\.codeSeconds: /],
    ['an unknown lifetime', { lifetimes: { forever: 1 } }, /lifetimes: .*forever/],
    ['a user without user_id', { users: [{ user_name: 'x' }] }, /users\[0\]\.user_id: /],
    ['a workspace role that does not exist', { workspaces: [{ id: '1', name: 'W', role_type: 'king' }] }, /workspaces\[0\]\.role_type: /],
    ['a port out of range', { port: 70_000 }, /^ {2}port: /m],
    ['a base URL that is no URL', { baseURL: 'localhost' }, /baseURL: /],
    ['an unknown top-level field', { prot: 1 }, /\(root\): .*prot/],
    ['a config that is no object', [1, 2], /\(root\): /],
  ])('names the bad field for %s', (_name, input, message) => {
    let error: unknown;
    try {
      parseConfig(input, 'coze-mock.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^coze-mock\.json is not valid:\n/);
    expect((error as Error).message).toMatch(message);
  });

  it('lists every bad field, one a line', () => {
    expect(() => parseConfig({ port: -1, apps: [{ type: 'web', name: '' }] })).toThrow(/ {2}port: .*\n {2}apps\[0\]\.name: /);
  });

  it.each<[string, MockConfig, RegExp]>([
    ['a client id taken twice', { apps: [{ type: 'web', name: 'A', clientId: 'same' }, { type: 'pkce', name: 'B', clientId: 'same' }] }, /apps\[1\]\.clientId same is already taken/],
    ['a client id taken from a ready-made app', { apps: [{ type: 'web', name: 'A', clientId: 'TAKEN' }] }, /apps\[0\]\.clientId .* is already taken/],
    ['a fourth redirect URI on the ready-made apps', { redirectUris: ['http://a.b/1', 'http://a.b/2'] }, /at most 3/],
    ['a fourth key on the ready-made JWT app', { jwtKeys: Array.from({ length: 3 }, () => ({ publicKey: extra.publicKey })) }, /more than 3 keys; Coze allows at most 3/],
  ])('createFixtures refuses %s', (_name, config, message) => {
    const apps = config.apps?.map((a) => (a.clientId === 'TAKEN' ? { ...a, clientId: pub(SEED).apps.web.clientId } : a));
    const make = () => createFixtures({ seed: SEED, config: { ...config, ...(apps ? { apps } : {}) } });
    expect(make).toThrow(message);
    // A ConfigError, so the CLI exits 2 with it (cli.test.ts).
    expect(make).toThrow(ConfigError);
  });
});
