import { assert, expectNonEmptyString, expectReply } from './assert.js';
import { defineChecks, type CheckContext } from './check.js';
import { raw, targetUserId } from './flows.js';

const withPat = (ctx: CheckContext) => ({ headers: { authorization: `Bearer ${ctx.cred('pat')}` } });

interface ListedWorkspace {
  id: string;
  workspace_type: string;
  enterprise_id: string;
  owner_uid?: unknown;
  admin_uids?: unknown;
  description?: unknown;
}

async function listWorkspaces(ctx: CheckContext, query = ''): Promise<ListedWorkspace[]> {
  const reply = await raw(ctx, 'GET', `/v1/workspaces${query}`, withPat(ctx));
  expectReply(reply, 200);
  return (reply.body?.data as { workspaces: ListedWorkspace[] }).workspaces;
}

/** Coze OpenAPI resource endpoints beyond the token-proof calls (list_workspace, coze-openapi.yaml). */
export const openApiChecks = defineChecks('openapi', [
  {
    id: 'openapi.published-bots-list',
    title: 'GET /v1/space/published_bots_list?space_id= answers {space_bots:[{bot_id, bot_name, …, publish_time}], total}',
    source: 'coze-openapi.yaml GetSpacePublishedBotsList; coze-py cozepy/bots/__init__.py (use_api_version=1); coze-go bots.go',
    covers: ['openapi.published-bots-list'],
    needs: ['pat'],
    async run(ctx) {
      const [workspace] = await listWorkspaces(ctx);
      assert.ok(workspace, 'the PAT lists at least one workspace');
      const reply = await raw(ctx, 'GET', `/v1/space/published_bots_list?space_id=${workspace.id}&page_size=20&page_index=1`, withPat(ctx));
      expectReply(reply, 200);
      assert.equal(reply.body?.code, 0);
      const data = reply.body?.data as { space_bots?: Record<string, unknown>[]; total?: unknown };
      assert.ok(Array.isArray(data?.space_bots), `data.space_bots must be a list: ${reply.text.slice(0, 200)}`);
      assert.equal(typeof data.total, 'number', 'data.total must be a number');
      for (const bot of data.space_bots) {
        for (const field of ['bot_id', 'bot_name', 'description', 'icon_url', 'publish_time']) assert.equal(typeof bot[field], 'string', `space_bots[].${field} must be a string`);
      }
    },
  },
  {
    id: 'openapi.sdk-bots-list',
    title: 'coze-js bots.list({space_id}) (the older, deprecated bots call) gets the published bots',
    source: '@coze/api Bots.list (GET /v1/space/published_bots_list, deprecated for listNew)',
    covers: ['openapi.published-bots-list'],
    needs: ['pat'],
    async run(ctx) {
      const [workspace] = await listWorkspaces(ctx);
      assert.ok(workspace, 'the PAT lists at least one workspace');
      const data = await ctx.sdk.client(ctx.cred('pat'), ctx.baseURL).bots.list({ space_id: workspace.id });
      assert.ok(Array.isArray(data?.space_bots), `bots.list() must give {space_bots: [...]}, got ${JSON.stringify(data)}`);
      assert.equal(typeof data.total, 'number', 'total must be a number');
    },
  },
  {
    id: 'openapi.workspace-fields',
    title: 'each workspace carries owner_uid, admin_uids and description',
    source: 'list_workspace (OpenSpace: owner_uid, admin_uids, description)',
    covers: ['openapi.workspace-fields'],
    needs: ['pat'],
    async run(ctx) {
      for (const workspace of await listWorkspaces(ctx)) {
        expectNonEmptyString(workspace.owner_uid, `workspace ${workspace.id} owner_uid`);
        assert.ok(Array.isArray(workspace.admin_uids), `workspace ${workspace.id} admin_uids must be a list`);
        assert.equal(typeof workspace.description, 'string', `workspace ${workspace.id} description must be a string`);
      }
    },
  },
  {
    id: 'openapi.workspaces-enterprise-filter',
    title: 'enterprise_id lists only that enterprise\'s workspaces and leaves out the personal space',
    source: 'list_workspace (Query: enterprise_id; scenario table "不含个人空间")',
    covers: ['openapi.workspace-filters'],
    needs: ['pat', 'enterpriseId'],
    async run(ctx) {
      const enterpriseId = ctx.cred('enterpriseId');
      const all = await listWorkspaces(ctx);
      assert.ok(all.some((w) => w.workspace_type === 'personal'), 'without filters the personal space is listed');
      const filtered = await listWorkspaces(ctx, `?enterprise_id=${encodeURIComponent(enterpriseId)}`);
      assert.ok(filtered.length > 0, 'the enterprise has workspaces');
      for (const w of filtered) {
        assert.notEqual(w.workspace_type, 'personal', 'the personal space is left out');
        assert.equal(w.enterprise_id, enterpriseId, `workspace ${w.id} belongs to another enterprise`);
      }
    },
  },
  {
    id: 'openapi.workspaces-user-filter',
    title: 'user_id + coze_account_id list that user\'s workspaces in that organisation (no personal space); one alone is 400',
    source: 'list_workspace (Query: user_id, coze_account_id: only together)',
    covers: ['openapi.workspace-filters'],
    needs: ['pat', 'accountId'],
    async run(ctx) {
      const userId = targetUserId(ctx);
      const filtered = await listWorkspaces(ctx, `?user_id=${userId}&coze_account_id=${ctx.cred('accountId')}`);
      for (const w of filtered) assert.notEqual(w.workspace_type, 'personal', 'the personal space is left out');
      const lone = await raw(ctx, 'GET', `/v1/workspaces?user_id=${userId}`, withPat(ctx));
      expectReply(lone, 400);
      assert.equal(lone.body?.code, 4000);
    },
  },
  {
    id: 'openapi.unimplemented-needs-token',
    title: 'POST /v1/audio/speech (not implemented by the mock) checks the token first: missing or fake → 401 code 4100',
    source: 'coze-openapi.yaml (path /v1/audio/speech); contract row openapi.auth-errors (4100)',
    covers: ['openapi.unimplemented-endpoints', 'openapi.auth-errors'],
    needs: ['pat'],
    async run(ctx) {
      const speech = { input: 'hello', voice_id: '1' };
      for (const headers of [{}, { authorization: 'Bearer czs_not-a-token' }] as Record<string, string>[]) {
        const reply = await raw(ctx, 'POST', '/v1/audio/speech', { json: speech, headers });
        expectReply(reply, 401);
        assert.equal(reply.body?.code, 4100, `expected code 4100, got ${reply.text.slice(0, 200)}`);
      }
    },
  },
  {
    id: 'openapi.unimplemented-envelope',
    title: 'with a valid token, an endpoint the mock lacks answers 404 {code, msg, detail.logid} naming the control API',
    source: 'coze-openapi.yaml (paths: /v1/audio/speech, /v1/bots/{bot_id}/versions, /open_api/knowledge/document/list); contract row openapi.envelope',
    covers: ['openapi.unimplemented-endpoints', 'openapi.envelope'],
    needs: ['pat', 'control'],
    async run(ctx) {
      for (const [method, path] of [['POST', '/v1/audio/speech'], ['GET', '/v1/bots/7380000000000000001/versions'], ['POST', '/open_api/knowledge/document/list']] as const) {
        const reply = await raw(ctx, method, path, { ...withPat(ctx), ...(method === 'POST' ? { json: {} } : {}) });
        expectReply(reply, 404);
        assert.equal(reply.body?.code, 4200, `${method} ${path}: code must be 4200`);
        expectNonEmptyString((reply.body?.detail as { logid?: unknown } | undefined)?.logid, 'detail.logid');
        assert.match(String(reply.body?.msg), /\/__mock\/replies/, 'the message says how to script a reply');
      }
    },
  },
]);
