import { assert, expectReply, expectSdkError } from './assert.js';
import { defineChecks, NotApplicable, type CheckContext } from './check.js';
import { raw } from './flows.js';
import { exchangeJwtRaw, expectOAuthErrorBody, expectTokenBody } from './replay/wire.js';

/** A JWT exchange for the `jwt` or `channel` app in the JS SDK's style, with `scope`. */
function exchangeWithScope(ctx: CheckContext, app: 'jwt' | 'channel', scope: unknown) {
  const creds = ctx.cred(app);
  return exchangeJwtRaw(ctx, creds, { aud: creds.aud, lifetimeSeconds: 3600, jtiHexLength: 64 }, { duration_seconds: 900, scope });
}

const botChat = (botIds: string[], permissions = ['Connector.botChat']) => ({
  account_permission: { permission_list: permissions },
  attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: botIds } },
});

/** The ids of the bots a token sees across the workspaces it lists (`/v1/workspaces`, then `/v1/bots` per workspace). */
async function visibleBotIds(ctx: CheckContext, token: string): Promise<string[]> {
  const headers = { authorization: `Bearer ${token}` };
  const list = await raw(ctx, 'GET', '/v1/workspaces', { headers });
  expectReply(list, 200);
  const workspaces = ((list.body?.data as { workspaces?: { id: string }[] })?.workspaces ?? []).map((w) => w.id);
  const ids: string[] = [];
  for (const id of workspaces) {
    const bots = await raw(ctx, 'GET', `/v1/bots?workspace_id=${id}`, { headers });
    expectReply(bots, 200);
    ids.push(...((bots.body?.data as { items?: { id: string }[] })?.items ?? []).map((b) => b.id));
  }
  return ids;
}

/** Channel apps (oauth_jwt_channel): the JWT `scope` narrows their tokens, and only theirs. */
export const channelChecks = defineChecks('channel', [
  {
    id: 'channel.plain-app-ignores-scope',
    title: 'a plain JWT app\'s scope (buildBotChat) is ignored: the token gets every granted permission',
    source: 'oauth_jwt_channel (Body, scope: only takes effect when a channel calls; no scope = every granted permission)',
    covers: ['jwt.scope-channel-only'],
    needs: ['jwt'],
    async run(ctx) {
      const token = await ctx.sdk.getJWTToken({
        baseURL: ctx.baseURL,
        appId: ctx.cred('jwt').appId,
        keyid: ctx.cred('jwt').keyId,
        aud: ctx.cred('jwt').aud,
        privateKey: ctx.cred('jwt').privateKey,
        scope: botChat(['7380000000000000001']) as Parameters<CheckContext['sdk']['getJWTToken']>[0]['scope'],
      });
      // Raw, not workspaces.list(): 1.0.4's list returns undefined whatever the server says.
      const reply = await raw(ctx, 'GET', '/v1/workspaces', { headers: { authorization: `Bearer ${token.access_token}` } });
      expectReply(reply, 200);
      assert.equal(reply.body?.code, 0, 'the token keeps listWorkspace');
    },
  },
  {
    id: 'channel.bot-chat-token',
    title: 'a channel app with buildBotChat([published bot]) gets a czs_ token limited to Connector.botChat (4101 elsewhere)',
    source: 'oauth_jwt_channel (Scope object example); coze-js examples auth-oauth-jwt-channel.ts',
    covers: ['channel.scope', 'openapi.auth-errors'],
    needs: ['channel'],
    async run(ctx) {
      const channel = ctx.cred('channel');
      const token = await ctx.sdk.getJWTToken({
        baseURL: ctx.baseURL,
        appId: channel.appId,
        keyid: channel.keyId,
        aud: channel.aud,
        privateKey: channel.privateKey,
        scope: botChat(channel.botIds.slice(0, 1)) as Parameters<CheckContext['sdk']['getJWTToken']>[0]['scope'],
      });
      const error = await expectSdkError(ctx, ctx.sdk.client(token.access_token, ctx.baseURL).workspaces.list(), 'PermissionDeniedError');
      assert.equal(error.code, 4101);
    },
  },
  {
    id: 'channel.unpublished-bot-refused',
    title: 'a channel scope naming a bot not published to the channel gets 400 invalid_request',
    source: 'oauth_jwt_channel (bot_id_list: the bots must be published to the channel)',
    covers: ['channel.bot-id-list'],
    needs: ['channel'],
    async run(ctx) {
      expectOAuthErrorBody(await exchangeWithScope(ctx, 'channel', botChat(['0000000000000000001'])), 400, 'invalid_request');
    },
  },
  {
    id: 'channel.bot-id-list-limits-bots',
    title: 'a channel token constrained to one bot sees only that bot in the bots list',
    source: 'oauth_jwt_channel (attribute_constraint.connector_bot_chat_attribute.bot_id_list)',
    covers: ['channel.bot-id-list'],
    needs: ['channel'],
    async run(ctx) {
      const [first, second] = ctx.cred('channel').botIds;
      if (!first || !second) throw new NotApplicable('needs two bots published to the channel (live: list both in COZE_CHANNEL_BOT_ID)');
      const scope = botChat([first], ['listWorkspace', 'listBot']);
      const seen = await visibleBotIds(ctx, expectTokenBody(await exchangeWithScope(ctx, 'channel', scope), 'czs_'));
      assert.deepEqual(seen, [first], `the token may reach only bot ${first}`);
      const unconstrained = { account_permission: { permission_list: ['listWorkspace', 'listBot'] } };
      const all = await visibleBotIds(ctx, expectTokenBody(await exchangeWithScope(ctx, 'channel', unconstrained), 'czs_'));
      assert.ok(all.includes(second), 'without a bot constraint every bot of the channel is visible');
    },
  },
  {
    id: 'channel.null-members',
    title: 'scope members may be null (coze-go account_permission, coze-py attribute_constraint) for plain and channel apps alike',
    source: 'coze-go auth.go (Scope: account_permission without omitempty); coze-py cozepy/auth/__init__.py (Scope)',
    covers: ['jwt.scope-null-members'],
    needs: ['jwt', 'channel'],
    async run(ctx) {
      const shapes = [
        { account_permission: null, attribute_constraint: null },
        { account_permission: { permission_list: ['Connector.botChat'] }, attribute_constraint: null },
        null,
      ];
      for (const app of ['jwt', 'channel'] as const) {
        for (const scope of shapes) expectTokenBody(await exchangeWithScope(ctx, app, scope), 'czs_');
      }
    },
  },
]);
