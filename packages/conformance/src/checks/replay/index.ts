import { ENDPOINTS } from '../../endpoints.js';
import { assert, expectReply } from '../assert.js';
import { defineChecks, type Check, type CheckContext } from '../check.js';
import { raw, targetUserId } from '../flows.js';
import { chatReplays } from './chat-replays.js';
import { audFor, jwtBodyFor, scopeOf, SDK_PROFILES, type SdkProfile } from './profiles.js';
import { expectOAuthErrorBody, expectTokenBody, exchangeJwtRaw, deviceCodeRaw, playPollingLoop, pollDeviceRaw } from './wire.js';

/** Signs and posts an SDK's JWT request for the `jwt` or `channel` app. */
function sdkJwtExchange(ctx: CheckContext, profile: SdkProfile, app: 'jwt' | 'channel', scope?: unknown, path?: string) {
  const creds = ctx.cred(app);
  const ttl = profile.defaultTtl;
  const style = {
    aud: audFor(profile, ctx.baseURL),
    lifetimeSeconds: profile.jwtLifetime === 'ttl' ? ttl : 3600,
    jtiHexLength: profile.jtiHexLength,
  };
  return exchangeJwtRaw(ctx, creds, style, jwtBodyFor(profile, creds.appId, ttl, scope), path);
}

/** The replay checks of one SDK, from its row of the profile table. */
function replaysOf(profile: SdkProfile): Omit<Check, 'group'>[] {
  const p = profile.id;
  return [
    {
      id: `replay.${p}-jwt-token`,
      title: `${profile.name} JWT exchange (aud ${profile.aud}, jti ${profile.jtiHexLength} hex, its body) → czs_ token with absolute expires_in`,
      source: profile.sources.jwt,
      covers: ['jwt.aud-forms', 'jwt.claims', 'token.jwt-grant', 'hosts.unknown-and-null-fields', 'replay.other-sdks'],
      needs: ['jwt'],
      async run(ctx) {
        const token = expectTokenBody(await sdkJwtExchange(ctx, profile, 'jwt'), 'czs_');
        expectReply(await raw(ctx, 'GET', '/v1/users/me', { headers: { authorization: `Bearer ${token}` } }), 200);
      },
    },
    {
      id: `replay.${p}-bot-chat-scope-plain-app`,
      title: `${profile.name}'s bot-chat scope on a plain JWT app is ignored: the token keeps every granted permission`,
      source: `${profile.sources.scope}; oauth_jwt_channel (Body: scope only takes effect for channel apps)`,
      covers: ['jwt.scope-channel-only', 'replay.other-sdks'],
      needs: ['jwt'],
      async run(ctx) {
        // Any bot id: a plain app's scope is not looked at.
        const token = expectTokenBody(await sdkJwtExchange(ctx, profile, 'jwt', scopeOf('bot-chat', ['7380000000000000001'])), 'czs_');
        expectReply(await raw(ctx, 'GET', '/v1/workspaces', { headers: { authorization: `Bearer ${token}` } }), 200);
      },
    },
    {
      id: `replay.${p}-bot-chat-scope-channel-app`,
      title: `${profile.name}'s bot-chat scope on a channel app narrows the token to Connector.botChat`,
      source: `${profile.sources.scope}; oauth_jwt_channel (Scope object)`,
      covers: ['jwt.scope-channel-only', 'channel.scope', 'replay.other-sdks'],
      needs: ['channel'],
      async run(ctx) {
        const token = expectTokenBody(await sdkJwtExchange(ctx, profile, 'channel', scopeOf('bot-chat', ctx.cred('channel').botIds)), 'czs_');
        const reply = await raw(ctx, 'GET', '/v1/workspaces', { headers: { authorization: `Bearer ${token}` } });
        expectReply(reply, 403);
        assert.equal(reply.body?.code, 4101, 'a token narrowed to Connector.botChat may not list workspaces');
      },
    },
    {
      id: `replay.${p}-device-polling`,
      title: `${profile.name}'s polling loop (5 s, +5 s per slow_down, capped at ${profile.pollCapSeconds} s) gets past slow_down once it polls on time`,
      source: profile.sources.device,
      covers: ['device.slow-down-cap', 'device.polling-errors', 'replay.other-sdks'],
      needs: ['device', 'clock'],
      async run(ctx) {
        const { lateErrors, interval } = await playPollingLoop(ctx, { cap: profile.pollCapSeconds, earlyPolls: 7, latePolls: 2 });
        assert.equal(interval, profile.pollCapSeconds, 'the SDK\'s interval has reached its cap');
        assert.deepEqual(lateErrors, ['authorization_pending', 'authorization_pending'], `polling every ${interval} s must not get slow_down forever`);
      },
    },
    {
      id: `replay.${p}-error-fields`,
      title: `${profile.name} reads polling errors from a 4xx with error_code (and error_message)`,
      source: profile.sources.errors,
      covers: ['errors.both-shapes-4xx', 'device.polling-errors', 'replay.other-sdks'],
      needs: ['device'],
      async run(ctx) {
        const code = await deviceCodeRaw(ctx);
        expectOAuthErrorBody(await pollDeviceRaw(ctx, code.device_code), 400, 'authorization_pending');
      },
    },
  ];
}

/** Checks only one SDK needs. */
const singleSdkReplays: Omit<Check, 'group'>[] = [
  {
    id: 'replay.go-null-account-permission',
    title: 'coze-go\'s scope with account_permission: null (no omitempty) beside a bot constraint is accepted by a channel app',
    source: 'coze-go auth.go (Scope.AccountPermission has no omitempty)',
    covers: ['jwt.scope-null-members', 'replay.other-sdks'],
    needs: ['channel'],
    async run(ctx) {
      const go = SDK_PROFILES.find((s) => s.id === 'go') as SdkProfile;
      expectTokenBody(await sdkJwtExchange(ctx, go, 'channel', scopeOf('go-null-account-permission', ctx.cred('channel').botIds)), 'czs_');
    },
  },
  {
    id: 'replay.go-workspace-permission',
    title: 'coze-go\'s workspace_permission scope (account_permission: null) is accepted by a channel app and a plain JWT app',
    source: 'coze-go auth.go (ScopeWorkspacePermission: workspace_id_list, permission_list)',
    covers: ['jwt.scope-null-members', 'replay.other-sdks'],
    needs: ['jwt', 'channel', 'workspace'],
    async run(ctx) {
      const go = SDK_PROFILES.find((s) => s.id === 'go') as SdkProfile;
      const scope = scopeOf('go-workspace-permission', [], [ctx.cred('workspaceId') as string]);
      expectTokenBody(await sdkJwtExchange(ctx, go, 'channel', scope), 'czs_');
      expectTokenBody(await sdkJwtExchange(ctx, go, 'jwt', scope), 'czs_');
    },
  },
  {
    id: 'replay.go-account-path-int64',
    title: 'coze-go posts to /account/%d/token with the workspace owner\'s user id as an int64, also in the body',
    source: 'coze-go auth.go (getAccountTokenPath "/account/%d/token", AccountID *int64); oauth_jwt_collaborate',
    covers: ['jwt.account-path', 'replay.other-sdks'],
    needs: ['jwt', 'accountId'],
    async run(ctx) {
      const ownerId = targetUserId(ctx);
      assert.match(ownerId, /^\d+$/, 'a Coze user id is digits');
      assert.ok(BigInt(ownerId) <= 9_223_372_036_854_775_807n, `coze-go carries account_id as int64; ${ownerId} does not fit`);
      const go = SDK_PROFILES.find((s) => s.id === 'go') as SdkProfile;
      const jwt = ctx.cred('jwt');
      const body = `{"client_id":${JSON.stringify(jwt.appId)},"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer","duration_seconds":900,"account_id":${ownerId}}`;
      const style = { aud: audFor(go, ctx.baseURL), lifetimeSeconds: 900, jtiHexLength: 16 };
      expectTokenBody(await exchangeJwtRaw(ctx, jwt, style, body, ENDPOINTS.accountToken(ownerId)), 'czs_');
    },
  },
  {
    id: 'replay.go-authorize-without-state',
    title: 'coze-go leaves an empty state out of the authorize URL; consent still redirects with a code and no state',
    source: 'coze-go auth.go (getOAuthURL: state only when non-empty)',
    covers: ['authorize.query', 'disagree.state', 'replay.other-sdks'],
    needs: ['web', 'user'],
    async run(ctx) {
      const web = ctx.cred('web');
      const query = new URLSearchParams({ client_id: web.clientId, redirect_uri: web.redirectUri, response_type: 'code' });
      const outcome = await ctx.target.completeConsent(`${ctx.baseURL}${ENDPOINTS.authorize}?${query}`);
      assert.ok(outcome.code, `consent must redirect with a code: ${outcome.location}`);
      assert.equal(outcome.state, undefined, 'no state in, none out');
    },
  },
  {
    id: 'replay.py-authorize-empty-state',
    title: 'coze-py sends state= (empty) by default; consent redirects with a code and the empty state',
    source: 'coze-py cozepy/auth/__init__.py (OAuthApp._get_oauth_url: state default "")',
    covers: ['authorize.query', 'disagree.state', 'replay.other-sdks'],
    needs: ['web', 'user'],
    async run(ctx) {
      const web = ctx.cred('web');
      const query = new URLSearchParams({ response_type: 'code', client_id: web.clientId, redirect_uri: web.redirectUri, state: '' });
      const outcome = await ctx.target.completeConsent(`${ctx.baseURL}${ENDPOINTS.authorize}?${query}`);
      assert.ok(outcome.code, `consent must redirect with a code: ${outcome.location}`);
      assert.equal(outcome.state ?? '', '', 'the empty state comes back empty');
    },
  },
];

/** Raw-HTTP replays of coze-py, coze-go and coze-java, one table row per SDK plus the few facts only one SDK has, then their chat and workflow calls. */
export const replayChecks = defineChecks('replay', [...SDK_PROFILES.flatMap(replaysOf), ...singleSdkReplays, ...chatReplays]);
