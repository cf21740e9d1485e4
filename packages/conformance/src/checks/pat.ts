import { assert, expectNonEmptyString, expectReply, expectSdkError } from './assert.js';
import { defineChecks, NotApplicable } from './check.js';
import { expectRequestTo, journalMark, raw } from './flows.js';

/** Personal access tokens and the resource endpoints that prove a token (docs/contract.md#openapi.token-proof-calls). */
export const patChecks = defineChecks('pat', [
  {
    id: 'pat.users-me',
    title: 'a PAT works on users.me and names its user',
    source: '@coze/api Users.me (1.3.5+); contract row openapi.token-proof-calls',
    covers: ['openapi.token-proof-calls', 'sdk.node-environment', 'token.formats'],
    needs: ['pat'],
    async run(ctx) {
      if (!ctx.sdk.has.usersMe) throw new NotApplicable(`@coze/api ${ctx.sdk.version} has no users.me (added in 1.3.5)`);
      const pat = ctx.cred('pat');
      assert.ok(pat.startsWith('pat_'), 'personal access tokens start with pat_');
      const me = await ctx.sdk.client(pat, ctx.baseURL).users.me();
      for (const field of ['user_id', 'user_name', 'nick_name', 'avatar_url'] as const) {
        assert.equal(typeof me?.[field], 'string', `users.me().${field} must be a string: ${JSON.stringify(me)}`);
      }
      if (ctx.target.credentials.userId) assert.equal(me.user_id, ctx.target.credentials.userId);
    },
  },
  {
    id: 'pat.workspaces-list',
    title: 'a PAT lists workspaces with total_count',
    source: 'list_workspace',
    covers: ['openapi.token-proof-calls'],
    needs: ['pat'],
    async run(ctx) {
      const list = await ctx.sdk.client(ctx.cred('pat'), ctx.baseURL).workspaces.list();
      assert.ok(Array.isArray(list?.workspaces) && list.workspaces.length > 0, `workspaces.list() must list workspaces: ${JSON.stringify(list)}`);
      assert.equal(typeof list.total_count, 'number', 'total_count must be a number');
      for (const workspace of list.workspaces) {
        expectNonEmptyString(workspace.id, 'workspace id');
        for (const field of ['name', 'icon_url', 'role_type', 'workspace_type'] as const) {
          assert.equal(typeof workspace[field], 'string', `workspace.${field} must be a string`);
        }
      }
    },
  },
  {
    id: 'pat.unknown-token',
    title: 'an unknown PAT gets AuthenticationError with code 4100',
    source: 'contract row openapi.auth-errors (seen on Coze); @coze/api APIError.generate',
    covers: ['openapi.auth-errors'],
    needs: ['pat'],
    async run(ctx) {
      const client = ctx.sdk.client(`pat_${'0'.repeat(40)}unknown`, ctx.baseURL);
      const error = await expectSdkError(ctx, client.workspaces.list(), 'AuthenticationError');
      assert.equal(error.code, 4100, `code must be 4100 (authentication is invalid), got ${error.code}`);
    },
  },
  {
    id: 'pat.user-agent',
    title: 'the SDK announces itself as coze-js/<version>',
    source: '@coze/api core (User-Agent, X-Coze-Client-User-Agent)',
    covers: ['sdk.user-agent'],
    needs: ['pat', 'control'],
    async run(ctx) {
      const mark = await journalMark(ctx);
      await ctx.sdk.client(ctx.cred('pat'), ctx.baseURL).workspaces.list();
      await expectRequestTo(ctx, '/v1/workspaces', mark);
      const [entry] = await ctx.target.journal({ path: '/v1/workspaces', sinceSeq: mark });
      assert.match(entry?.userAgent ?? '', /^coze-js\/\d+\.\d+\.\d+/, 'User-Agent must start with coze-js/<version>');
    },
  },
  {
    id: 'pat.openapi-envelope',
    title: 'resource replies use the {code:0,msg,data,detail.logid} envelope as JSON, with X-Tt-Logid',
    source: 'list_workspace (response example)',
    covers: ['openapi.envelope', 'token.logid-header'],
    needs: ['pat'],
    async run(ctx) {
      const reply = await raw(ctx, 'GET', '/v1/workspaces', { headers: { authorization: `Bearer ${ctx.cred('pat')}` } });
      expectReply(reply, 200, { logid: true });
      assert.equal(reply.body?.code, 0, 'code must be 0');
      assert.equal(typeof reply.body?.msg, 'string', 'msg must be a string');
      assert.equal(typeof reply.body?.data, 'object', 'data must be an object');
      expectNonEmptyString((reply.body?.detail as { logid?: unknown } | undefined)?.logid, 'detail.logid');
    },
  },
  {
    id: 'pat.openapi-error-envelope',
    title: 'a bad token gets HTTP 401 {code:4100, msg} as JSON',
    source: 'contract row openapi.auth-errors (seen on Coze)',
    covers: ['openapi.auth-errors', 'openapi.envelope'],
    needs: ['pat'],
    async run(ctx) {
      const reply = await raw(ctx, 'GET', '/v1/workspaces', { headers: { authorization: 'Bearer czu_not-a-token' } });
      expectReply(reply, 401);
      assert.equal(reply.body?.code, 4100);
      expectNonEmptyString(reply.body?.msg, 'msg');
    },
  },
  {
    id: 'pat.no-revoke-endpoint',
    title: 'there is no revoke endpoint (revocation happens in the console)',
    source: 'oauth_code (no revoke API); contract row hosts.no-revoke',
    covers: ['hosts.no-revoke'],
    needs: ['pat'],
    async run(ctx) {
      const reply = await raw(ctx, 'POST', '/api/permission/oauth2/revoke', { json: { token: 'czu_x' } });
      assert.ok(reply.status >= 400 && reply.status < 500, `POST /api/permission/oauth2/revoke must not exist, got HTTP ${reply.status}`);
    },
  },
]);
