import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../app.js';

describe('faults', () => {
  it('answers a planned fault in the OAuth shape on OAuth paths and the envelope on OpenAPI paths', async () => {
    const app = createMockApp();
    app.mock.faults.add({ pathPrefix: '/api/permission/oauth2/token', status: 503 });
    app.mock.faults.add({ pathPrefix: '/v1/', status: 429 });
    const token = await app.request('/api/permission/oauth2/token', { method: 'POST' });
    expect(token.status).toBe(503);
    expect(await token.json()).toMatchObject({ error: 'temporarily_unavailable', error_code: 'temporarily_unavailable' });
    const api = await app.request('/v1/users/me');
    expect(api.status).toBe(429);
    expect(await api.json()).toMatchObject({ code: 4013 });
    // Used up: the real behaviour is back.
    expect((await app.request('/v1/users/me')).status).toBe(401);
  });

  it('never faults the control API', async () => {
    const app = createMockApp();
    app.mock.faults.add({ pathPrefix: '/', status: 500, count: 5 });
    expect((await app.request('/__mock/fixtures')).status).toBe(200);
    expect(app.mock.faults.list()[0]?.remaining).toBe(5);
  });
});
