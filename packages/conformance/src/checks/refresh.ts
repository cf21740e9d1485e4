import { assert, expectSdkError, expectTokenReply } from './assert.js';
import { defineChecks } from './check.js';
import { proveToken, refreshWith, webToken } from './flows.js';

const THIRTY_DAYS = 30 * 24 * 3600;

/** Refresh tokens and token lifetimes (oauth_code "refresh", oauth_pkce). */
export const refreshChecks = defineChecks('refresh', [
  {
    id: 'refresh.supplied-token',
    title: 'a refresh token gives a new czu_ token and a new refresh token',
    source: 'oauth_code (refresh OAuth access token)',
    covers: ['token.refresh-rotates', 'token.reply-shape', 'token.expires-in-absolute'],
    needs: ['refreshToken'],
    async run(ctx) {
      const grant = await ctx.target.obtainRefreshGrant();
      const refreshed = await refreshWith(ctx, grant);
      if (typeof refreshed?.refresh_token === 'string') await grant.onRotated?.(refreshed.refresh_token);
      await expectTokenReply(ctx, refreshed, { prefix: 'czu_', refresh: true, lifetimeSeconds: 900 });
      assert.notEqual(refreshed.refresh_token, grant.refreshToken, 'a new refresh token must be issued');
      await proveToken(ctx, refreshed.access_token);
    },
  },
  {
    id: 'refresh.old-token-dies',
    title: 'after a refresh the old refresh token gets BadRequestError invalid_grant',
    source: 'oauth_code (the refresh_token given becomes invalid after a successful call)',
    covers: ['token.refresh-rotates'],
    needs: ['web', 'scriptedUser'],
    async run(ctx) {
      const { token, web } = await webToken(ctx);
      const refresh = (refreshToken: string) => refreshWith(ctx, { ...web, refreshToken });
      await refresh(token.refresh_token);
      await expectSdkError(ctx, refresh(token.refresh_token), 'BadRequestError', 'invalid_grant');
    },
  },
  {
    id: 'refresh.web-needs-secret',
    title: 'a web app refreshing without its secret gets AuthenticationError invalid_client',
    source: 'oauth_code (refresh: Authorization Bearer $Client_Secret)',
    covers: ['token.web-secret-in-header'],
    needs: ['web', 'scriptedUser'],
    async run(ctx) {
      const { token, web } = await webToken(ctx);
      const call = refreshWith(ctx, { clientId: web.clientId, refreshToken: token.refresh_token });
      await expectSdkError(ctx, call, 'AuthenticationError', 'invalid_client');
    },
  },
  {
    id: 'refresh.unknown-token',
    title: 'an unknown refresh token gets BadRequestError (invalid_grant or invalid_request)',
    source: 'oauth_code (refresh); RFC 6749 §5.2',
    covers: ['errors.both-shapes-4xx'],
    needs: ['device'],
    async run(ctx) {
      const call = refreshWith(ctx, { clientId: ctx.cred('device').clientId, refreshToken: 'not-a-refresh-token' });
      await expectSdkError(ctx, call, 'BadRequestError', ['invalid_grant', 'invalid_request']);
    },
  },
  {
    id: 'refresh.expiry',
    title: 'a refresh token dies after 30 days',
    source: 'oauth_code (refresh_token valid for 30 days)',
    covers: ['token.lifetimes'],
    needs: ['web', 'scriptedUser', 'clock'],
    async run(ctx) {
      const { token, web } = await webToken(ctx);
      await ctx.target.advanceClock(THIRTY_DAYS + 1);
      const call = refreshWith(ctx, { ...web, refreshToken: token.refresh_token });
      await expectSdkError(ctx, call, 'BadRequestError', 'invalid_grant');
    },
  },
  {
    id: 'refresh.access-token-expiry',
    title: 'an access token works for 15 minutes, then gets AuthenticationError 4100',
    source: 'oauth_code (access token valid for 15 minutes); contract row openapi.auth-errors',
    covers: ['token.lifetimes', 'openapi.auth-errors'],
    needs: ['web', 'scriptedUser', 'clock'],
    async run(ctx) {
      const { token } = await webToken(ctx);
      await ctx.target.advanceClock(15 * 60 - 30);
      await proveToken(ctx, token.access_token);
      await ctx.target.advanceClock(31);
      const error = await expectSdkError(ctx, ctx.sdk.client(token.access_token, ctx.baseURL).workspaces.list(), 'AuthenticationError');
      assert.equal(error.code, 4100);
    },
  },
]);
