/**
 * Issue 17 finding 5 as the test that failed before its fix: redaction worked from a fixed list of names, so
 * `client_assertion`, `jwt`, `id_token`, camelCase `accessToken`/`refreshToken`/`codeVerifier`/`deviceCode`,
 * `password`, `api_key`, `user_code` and a `client_secret[]` query key were journaled in full, and a JWT copied from
 * the journal could still be exchanged. Now credentials are found by name (normalised) and by shape, anywhere.
 */
import { describe, expect, it } from 'vitest';
import type { MockApp } from '../../src/app.js';
import { DEVICE_CODE_PATH, expectTokens, fixturesOf, jwtExchange, newMock, postJson, signJwt, TOKEN_PATH, webTokens } from '../helpers.js';

const SECRET = 's3cret-Value-0123456789';

/** The journal as the control API serves it, as text. */
const journalText = async (app: MockApp) => (await app.request('/__mock/journal')).text();

describe('finding 5: credentials are redacted by name and by shape, wherever they appear', () => {
  it.each([
    'client_assertion',
    'jwt',
    'id_token',
    'accessToken',
    'refreshToken',
    'codeVerifier',
    'deviceCode',
    'password',
    'api_key',
    'user_code',
    'Client-Secret',
    'clientSecret',
    'API_KEY',
    'session_token',
  ])('a JSON body member named %s, at the top and nested', async (name) => {
    const app = newMock();
    await postJson(app, TOKEN_PATH, { grant_type: 'refresh_token', [name]: SECRET, nested: { list: [{ [name]: SECRET }] } });
    const text = await journalText(app);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('"grant_type":"refresh_token"');
  });

  it.each(['client_secret[]', 'client_secret[0]', 'user[password]', 'accessToken', 'Device-Code'])('a query key %s', async (name) => {
    const app = newMock();
    await app.request(`/api/permission/oauth2/authorize?${encodeURIComponent(name)}=${SECRET}&state=kept`);
    const text = await journalText(app);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('state=kept');
  });

  it.each(['password', 'user_code', 'api_key'])('a form field %s', async (name) => {
    const app = newMock();
    await app.request('/oauth/device', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `${name}=${SECRET}&decision=approve` });
    expect(await journalText(app)).not.toContain(SECRET);
  });

  it('a live JWT sent where no route reads it is not in the journal, so nobody can copy and exchange it', async () => {
    const app = newMock();
    const jwt = await signJwt(app);
    for (const name of ['client_assertion', 'jwt', 'note']) {
      await postJson(app, TOKEN_PATH, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', [name]: jwt });
    }
    await postJson(app, DEVICE_CODE_PATH, { client_id: fixturesOf(app).apps.device.clientId, extra: [{ free_text: `see ${jwt}` }] });
    await app.request(`/v1/users/me?q=${jwt}`, { headers: { 'user-agent': `agent ${jwt}` } });
    const text = await journalText(app);
    expect(text).not.toContain(jwt.split('.')[2]);
    // Still unused: it was never exposed, and it exchanges now.
    await expectTokens(await jwtExchange(app, jwt));
  });

  it('the mock’s own credentials are redacted by their shape under any name (tokens, codes, PATs, refresh tokens)', async () => {
    const app = newMock();
    const tokens = await webTokens(app);
    const values = [tokens.access_token, tokens.refresh_token as string, fixturesOf(app).pat, fixturesOf(app).apps.web.clientSecret as string];
    await postJson(app, DEVICE_CODE_PATH, { client_id: 'c', innocent: values, deeper: { a: { b: values[0] } } });
    await app.request(`/v1/users/me?innocent=${values[1]}&other=${values[2]}`);
    await app.request(`/v1/things/${values[0]}`);
    const text = await journalText(app);
    for (const value of values) expect(text).not.toContain(value);
    expect(text).toContain('/v1/things/[redacted]');
  });

  it('what is not a credential stays readable', async () => {
    const app = newMock();
    const body = { client_id: 'cid', redirect_uri: 'http://127.0.0.1:8080/callback', code_challenge_method: 'S256', grant_type: 'authorization_code', count: 3 };
    await postJson(app, TOKEN_PATH, body);
    const { entries } = (await (await app.request('/__mock/journal')).json()) as { entries: { body: unknown }[] };
    expect(entries[0]?.body).toEqual(body);
  });
});
