/**
 * Generated-request sweeps of the OpenAPI resource endpoints and the control API (sweep-kit.ts: 500 requests each from a
 * fixed seed in `pnpm test`, 10 000 from a fresh one in `pnpm fuzz`). No 5xx, every error Coze-shaped; afterwards the mock still answers as before.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MockApp } from '../../src/app.js';
import { deviceCode, deviceTokens, expectApiData, apiGet, fixturesOf, jwtToken, newMock, tokenWorks, webTokens } from '../helpers.js';
import { body, headers, query, request, sweep, SWEEP_TEST_TIMEOUT_MS } from './sweep-kit.js';

describe('OpenAPI group', { timeout: SWEEP_TEST_TIMEOUT_MS }, () => {
  let app: MockApp;
  let tokens: string[];
  let workspaces: string[];
  beforeAll(async () => {
    app = newMock();
    const f = fixturesOf(app);
    workspaces = f.workspaces.map((w) => w.id);
    tokens = [f.pat, (await webTokens(app)).access_token, (await webTokens(app, workspaces[0])).access_token, (await jwtToken(app)).access_token, (await deviceTokens(app)).access_token, 'pat_unknown', 'czu_unknown'];
  });

  it('generated resource requests: no 5xx, {code, msg, detail} errors', async () => {
    const requests = request({
      method: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'DELETE', 'OPTIONS'),
      path: fc.constantFrom('/v1/users/me', '/v1/workspaces', '/v1/bots', '/v1/bots/', '/v1/nothing', '/v1/', '/v1/users/me/%00'),
      query: query(['page_num', 'page_size', 'workspace_id'], fc.constantFrom('1', '2', '50', '51', '100', '0', '-1', ...workspaces)),
      headers: headers(fc.constantFrom(...tokens)),
      body: body(['x'], fc.constant(1)),
    });
    const { statuses } = await sweep(() => app, requests);
    expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 401, 404]));
    for (const token of tokens.slice(0, 5)) expect(await tokenWorks(app, token)).toBe(true);
    await expectApiData(await apiGet(app, `/v1/bots?workspace_id=${workspaces[0]}`, tokens[0]));
  });
});

describe('control group', { timeout: SWEEP_TEST_TIMEOUT_MS }, () => {
  let app: MockApp;
  let userCodes: string[];
  beforeAll(async () => {
    app = newMock();
    userCodes = (await Promise.all(Array.from({ length: 5 }, () => deviceCode(app)))).map((g) => g.user_code);
  });

  it('generated control requests: no 5xx, Coze-shaped errors; afterwards a reset brings everything back', async () => {
    const paths = ['/__mock/fixtures', '/__mock/reset', '/__mock/clock', '/__mock/device/approve', '/__mock/device/deny', '/__mock/journal', '/__mock/faults', '/__mock/deviations', '/__mock/introspect', '/__mock/nothing'];
    const right = fc.constantFrom<unknown>(true, 1, 60, -60, 429, 500, 503, '/v1/', '/api/', 'POST', ['no-slow-down'], ['nope'], '2026-01-01T00:00:00Z', 'czu_x', ...userCodes);
    const requests = request({
      method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE'),
      path: fc.constantFrom(...paths),
      query: query(['path', 'since'], fc.constantFrom('/v1/users/me', '0', '1', '-1', 'x')),
      headers: fc.oneof(headers(fc.constant('')), fc.constant({})),
      body: body(['advanceSeconds', 'set', 'reset', 'user_code', 'pathPrefix', 'method', 'status', 'count', 'delayMs', 'enable', 'token'], right),
    });
    const { statuses } = await sweep(() => app, requests);
    expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 404]));
    expect((await app.request('/__mock/reset', { method: 'POST' })).status).toBe(200);
    expect(await tokenWorks(app, fixturesOf(app).pat)).toBe(true);
    await webTokens(app);
    await deviceTokens(app);
    await jwtToken(app);
  });
});
