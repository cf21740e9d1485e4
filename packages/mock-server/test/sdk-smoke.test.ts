import {
  AuthenticationError,
  CozeAPI,
  getDeviceCode,
  getDeviceToken,
  getJWTToken,
  getPKCEAuthenticationUrl,
  getPKCEOAuthToken,
  getWebAuthenticationUrl,
  getWebOAuthToken,
  refreshOAuthToken,
} from '@coze/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient, startMockServer, type RunningMockServer } from '../src/index.js';

/** One smoke test per auth mode: the unmodified @coze/api over loopback HTTP. The full suites live in packages/conformance. */
let server: RunningMockServer;
let control: ReturnType<typeof createControlClient>;
beforeAll(async () => {
  server = await startMockServer();
  control = createControlClient(server.url);
});
afterAll(() => server.close());

const me = (token: string) => new CozeAPI({ token, baseURL: server.url }).users.me();

describe('@coze/api against the mock, one smoke test per auth mode', () => {
  it('PAT → users.me', async () => {
    expect((await me(server.fixtures.pat)).user_id).toBe(server.fixtures.user.user_id);
  });

  it('web code → token → users.me → refresh rotates', async () => {
    const { clientId, clientSecret, redirectUris } = server.fixtures.apps.web;
    const redirectUrl = redirectUris[0] as string;
    const url = getWebAuthenticationUrl({ baseURL: server.url, clientId, redirectUrl, state: 's1' });
    const consent = await control.completeConsent(url);
    expect(consent.state).toBe('s1');
    const token = await getWebOAuthToken({ baseURL: server.url, clientId, clientSecret, redirectUrl, code: consent.code as string });
    expect(token.access_token).toMatch(/^czu_/);
    expect(token.expires_in).toBeGreaterThan(Date.now() / 1000);
    expect((await me(token.access_token)).user_name).toBe(server.fixtures.user.user_name);
    const refreshed = await refreshOAuthToken({ baseURL: server.url, clientId, clientSecret, refreshToken: token.refresh_token });
    expect(refreshed.refresh_token).not.toBe(token.refresh_token);
    await expect(
      refreshOAuthToken({ baseURL: server.url, clientId, clientSecret, refreshToken: token.refresh_token }),
    ).rejects.toMatchObject({ status: 400, rawError: { error: 'invalid_grant' } });
  });

  it('PKCE S256', async () => {
    const { clientId, redirectUris } = server.fixtures.apps.pkce;
    const redirectUrl = redirectUris[0] as string;
    const { url, codeVerifier } = await getPKCEAuthenticationUrl({ baseURL: server.url, clientId, redirectUrl });
    const { code } = await control.completeConsent(url);
    const token = await getPKCEOAuthToken({ baseURL: server.url, clientId, redirectUrl, code: code as string, codeVerifier });
    expect((await me(token.access_token)).user_id).toBe(server.fixtures.user.user_id);
  });

  it('device code, approved through the control API', async () => {
    const { clientId } = server.fixtures.apps.device;
    const dc = await getDeviceCode({ baseURL: server.url, clientId });
    expect(dc).toMatchObject({ expires_in: 300, interval: 5, verification_uri: `${server.url}/oauth/device` });
    await expect(getDeviceToken({ baseURL: server.url, clientId, deviceCode: dc.device_code })).rejects.toMatchObject({
      rawError: { error: 'authorization_pending' },
    });
    await control.approveDevice(dc.user_code.toLowerCase().replace('-', ''));
    await control.advanceClock(5);
    const token = await getDeviceToken({ baseURL: server.url, clientId, deviceCode: dc.device_code });
    expect((await me(token.access_token)).user_id).toBe(server.fixtures.user.user_id);
  });

  it('JWT, plain and account path with session_name; a replayed or unknown-kid JWT fails', async () => {
    const { appId, keyId, privateKey } = server.fixtures.apps.jwt;
    const base = { baseURL: server.url, appId, keyid: keyId, aud: 'api.coze.cn', privateKey };
    const token = await getJWTToken(base);
    expect(token.access_token).toMatch(/^czs_/);
    const account = await getJWTToken({ ...base, accountId: server.fixtures.accountId, sessionName: 'user_42', durationSeconds: 600 });
    expect(await control.introspect(account.access_token)).toMatchObject({ active: true, sessionName: 'user_42', accountId: server.fixtures.accountId });
    expect(account.expires_in).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 599);
    await expect(getJWTToken({ ...base, keyid: 'not-a-registered-kid' })).rejects.toBeInstanceOf(AuthenticationError);
  });
});
