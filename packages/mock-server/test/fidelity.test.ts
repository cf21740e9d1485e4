/**
 * Issue 11 (contract fidelity): published_bots_list, workspace filters and fields, the 30 s slow_down cap, channel
 * tokens limited to their bots, and Coze's other endpoints checking the token before answering 404.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { parseConfig } from '../src/config/schema.js';
import { apiGet, deviceCode, expectApiData, expectApiError, expectOAuthError, fixturesOf, jwtToken, newMock, pollDevice, postJson } from './helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

describe('GET /v1/space/published_bots_list (coze-openapi.yaml)', () => {
  it('lists the published bots of a space as {space_bots, total}', async () => {
    const f = fixturesOf(app);
    const data = await expectApiData<{ space_bots: Record<string, unknown>[]; total: number }>(
      await apiGet(app, `/v1/space/published_bots_list?space_id=${f.workspaces[0]?.id}`, f.pat),
    );
    // The personal space's published fixture bots; the Draft bot is not published.
    expect(data.space_bots.map((bot) => bot.bot_name)).toEqual(['Echo bot', 'Tool bot', 'Script bot']);
    expect(data.total).toBe(3);
    expect(data.space_bots[0]).toEqual({ bot_id: expect.stringMatching(/^\d{19}$/), bot_name: 'Echo bot', description: expect.any(String), icon_url: '', publish_time: '1767225600' });
  });

  it('answers 4000 without space_id and 4200 for an unknown space', async () => {
    const { pat } = fixturesOf(app);
    await expectApiError(await apiGet(app, '/v1/space/published_bots_list', pat), 400, 4000);
    await expectApiError(await apiGet(app, '/v1/space/published_bots_list?space_id=1', pat), 404, 4200);
  });

  it('shows a channel token only the bots of its bot_id_list', async () => {
    const f = fixturesOf(app);
    const [first] = f.apps.channel.botIdList;
    const scope = { account_permission: { permission_list: ['listBot'] }, attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [first] } } };
    const { access_token } = await jwtToken(app, { scope }, undefined, 'channel');
    const counts = [];
    for (const workspace of f.workspaces) {
      const data = await expectApiData<{ total: number }>(await apiGet(app, `/v1/space/published_bots_list?space_id=${workspace.id}`, access_token));
      counts.push(data.total);
    }
    expect(counts).toEqual([1, 0]);
  });
});

describe('GET /v1/workspaces filters and fields (list_workspace)', () => {
  const list = async (query = '') =>
    (await expectApiData<{ workspaces: { name: string; owner_uid: string; admin_uids: string[]; description: string }[] }>(await apiGet(app, `/v1/workspaces${query}`, fixturesOf(app).pat))).workspaces;

  it('carries owner_uid, admin_uids and description', async () => {
    const f = fixturesOf(app);
    const [personal, team] = await list();
    expect(personal).toMatchObject({ owner_uid: f.user.user_id, admin_uids: [], description: expect.any(String) });
    expect(team?.admin_uids).toEqual([f.user.user_id]);
    expect(team?.owner_uid).not.toBe(f.user.user_id);
  });

  it('enterprise_id keeps that enterprise’s workspaces, without the personal space', async () => {
    expect((await list(`?enterprise_id=${fixturesOf(app).enterpriseId}`)).map((w) => w.name)).toEqual(['Team Space']);
    expect(await list('?enterprise_id=volcano_0')).toEqual([]);
  });

  it('user_id + coze_account_id go together', async () => {
    const f = fixturesOf(app);
    expect((await list(`?user_id=${f.user.user_id}&coze_account_id=${f.accountId}`)).map((w) => w.name)).toEqual(['Team Space']);
    expect(await list(`?user_id=${f.user.user_id}&coze_account_id=${f.user.user_id}`)).toEqual([]);
    expect(await list(`?user_id=1&coze_account_id=${f.accountId}`)).toEqual([]);
    await expectApiError(await apiGet(app, `/v1/workspaces?coze_account_id=${f.accountId}`, f.pat), 400, 4000);
  });
});

describe('slow_down (RFC 8628 §3.5, capped at the SDKs’ 30 s)', () => {
  it('grows the interval by 5 s per slow_down, never past 30 s', async () => {
    const dc = await deviceCode(app);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'authorization_pending');
    const demanded: string[] = [];
    for (let i = 0; i < 8; i++) {
      app.mock.clock.advance(1);
      const body = (await (await pollDevice(app, dc.device_code)).json()) as { error_message: string };
      demanded.push(/(\d+) seconds/.exec(body.error_message)?.[1] ?? '?');
    }
    expect(demanded).toEqual(['10', '15', '20', '25', '30', '30', '30', '30']);
    app.mock.clock.advance(30);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'authorization_pending');
  });

  it('keeps a configured interval above 30 s as it is', async () => {
    app = newMock({ lifetimes: { deviceIntervalSeconds: 40 } });
    const dc = await deviceCode(app);
    await pollDevice(app, dc.device_code);
    app.mock.clock.advance(1);
    await expectOAuthError(await pollDevice(app, dc.device_code), 400, 'slow_down', /wait at least 40 seconds/);
  });
});

describe('Coze endpoints the mock does not implement (coze-openapi.yaml)', () => {
  it('checks the token first: missing, fake or expired → 401 code 4100', async () => {
    for (const token of [undefined, 'czs_fake']) await expectApiError(await postJson(app, '/v1/audio/speech', {}, token ? { authorization: `Bearer ${token}` } : {}), 401, 4100);
    await expectApiError(await apiGet(app, '/v1/bots/42/versions'), 401, 4100);
  });

  it('then answers 404 code 4200 in the OpenAPI envelope, naming the control API', async () => {
    const { pat } = fixturesOf(app);
    for (const [method, path] of [['POST', '/v1/audio/speech'], ['GET', '/v1/bots/42/versions'], ['PUT', '/v1/conversations/1'], ['POST', '/open_api/knowledge/document/list']]) {
      const res = await app.request(path as string, { method, headers: { authorization: `Bearer ${pat}`, 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) });
      const body = await expectApiError(res, 404, 4200);
      expect(body.msg).toContain(`does not implement ${method} ${path}`);
      expect(body.msg).toContain('/__mock/replies');
    }
  });

  it('answers other unknown paths with the plain 404: the envelope under /vN/, the OAuth shape elsewhere', async () => {
    const api = await app.request('/v9/nothing', { headers: { authorization: `Bearer ${fixturesOf(app).pat}` } });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ code: 4200, msg: 'GET /v9/nothing not found' });
    const other = await app.request('/nothing', { headers: { authorization: `Bearer ${fixturesOf(app).pat}` } });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error_code: 'invalid_request' });
  });
});

describe('channel apps in the config file', () => {
  it('accept botIdList; other app types refuse it', () => {
    expect(parseConfig({ apps: [{ type: 'channel', name: 'Shop', botIdList: ['7'] }] }).apps?.[0]?.botIdList).toEqual(['7']);
    expect(() => parseConfig({ apps: [{ type: 'jwt', name: 'S', botIdList: ['7'] }] })).toThrow(/botIdList belongs to channel apps only/);
  });

  it('a config channel app narrows its tokens to its own bots', async () => {
    const { publicKey, privateKey, keyId } = fixturesOf(newMock()).apps.channel;
    app = newMock({ config: { apps: [{ type: 'channel', name: 'Shop', clientId: '777', publicKeys: [{ publicKey, keyId: `${keyId}-shop` }], botIdList: ['7'] }] } });
    const { signJwt, jwtExchange, expectTokens } = await import('./helpers.js');
    const jwt = () => signJwt(app, { app: 'channel', privateKey, header: { kid: `${keyId}-shop` }, claims: { iss: '777' } });
    const scope = (id: string) => ({ account_permission: null, attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [id] } } });
    await expectTokens(await jwtExchange(app, await jwt(), { scope: scope('7') }));
    await expectOAuthError(await jwtExchange(app, await jwt(), { scope: scope('8') }), 400, 'invalid_request', /bot 8/);
  });
});
