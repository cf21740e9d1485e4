import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app.js';
import { COZE_OPENAPI_OPERATIONS } from './coze-openapi-paths.js';
import { isCozeOpenApiPath } from './unimplemented.js';

describe('isCozeOpenApiPath', () => {
  it('matches every path of coze-openapi.yaml, a `{param}` standing for one non-empty segment', () => {
    for (const [, path] of COZE_OPENAPI_OPERATIONS) expect(isCozeOpenApiPath(path.replace(/\{[A-Za-z0-9_]+\}/g, '7a_b'))).toBe(true);
    expect(isCozeOpenApiPath('/v1/bots/42')).toBe(true);
  });

  it('matches nothing else: no prefix, no extension, no empty or extra segment, no regex metacharacter', () => {
    for (const path of ['/v1/bots/', '/v1/bots/42/x/y/z', '/v1/bots//collaboration_mode', '/v1', '/v9/nothing', '/v3/chat/', '/v3/chatx', 'x/v3/chat', '/v3/cha.']) {
      expect(isCozeOpenApiPath(path), path).toBe(false);
    }
  });
});

describe('the unimplemented endpoints in the app', () => {
  it('answer each operation of the yaml with 4100 without a token (the implemented ones answer themselves)', async () => {
    const app = createMockApp();
    for (const [method, path] of COZE_OPENAPI_OPERATIONS) {
      const res = await app.request(path.replace(/\{[A-Za-z0-9_]+\}/g, '1'), { method });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(((await res.json()) as { code: number }).code, `${method} ${path}`).toBe(4100);
    }
  });

  it('pass other paths on to the routes after them: the landing page and the plain 404', async () => {
    const app = createMockApp();
    expect((await app.request('/')).status).toBe(200);
    const res = await app.request('/v1/bots/42/nothing/here');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 4200, msg: 'GET /v1/bots/42/nothing/here not found' });
  });
});
