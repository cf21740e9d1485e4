import { assert, expectSdkError, expectTokenReply } from './assert.js';
import { defineChecks, type CheckContext } from './check.js';
import { expectRequestTo, journalMark, proveToken } from './flows.js';
import { ENDPOINTS } from '../endpoints.js';

/**
 * The JWT config of the target's service app, in the SDK's ≥ 1.0.14 shape.
 *
 * @example
 * await ctx.sdk.getJWTToken({ ...jwtConfig(ctx), durationSeconds: 600 });
 */
export function jwtConfig(ctx: CheckContext) {
  const jwt = ctx.cred('jwt');
  return { baseURL: ctx.baseURL, appId: jwt.appId, keyid: jwt.keyId, aud: jwt.aud, privateKey: jwt.privateKey };
}

/**
 * The time limit of checks whose JWT exchange fails: @coze/api 1.0.14–1.0.19 never settle that promise (the rejection
 * is unhandled), so under `pnpm contract`'s hang guard these checks end as a timeout instead of hanging the run.
 */
export const JWT_FAILURE_TIMEOUT_MS = 3000;

/** Service apps: the JWT flow happy paths (oauth_jwt). */
export const jwtChecks = defineChecks('jwt', [
  {
    id: 'jwt.token',
    title: 'getJWTToken → czs_ token, no refresh token, expires_in ≈ now + 900 → users.me',
    source: 'oauth_jwt (get OAuth access token via JWT)',
    covers: ['token.jwt-grant', 'token.expires-in-absolute', 'token.formats', 'jwt.header', 'jwt.claims', 'token.reply-shape'],
    needs: ['jwt'],
    async run(ctx) {
      const token = await ctx.sdk.getJWTToken(jwtConfig(ctx));
      await expectTokenReply(ctx, token, { prefix: 'czs_', refresh: false, lifetimeSeconds: 900 });
      await proveToken(ctx, token.access_token);
    },
  },
  {
    id: 'jwt.duration',
    title: 'durationSeconds sets the token lifetime, though the SDK signs exp = iat + 3600',
    source: 'oauth_jwt (duration_seconds); @coze/api getJWTToken (exp + 3600)',
    covers: ['token.jwt-grant', 'token.lifetimes', 'jwt.sdk-exp-one-hour'],
    needs: ['jwt'],
    async run(ctx) {
      const token = await ctx.sdk.getJWTToken({ ...jwtConfig(ctx), durationSeconds: 600 });
      await expectTokenReply(ctx, token, { prefix: 'czs_', refresh: false, lifetimeSeconds: 600 });
    },
  },
  {
    id: 'jwt.duration-max',
    title: 'duration_seconds 86399 is the maximum; 86400 gets BadRequestError invalid_request',
    source: 'oauth_jwt (duration_seconds at most 86399)',
    covers: ['token.jwt-grant', 'errors.documented-values'],
    needs: ['jwt'],
    timeoutMs: JWT_FAILURE_TIMEOUT_MS,
    async run(ctx) {
      const longest = await ctx.sdk.getJWTToken({ ...jwtConfig(ctx), durationSeconds: 86_399 });
      await expectTokenReply(ctx, longest, { prefix: 'czs_', refresh: false, lifetimeSeconds: 86_399 });
      await expectSdkError(ctx, ctx.sdk.getJWTToken({ ...jwtConfig(ctx), durationSeconds: 86_400 }), 'BadRequestError', 'invalid_request');
    },
  },
  {
    id: 'jwt.session-name',
    title: 'a JWT with session_name gets a token (recorded on the token where the target can tell)',
    source: 'oauth_jwt (session_name claim)',
    covers: ['jwt.claims'],
    needs: ['jwt'],
    async run(ctx) {
      const token = await ctx.sdk.getJWTToken({ ...jwtConfig(ctx), sessionName: 'conformance_user_42' });
      await expectTokenReply(ctx, token, { prefix: 'czs_', refresh: false, lifetimeSeconds: 900 });
      if (ctx.can('control')) {
        const info = await ctx.target.introspect(token.access_token);
        assert.equal(info.sessionName, 'conformance_user_42', 'the token must carry the session_name');
      }
    },
  },
  {
    id: 'jwt.account-path',
    title: 'accountId → POST /api/permission/oauth2/account/{account_id}/token → a working token',
    source: 'oauth_jwt (account-level path); @coze/api ≥ 1.0.21',
    covers: ['hosts.endpoint-paths', 'token.jwt-grant', 'sdk.version-differences'],
    needs: ['jwt', 'accountId'],
    async run(ctx) {
      const accountId = ctx.cred('accountId');
      const mark = ctx.can('control') ? await journalMark(ctx) : 0;
      const token = await ctx.sdk.getJWTToken({ ...jwtConfig(ctx), accountId });
      await expectTokenReply(ctx, token, { prefix: 'czs_', refresh: false, lifetimeSeconds: 900 });
      if (ctx.can('control')) {
        await expectRequestTo(ctx, ENDPOINTS.accountToken(accountId), mark);
        assert.equal((await ctx.target.introspect(token.access_token)).accountId, accountId, 'the token must belong to the account');
      }
      await proveToken(ctx, token.access_token);
    },
  },
  {
    id: 'jwt.account-unknown',
    title: 'an unknown account id on the account path gets a 4xx error',
    source: 'oauth_jwt_collaborate (account_id path parameter)',
    covers: ['errors.both-shapes-4xx'],
    needs: ['jwt', 'accountId'],
    timeoutMs: JWT_FAILURE_TIMEOUT_MS,
    async run(ctx) {
      await expectSdkError(ctx, ctx.sdk.getJWTToken({ ...jwtConfig(ctx), accountId: '1' }), 'APIError', ['invalid_request', 'invalid_client', 'access_deny']);
    },
  },
  {
    id: 'jwt.scope-limits-token',
    title: 'a channel app token scoped to getUserProfile gets PermissionDeniedError 4101 on workspaces.list',
    source: 'oauth_jwt_channel (scope.account_permission, channel apps only); contract row openapi.auth-errors',
    covers: ['openapi.auth-errors', 'token.jwt-grant', 'channel.scope'],
    needs: ['channel', 'control'],
    async run(ctx) {
      const channel = ctx.cred('channel');
      const scope = { account_permission: { permission_list: ['getUserProfile'] } } as Parameters<CheckContext['sdk']['getJWTToken']>[0]['scope'];
      const token = await ctx.sdk.getJWTToken({ baseURL: ctx.baseURL, appId: channel.appId, keyid: channel.keyId, aud: channel.aud, privateKey: channel.privateKey, scope });
      const error = await expectSdkError(ctx, ctx.sdk.client(token.access_token, ctx.baseURL).workspaces.list(), 'PermissionDeniedError');
      assert.equal(error.code, 4101);
    },
  },
  {
    id: 'jwt.token-expiry',
    title: 'a JWT-flow token dies after duration_seconds',
    source: 'oauth_jwt (duration_seconds)',
    covers: ['token.lifetimes', 'openapi.auth-errors'],
    needs: ['jwt', 'clock'],
    async run(ctx) {
      const token = await ctx.sdk.getJWTToken({ ...jwtConfig(ctx), durationSeconds: 600 });
      await ctx.target.advanceClock(601);
      await expectSdkError(ctx, ctx.sdk.client(token.access_token, ctx.baseURL).workspaces.list(), 'AuthenticationError');
    },
  },
]);
