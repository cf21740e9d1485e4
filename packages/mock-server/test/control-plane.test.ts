/**
 * The test-control plane over real HTTP, driven by the unmodified @coze/api (issue 10's acceptance): scripted
 * replies, stubs behind real tokens, run-time fixtures, sandboxes, the journal you can wait on.
 */
import {
  CozeAPI,
  getJWTToken,
  getWebAuthenticationUrl,
  getWebOAuthToken,
  InternalServerError,
  TimeoutError,
} from '@coze/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient, startMockServer, type ControlClient, type RunningMockServer } from '../src/index.js';
import { GRANT, TOKEN_PATH } from './helpers.js';

let server: RunningMockServer;
let control: ControlClient;
beforeAll(async () => {
  server = await startMockServer();
  control = createControlClient(server.url);
});
afterAll(() => server.close());

const api = (token: string, baseURL = server.url, timeout?: number) =>
  new CozeAPI({ token, baseURL, ...(timeout === undefined ? {} : { axiosOptions: { timeout } }) });

async function webToken(baseURL: string, control: ControlClient) {
  const { apps } = await control.fixtures();
  const { clientId, clientSecret, redirectUris } = apps.web;
  const redirectUrl = redirectUris[0] as string;
  const { code } = await control.completeConsent(getWebAuthenticationUrl({ baseURL, clientId, redirectUrl, state: 's' }));
  return getWebOAuthToken({ baseURL, clientId, clientSecret, redirectUrl, code: code as string });
}

describe('scripted replies', () => {
  it('serves a one-shot 200 on the token endpoint once, then the real behaviour returns', async () => {
    const { clientId, clientSecret, redirectUris } = server.fixtures.apps.web;
    const redirectUrl = redirectUris[0] as string;
    await control.addReply({
      match: { path: TOKEN_PATH, grantType: GRANT.code },
      reply: { status: 200, body: { access_token: 'scripted', expires_in: 42, refresh_token: 'r', extra: true } },
    });
    const scripted = await getWebOAuthToken({ baseURL: server.url, clientId, clientSecret, redirectUrl, code: 'code_unknown' });
    expect(scripted).toMatchObject({ access_token: 'scripted', expires_in: 42, extra: true });
    await expect(getWebOAuthToken({ baseURL: server.url, clientId, clientSecret, redirectUrl, code: 'code_unknown' })).rejects.toMatchObject({
      status: 400,
      rawError: { error: 'invalid_grant' },
    });
    expect(await control.replies()).toEqual([]);
  });

  it('reads the body for a rule on grant type or client id and leaves it readable for the route', async () => {
    const rule = await control.addReply({ match: { path: TOKEN_PATH, grantType: GRANT.refresh }, reply: { status: 500 }, times: null });
    await control.addReply({ match: { clientId: 'someone-else' }, reply: { status: 500 }, times: null });
    // A code exchange matches neither rule: the route still gets the whole body (here: an unknown code), sent with
    // and without a declared length (chunked bodies are read from the socket once, then cached).
    const { clientId, clientSecret, redirectUris } = server.fixtures.apps.web;
    await expect(getWebOAuthToken({ baseURL: server.url, clientId, clientSecret, redirectUrl: redirectUris[0] as string, code: 'code_x' })).rejects.toMatchObject({
      status: 400,
      rawError: { error: 'invalid_grant' },
    });
    const body = JSON.stringify({ grant_type: GRANT.code, client_id: clientId, redirect_uri: redirectUris[0], code: 'code_x' });
    const chunked = await fetch(`${server.url}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clientSecret}` },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect([chunked.status, ((await chunked.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
    expect((await control.replies()).find((r) => r.id === rule.id)).toMatchObject({ served: 0 });
    await control.clearReplies();
  });

  it('serves `times: 3` three times, then the route answers again', async () => {
    const body = { code: 0, msg: '', data: { user_id: 'scripted', user_name: 'x', nick_name: 'x', avatar_url: '' } };
    await control.addReply({ match: { method: 'GET', path: '/v1/users/me' }, reply: { status: 200, body }, times: 3 });
    for (let i = 0; i < 3; i++) expect((await api('anything').users.me()).user_id).toBe('scripted');
    await expect(api('anything').users.me()).rejects.toMatchObject({ code: 4100 });
  });

  it('gives a body-less error status a Coze-shaped error: OAuth on OAuth paths, the OpenAPI envelope elsewhere', async () => {
    await control.addReply({ match: { path: TOKEN_PATH }, reply: { status: 403 } });
    const oauth = await fetch(`${server.url}${TOKEN_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(oauth.status).toBe(403);
    expect(await oauth.json()).toMatchObject({ error: 'access_deny', error_code: 'access_deny', error_message: expect.stringMatching(/injected/) });
    await control.addReply({ match: { path: '/v1/bots' }, reply: { status: 429, headers: { 'retry-after': '7' } } });
    const openApi = await fetch(`${server.url}/v1/bots`);
    expect([openApi.status, openApi.headers.get('retry-after')]).toEqual([429, '7']);
    expect(await openApi.json()).toMatchObject({ code: 4013, detail: { logid: openApi.headers.get('x-tt-logid') } });
  });

  it('`drop` makes the SDK fail with its connection error (no reply, no log id)', async () => {
    await control.addReply({ match: { path: '/v1/users/me' }, action: 'drop' });
    const error = await api(server.fixtures.pat).users.me().catch((e: unknown) => e);
    // Node's axios reports the reset socket; the SDK maps a reply-less failure to its 5xx class, with no log id.
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ message: expect.stringMatching(/socket hang up|ECONNRESET/), logid: undefined });
    expect((await api(server.fixtures.pat).users.me()).user_id).toBe(server.fixtures.user.user_id);
  });

  it('`hang` makes the SDK fail with its timeout error, and the mock lets the request go when the client leaves', async () => {
    const since = (await control.journal()).at(-1)?.seq ?? 0;
    await control.addReply({ match: { path: '/v1/users/me' }, action: 'hang' });
    await expect(api(server.fixtures.pat, server.url, 200).users.me()).rejects.toBeInstanceOf(TimeoutError);
    // The held request ends when the client hangs up (journaled as an aborted 499), not after the 60 s bound.
    expect(await control.waitForRequest({ path: '/v1/users/me', since })).toMatchObject({ status: 499, aborted: true });
    expect((await api(server.fixtures.pat).users.me()).user_id).toBe(server.fixtures.user.user_id);
  });

  it('never applies to the control API', async () => {
    await control.addReply({ reply: { status: 500 }, times: null });
    expect((await control.fixtures()).pat).toBe(server.fixtures.pat);
    await control.clearReplies();
    expect((await api(server.fixtures.pat).users.me()).user_id).toBe(server.fixtures.user.user_id);
  });
});

describe('stubs behind real tokens (requireToken)', () => {
  it('answers POST /v3/chat to a token with the permission; 4101 without it; 4100 with none or an expired one', async () => {
    const chat = { code: 0, msg: '', data: { id: 'chat_1', conversation_id: 'conv_1', status: 'in_progress' } };
    const stub = await control.addReply({ match: { method: 'POST', path: '/v3/chat' }, reply: { status: 200, body: chat }, times: null, requireToken: { permission: 'chat' } });
    const withChat = await control.addPat({ permissions: ['chat'] });
    const without = await control.addPat({ permissions: ['getUserProfile'] });
    const shortLived = await control.addPat({ permissions: ['chat'], expiresInSeconds: 60 });

    const created = await api(withChat.token).chat.create({ bot_id: 'b', additional_messages: [] });
    expect(created).toMatchObject({ id: 'chat_1', conversation_id: 'conv_1' });
    await expect(api(without.token).chat.create({ bot_id: 'b' })).rejects.toMatchObject({ status: 403, code: 4101 });
    const none = await fetch(`${server.url}/v3/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([none.status, ((await none.json()) as { code: number }).code]).toEqual([401, 4100]);
    await control.advanceClock(61);
    await expect(api(shortLived.token).chat.create({ bot_id: 'b' })).rejects.toMatchObject({ status: 401, code: 4100 });
    // An OAuth token works too, when its app holds the permission.
    const app = await control.addApp({ type: 'jwt', permissions: ['chat'] });
    const oauth = await getJWTToken({ baseURL: server.url, appId: app.appId, keyid: app.keyId, aud: 'api.coze.cn', privateKey: app.privateKey as string });
    expect(await api(oauth.access_token).chat.create({ bot_id: 'b' })).toMatchObject({ id: 'chat_1' });
    await control.resetClock();
    await control.deleteReply(stub.id);
  });
});

describe('fixtures at run time', () => {
  it('a JWT app with a mock-generated key completes the JWT flow; its token reads users.me', async () => {
    const app = await control.addApp({ type: 'jwt', name: 'Created now' });
    expect(app.privateKey).toContain('BEGIN PRIVATE KEY');
    const token = await getJWTToken({ baseURL: server.url, appId: app.appId, keyid: app.keyId, aud: 'api.coze.cn', privateKey: app.privateKey as string });
    expect(token.access_token).toMatch(/^czs_/);
    expect((await api(token.access_token).users.me()).user_id).toBe(server.fixtures.user.user_id);
  });

  it('a PAT created at run time reads users.me of a user created at run time', async () => {
    const user = await control.addUser({ nick_name: 'Runtime Ann' });
    const pat = await control.addPat({ userId: user.user_id });
    expect(await api(pat.token).users.me()).toMatchObject({ user_id: user.user_id, nick_name: 'Runtime Ann' });
  });

  it('a revoked token gets 4100: a PAT and an OAuth access token', async () => {
    const pat = await control.addPat();
    await control.revokeToken(pat.token);
    await expect(api(pat.token).users.me()).rejects.toMatchObject({ status: 401, code: 4100 });
    const { access_token } = await webToken(server.url, control);
    await control.revokeToken(access_token);
    await expect(api(access_token).users.me()).rejects.toMatchObject({ status: 401, code: 4100 });
  });

  it('a disabled app is refused (access_deny); reset drops every run-time fixture and keeps the seeded ones', async () => {
    const device = await control.addApp({ type: 'device' });
    await control.disableApp(device.clientId);
    const refused = await fetch(`${server.url}/api/permission/oauth2/device/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: device.clientId }),
    });
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([403, 'access_deny']);
    const pat = await control.addPat();
    await control.reset();
    await expect(api(pat.token).users.me()).rejects.toMatchObject({ code: 4100 });
    expect((await api(server.fixtures.pat).users.me()).user_id).toBe(server.fixtures.user.user_id);
    expect((await control.fixtures()).allApps.map((a) => a.clientId)).not.toContain(device.clientId);
  });
});

describe('sandboxes', () => {
  it('two sandboxes run the web flow concurrently with independent clocks; reset in one leaves the other alone', async () => {
    const [a, b] = await Promise.all([control.createSandbox(), control.createSandbox()]);
    if (!a || !b) throw new Error('two sandboxes expected');
    expect(a.baseURL).toBe(`${server.url}/__sandbox/${a.id}`);
    const [tokenA, tokenB] = await Promise.all([webToken(a.baseURL, a.control), webToken(b.baseURL, b.control)]);
    // Each sandbox knows only its own tokens.
    await expect(api(tokenA.access_token, b.baseURL).users.me()).rejects.toMatchObject({ code: 4100 });
    await expect(api(tokenA.access_token).users.me()).rejects.toMatchObject({ code: 4100 });
    await a.control.advanceClock(16 * 60);
    await expect(api(tokenA.access_token, a.baseURL).users.me()).rejects.toMatchObject({ code: 4100 });
    expect((await api(tokenB.access_token, b.baseURL).users.me()).user_id).toBe(b.fixtures.user.user_id);
    expect((await b.control.clock()).nowSeconds).toBeLessThan((await a.control.clock()).nowSeconds - 15 * 60);
    await a.control.reset();
    expect((await api(tokenB.access_token, b.baseURL).users.me()).user_id).toBe(b.fixtures.user.user_id);
    // Journals are per sandbox, with the sandbox's own paths.
    expect(await b.control.journal({ path: TOKEN_PATH })).toHaveLength(1);
    expect(await control.journal({ path: TOKEN_PATH, grantType: GRANT.code })).not.toContainEqual(expect.objectContaining({ path: expect.stringContaining('__sandbox') }));
    await Promise.all([control.deleteSandbox(a.id), control.deleteSandbox(b.id)]);
    expect((await fetch(`${b.baseURL}/__mock/fixtures`)).status).toBe(404);
  });

  it('gives the device flow a verification_uri inside the sandbox', async () => {
    const sandbox = await control.createSandbox({ seed: 'beta' });
    const code = await fetch(`${sandbox.baseURL}/api/permission/oauth2/device/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: sandbox.fixtures.apps.device.clientId }),
    });
    expect(((await code.json()) as { verification_uri: string }).verification_uri).toBe(`${sandbox.baseURL}/oauth/device`);
    expect(sandbox.fixtures.apps.web.clientId).not.toBe(server.fixtures.apps.web.clientId);
    await control.deleteSandbox(sandbox.id);
  });
});

describe('journal you can wait on', () => {
  it('waitForRequest resolves once a matching request arrives', async () => {
    const { seq } = (await control.journal()).at(-1) ?? { seq: 0 };
    const waiting = control.waitForRequest({ path: '/v1/workspaces', since: seq });
    await api(server.fixtures.pat).workspaces.list();
    expect(await waiting).toMatchObject({ method: 'GET', path: '/v1/workspaces', status: 200 });
  });

  it('filters on grantType and reports a timeout when nothing matches', async () => {
    await expect(control.waitForRequest({ path: '/nowhere', timeoutMs: 0 })).rejects.toThrow(/no request matching/);
    const pending = control.waitForRequest({ grantType: GRANT.jwt, since: (await control.journal()).at(-1)?.seq ?? 0 });
    const { appId, keyId, privateKey } = server.fixtures.apps.jwt;
    await getJWTToken({ baseURL: server.url, appId, keyid: keyId, aud: 'api.coze.cn', privateKey });
    expect(await pending).toMatchObject({ path: TOKEN_PATH, grantType: GRANT.jwt, status: 200 });
  });
});
