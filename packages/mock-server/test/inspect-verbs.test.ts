import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { fingerprintOf } from '../src/fingerprint.js';
import type { JournalEntry } from '../src/journal.js';
import {
  apiGet,
  deviceCode,
  expectOAuthError,
  expectTokens,
  fixturesOf,
  jwtExchange,
  newMock,
  postJson,
  refresh,
  signJwt,
  T0_SECONDS,
  tokenWorks,
  TOKEN_PATH,
  webTokens,
} from './helpers.js';

// The control verbs the inspector reads (tokens by fingerprint, device codes, the clock's freeze) and revocation by
// fingerprint, client or user, as a black-box test would use them.

const getJson = async <T = Record<string, unknown>>(app: MockApp, path: string): Promise<T> => (await app.request(path)).json() as Promise<T>;
const journal = async (app: MockApp, path: string) => (await getJson<{ entries: JournalEntry[] }>(app, `/__mock/journal?path=${encodeURIComponent(path)}`)).entries;

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

describe('token fingerprints in the journal', () => {
  it('an OpenAPI call carries its bearer\'s fingerprint, a token reply those of the tokens it issued, never the tokens', async () => {
    const tokens = await webTokens(app);
    await apiGet(app, '/v1/users/me', tokens.access_token);
    const [call] = await journal(app, '/v1/users/me');
    expect(call?.tokenFingerprint).toBe(fingerprintOf(tokens.access_token));
    const [issue] = await journal(app, TOKEN_PATH);
    expect(issue?.issuedFingerprints).toEqual({ accessToken: fingerprintOf(tokens.access_token), refreshToken: fingerprintOf(tokens.refresh_token as string) });
    // A code exchange presents no token: its bearer is the client secret, which gets no fingerprint.
    expect(issue?.tokenFingerprint).toBeUndefined();
    const text = JSON.stringify(await journal(app, ''));
    expect(text).not.toContain(tokens.access_token);
    expect(text).not.toContain(tokens.refresh_token);
  });

  it('a refresh carries the fingerprint of the refresh token it presented', async () => {
    const tokens = await webTokens(app);
    await refresh(app, tokens.refresh_token);
    const entries = await journal(app, TOKEN_PATH);
    expect(entries.at(-1)?.tokenFingerprint).toBe(fingerprintOf(tokens.refresh_token as string));
  });
});

describe('POST /__mock/tokens/revoke', () => {
  it('revokes by the fingerprint taken from the journal: the app\'s next call gets 4100', async () => {
    const tokens = await webTokens(app);
    expect(await tokenWorks(app, tokens.access_token)).toBe(true);
    const [call] = await journal(app, '/v1/users/me');
    const res = await postJson(app, '/__mock/tokens/revoke', { fingerprint: call?.tokenFingerprint });
    expect(await res.json()).toEqual({ ok: true, revoked: 'access_token', count: 1 });
    expect(await tokenWorks(app, tokens.access_token)).toBe(false);
    await expectOAuthError(await postJson(app, '/__mock/tokens/revoke', { fingerprint: call?.tokenFingerprint }), 404, 'invalid_request');
  });

  it('revokes a PAT by fingerprint', async () => {
    const { pat } = fixturesOf(app);
    expect(await (await postJson(app, '/__mock/tokens/revoke', { fingerprint: fingerprintOf(pat) })).json()).toMatchObject({ revoked: 'pat' });
    expect(await tokenWorks(app, pat)).toBe(false);
  });

  it('revokes every access and refresh token of a client, and of a user, but no PAT', async () => {
    const first = await webTokens(app);
    const second = await webTokens(app);
    const web = fixturesOf(app).apps.web;
    expect(await (await postJson(app, '/__mock/tokens/revoke', { clientId: web.clientId })).json()).toEqual({ ok: true, revoked: 'tokens', count: 4 });
    expect(await tokenWorks(app, first.access_token)).toBe(false);
    expect(await tokenWorks(app, second.access_token)).toBe(false);
    await expectOAuthError(await refresh(app, second.refresh_token), 400, 'invalid_grant');

    const third = await webTokens(app);
    const { user, pat } = fixturesOf(app);
    expect(await (await postJson(app, '/__mock/tokens/revoke', { userId: user.user_id })).json()).toMatchObject({ count: 2 });
    expect(await tokenWorks(app, third.access_token)).toBe(false);
    expect(await tokenWorks(app, pat)).toBe(true);
  });

  it('refuses an unknown client or user (404), and a body naming two ways or none (400)', async () => {
    await expectOAuthError(await postJson(app, '/__mock/tokens/revoke', { clientId: 'nope' }), 404, 'invalid_request', /app/);
    await expectOAuthError(await postJson(app, '/__mock/tokens/revoke', { userId: '1' }), 404, 'invalid_request', /user/);
    await expectOAuthError(await postJson(app, '/__mock/tokens/revoke', { token: 'x', clientId: 'y' }), 400, 'invalid_request', /exactly one/);
    await expectOAuthError(await postJson(app, '/__mock/tokens/revoke', {}), 400, 'invalid_request', /exactly one/);
    await expectOAuthError(await postJson(app, '/__mock/tokens/revoke', { fingerprint: 'ZZ' }), 400, 'invalid_request', /fingerprint/);
  });
});

describe('GET /__mock/tokens and /__mock/tokens/{fingerprint}', () => {
  it('shows what a token stands for on the mock clock, and its family: rotated, live and revoked members', async () => {
    const first = await webTokens(app);
    const second = await expectTokens(await refresh(app, first.refresh_token));
    const detail = await getJson(app, `/__mock/tokens/${fingerprintOf(second.access_token)}`);
    const web = fixturesOf(app).apps.web;
    expect(detail).toMatchObject({ kind: 'access_token', state: 'live', grant: 'refresh_token', clientId: web.clientId, userId: fixturesOf(app).user.user_id });
    expect(detail.family).toEqual([
      { fingerprint: fingerprintOf(first.access_token), kind: 'access_token', state: 'live', expiresAt: expect.any(Number) },
      { fingerprint: fingerprintOf(first.refresh_token as string), kind: 'refresh_token', state: 'rotated', expiresAt: expect.any(Number) },
      { fingerprint: fingerprintOf(second.access_token), kind: 'access_token', state: 'live', expiresAt: expect.any(Number) },
      { fingerprint: fingerprintOf(second.refresh_token as string), kind: 'refresh_token', state: 'live', expiresAt: expect.any(Number) },
    ]);

    // Replaying the rotated refresh token revokes the family: every member is shown revoked, with the reason.
    await refresh(app, first.refresh_token);
    const revoked = await getJson<{ state: string; family: { state: string; revokedBecause: string }[] }>(app, `/__mock/tokens/${fingerprintOf(second.access_token)}`);
    expect(revoked.state).toBe('revoked');
    expect(revoked.family.map((m) => m.state)).toEqual(['revoked', 'revoked', 'revoked', 'revoked']);
    expect(revoked.family[0]?.revokedBecause).toMatch(/refresh token .* used again/);
  });

  it('lists the newest access tokens; an advance of the clock shows them expired', async () => {
    const tokens = await webTokens(app);
    const list = async () => (await getJson<{ tokens: { fingerprint: string; state: string; expiresAt: number }[] }>(app, '/__mock/tokens')).tokens;
    expect(await list()).toEqual([expect.objectContaining({ fingerprint: fingerprintOf(tokens.access_token), state: 'live', expiresAt: T0_SECONDS + 900 })]);
    await postJson(app, '/__mock/clock', { advanceSeconds: 901 });
    expect((await list())[0]?.state).toBe('expired');
  });

  it('answers 404 for a fingerprint no token has', async () => {
    await expectOAuthError(await app.request('/__mock/tokens/0123456789abcdef'), 404, 'invalid_request');
  });
});

describe('decoded JWTs in the journal', () => {
  it('keeps the header and claims of an accepted JWT, never the signature, and the key that verified it', async () => {
    const jwt = await signJwt(app, { claims: { session_name: 'alice' } });
    await expectTokens(await jwtExchange(app, jwt));
    const [entry] = await journal(app, TOKEN_PATH);
    const { jwt: f } = fixturesOf(app).apps;
    expect(entry?.jwt).toMatchObject({ header: { alg: 'RS256', kid: f.keyId }, claims: { iss: f.appId, session_name: 'alice' }, verdict: { verified: true, kid: f.keyId, appId: f.appId } });
    expect(JSON.stringify(entry)).not.toContain(jwt.split('.')[2]);
  });

  it('says why a JWT with an unknown kid was refused', async () => {
    await jwtExchange(app, await signJwt(app, { header: { kid: 'not-a-key' } }));
    const [entry] = await journal(app, TOKEN_PATH);
    expect(entry?.jwt).toMatchObject({ header: { kid: 'not-a-key' }, verdict: { verified: false, reason: 'invalid jwt: kid not been registred' } });
  });
});

describe('GET /__mock/device and the clock\'s freeze', () => {
  it('lists device codes with their user code and app, never the device code', async () => {
    const dc = await deviceCode(app);
    const { deviceCodes } = await getJson<{ deviceCodes: Record<string, unknown>[] }>(app, '/__mock/device');
    expect(deviceCodes).toEqual([expect.objectContaining({ userCode: dc.user_code, status: 'pending', appName: expect.any(String) })]);
    expect(JSON.stringify(deviceCodes)).not.toContain(dc.device_code);
    await postJson(app, '/__mock/device/approve', { user_code: dc.user_code });
    expect((await getJson<{ deviceCodes: { status: string }[] }>(app, '/__mock/device')).deviceCodes[0]?.status).toBe('approved');
  });

  it('freezes a ticking clock where it is and lets it tick on; reset brings back the ticking clock', async () => {
    const ticking = (await import('../src/app.js')).createMockApp({ seed: 'beta' });
    const frozen = await (await postJson(ticking, '/__mock/clock', { freeze: true })).json();
    expect(frozen.frozen).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ticking.mock.clock.now()).toBe(frozen.now);
    expect((await (await postJson(ticking, '/__mock/clock', { freeze: false })).json()).frozen).toBe(false);
    await postJson(ticking, '/__mock/clock', { freeze: true });
    await postJson(ticking, '/__mock/reset', {});
    expect(ticking.mock.clock.frozen).toBe(false);
  });
});
