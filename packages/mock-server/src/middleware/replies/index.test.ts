import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../app.js';
import { addFault } from '../../replies/faults.js';

const add = (app: ReturnType<typeof createMockApp>, rule: object) =>
  app.request('/__mock/replies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });

describe('scriptedReplies', () => {
  it('answers a fault in the OAuth shape on OAuth paths and the envelope on OpenAPI paths, then lets requests through', async () => {
    const app = createMockApp();
    addFault(app.mock.replies, { pathPrefix: '/api/permission/oauth2/token', status: 503 });
    addFault(app.mock.replies, { pathPrefix: '/v1/', status: 429 });
    const token = await app.request('/api/permission/oauth2/token', { method: 'POST' });
    expect(token.status).toBe(503);
    expect(await token.json()).toMatchObject({ error: 'temporarily_unavailable', error_code: 'temporarily_unavailable' });
    const api = await app.request('/v1/users/me');
    expect(api.status).toBe(429);
    expect(await api.json()).toMatchObject({ code: 4013, detail: { logid: api.headers.get('x-tt-logid') } });
    expect((await app.request('/v1/users/me')).status).toBe(401);
  });

  it('never answers the control API', async () => {
    const app = createMockApp();
    addFault(app.mock.replies, { pathPrefix: '/', status: 500, count: 5 });
    expect((await app.request('/__mock/fixtures')).status).toBe(200);
    expect(app.mock.replies.list()[0]?.remaining).toBe(5);
  });

  it('sends a canned body with its status and headers, and no body for 204', async () => {
    const app = createMockApp();
    await add(app, { match: { path: '/v3/chat' }, reply: { status: 202, body: { queued: true }, headers: { 'x-stub': '1' } } });
    await add(app, { match: { path: '/v1/files' }, reply: { status: 204, body: { ignored: true } } });
    const chat = await app.request('/v3/chat', { method: 'POST' });
    expect([chat.status, chat.headers.get('x-stub'), await chat.json()]).toEqual([202, '1', { queued: true }]);
    const files = await app.request('/v1/files');
    expect([files.status, await files.text()]).toEqual([204, '']);
  });

  it('answers a requireToken rule with 4100 to a caller without a token, and keeps the rule', async () => {
    const app = createMockApp();
    await add(app, { match: { path: '/v3/chat' }, reply: { status: 200, body: {} }, requireToken: true });
    const refused = await app.request('/v3/chat', { method: 'POST' });
    expect([refused.status, ((await refused.json()) as { code: number }).code]).toEqual([401, 4100]);
    expect(app.mock.replies.list()[0]?.remaining).toBe(1);
  });
});
