/**
 * The hot path over a real socket never materialises the WHATWG Request (issue 7: "the raw Request is never
 * materialised on the hot path"). @hono/node-server builds it lazily, and building it is what creates its
 * AbortController; so counting AbortControllers made while the server answers counts materialised Requests. The client
 * is node:http (fetch would make controllers of its own).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../src/server.js';
import { GRANT, signJwt, TOKEN_PATH, webCode } from './helpers.js';

let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0 });
});
afterAll(() => server.close());

/** One request over a socket; resolves with the status and body. */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject).end(body);
  });
}

/** How many AbortControllers were created while `run` ran (globally: nothing else runs in this file meanwhile). */
async function controllersMadeBy(run: () => Promise<unknown>): Promise<number> {
  const Original = globalThis.AbortController;
  let made = 0;
  globalThis.AbortController = class extends Original {
    constructor() {
      super();
      made++;
    }
  };
  try {
    await run();
  } finally {
    globalThis.AbortController = Original;
  }
  return made;
}

const json = { 'content-type': 'application/json' };

describe('the request path keeps Node’s request as it is', () => {
  it('PAT users.me, code exchange, refresh, JWT exchange and device code: no Request built', async () => {
    const { fixtures, app } = server;
    const web = fixtures.apps.web;
    const code = await webCode(app);
    const jwt = await signJwt(app);
    const replies: number[] = [];
    const made = await controllersMadeBy(async () => {
      replies.push((await send('GET', '/v1/users/me', { authorization: `Bearer ${fixtures.pat}` })).status);
      const exchange = await send('POST', TOKEN_PATH, { ...json, authorization: `Bearer ${web.clientSecret}` },
        JSON.stringify({ grant_type: GRANT.code, client_id: web.clientId, redirect_uri: web.redirectUris[0], code }));
      replies.push(exchange.status);
      const { refresh_token } = JSON.parse(exchange.body) as { refresh_token: string };
      replies.push((await send('POST', TOKEN_PATH, { ...json, authorization: `Bearer ${web.clientSecret}` }, JSON.stringify({ grant_type: GRANT.refresh, client_id: web.clientId, refresh_token }))).status);
      replies.push((await send('POST', TOKEN_PATH, { ...json, authorization: `Bearer ${jwt}` }, JSON.stringify({ grant_type: GRANT.jwt }))).status);
      replies.push((await send('POST', '/api/permission/oauth2/device/code', json, JSON.stringify({ client_id: fixtures.apps.device.clientId }))).status);
    });
    expect(replies).toEqual([200, 200, 200, 200, 200]);
    expect(made).toBe(0);
  });

  it('the count is real: the journal long poll, which watches the raw Request’s signal, makes one', async () => {
    const poll = await controllersMadeBy(() => send('GET', '/__mock/journal?wait=1&path=%2Fv1%2Fusers%2Fme', {}));
    expect(poll).toBeGreaterThan(0);
  });
});
