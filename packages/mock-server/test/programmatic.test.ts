/**
 * The programmatic half of the control plane: `createMockApp({ routes })` with `requireToken()`, and the
 * `onTokenReply` hook, driven by the unmodified @coze/api over real HTTP.
 */
import { CozeAPI, getJWTToken, getWebAuthenticationUrl, getWebOAuthToken } from '@coze/api';
import { Hono } from 'hono';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient, requireToken, startMockServer, type MockEnv, type RunningMockServer, type TokenReplyContext } from '../src/index.js';

const seenContexts: TokenReplyContext[] = [];
const routes = new Hono<MockEnv>()
  .post('/v3/chat', requireToken('chat'), (c) => c.json({ code: 0, msg: '', data: { id: `chat_for_${c.get('caller')?.userId}`, conversation_id: 'c', status: 'in_progress' } }))
  .get('/v1/files/retrieve', requireToken(), (c) => c.json({ code: 0, msg: '', data: { id: c.req.query('file_id') } }))
  .post('/v1/echo', async (c) => c.json({ echoed: await c.req.json() }));

let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({
    routes,
    onTokenReply: (reply, context) => {
      seenContexts.push(context);
      // A shorter expiry and an extra field, for the web flow only.
      if (context.grantType !== 'authorization_code') return reply;
      return { ...reply, expires_in: reply.expires_in - 600, scope: 'extra' };
    },
  });
});
afterAll(() => server.close());

const api = (token: string) => new CozeAPI({ token, baseURL: server.url });

describe('createMockApp({ routes }) with requireToken()', () => {
  it('serves a handler written in code to a token with the permission, and refuses like the built-in resources', async () => {
    const control = createControlClient(server.url);
    const withChat = await control.addPat({ permissions: ['chat'] });
    expect(await api(withChat.token).chat.create({ bot_id: 'b' })).toMatchObject({ id: `chat_for_${server.fixtures.user.user_id}` });
    const withoutChat = await control.addPat({ permissions: ['listBot'] });
    await expect(api(withoutChat.token).chat.create({ bot_id: 'b' })).rejects.toMatchObject({ status: 403, code: 4101 });
    await expect(api('pat_unknown').chat.create({ bot_id: 'b' })).rejects.toMatchObject({ status: 401, code: 4100 });
    // requireToken() without a permission: any live token.
    const file = await fetch(`${server.url}/v1/files/retrieve?file_id=f1`, { headers: { authorization: `Bearer ${server.fixtures.pat}` } });
    expect(await file.json()).toMatchObject({ code: 0, data: { id: 'f1' } });
    expect((await fetch(`${server.url}/v1/files/retrieve?file_id=f1`)).status).toBe(401);
  });
});

describe('createMockApp({ routes }) behind scripted replies', () => {
  it('a route of yours still reads the body that a rule matching on grantType read first', async () => {
    const control = createControlClient(server.url);
    await control.addReply({ match: { grantType: 'never_sent' }, reply: { status: 500 }, times: null });
    try {
      // node:http sends a small body with the head, so the whole message is parsed before any middleware runs.
      const body = JSON.stringify({ grant_type: 'other', n: 1 });
      const reply = await new Promise<string>((resolve, reject) => {
        const req = request(`${server.url}/v1/echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
        });
        req.on('error', reject).end(body);
      });
      expect(JSON.parse(reply)).toEqual({ echoed: { grant_type: 'other', n: 1 } });
    } finally {
      await control.clearReplies();
    }
  });
});

describe('onTokenReply', () => {
  it('changes the token reply before it is sent: a shorter expires_in and an extra field', async () => {
    const { clientId, clientSecret, redirectUris } = server.fixtures.apps.web;
    const redirectUrl = redirectUris[0] as string;
    const control = createControlClient(server.url);
    const { code } = await control.completeConsent(getWebAuthenticationUrl({ baseURL: server.url, clientId, redirectUrl }));
    const token = await getWebOAuthToken({ baseURL: server.url, clientId, clientSecret, redirectUrl, code: code as string });
    const stored = await control.introspect(token.access_token);
    expect(token.expires_in).toBe((stored.expiresAt as number) - 600);
    expect(token).toMatchObject({ scope: 'extra' });
    expect(seenContexts.at(-1)).toMatchObject({ grantType: 'authorization_code', clientId, token: { active: true, kind: 'user', clientId, expiresAt: stored.expiresAt } });
  });

  it('sees every grant, and may leave a reply unchanged', async () => {
    const { appId, keyId, privateKey } = server.fixtures.apps.jwt;
    const token = await getJWTToken({ baseURL: server.url, appId, keyid: keyId, aud: 'api.coze.cn', privateKey });
    expect(token).not.toHaveProperty('scope');
    expect(seenContexts.at(-1)).toMatchObject({ grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', clientId: appId });
  });
});
