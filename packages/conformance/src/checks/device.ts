import { assert, expectNonEmptyString, expectSdkError, expectTokenReply } from './assert.js';
import { defineChecks, type CheckContext } from './check.js';
import { expectRequestTo, journalMark, proveToken, refreshWith, visibleWorkspaceIds } from './flows.js';
import { ENDPOINTS } from '../endpoints.js';

/**
 * `getDeviceCode` for the device app of the target.
 *
 * @example
 * const code = await newDeviceCode(ctx, workspaceId);
 */
export const newDeviceCode = (ctx: CheckContext, workspaceId?: string) =>
  ctx.sdk.api.getDeviceCode({ baseURL: ctx.baseURL, clientId: ctx.cred('device').clientId, ...(workspaceId ? { workspaceId } : {}) });

/**
 * One `getDeviceToken` request, or the SDK's polling loop with `poll`.
 *
 * @example
 * await deviceToken(ctx, code.device_code, true); // polls until the user decides
 */
export const deviceToken = (ctx: CheckContext, deviceCode: string, poll = false) =>
  ctx.sdk.api.getDeviceToken({ baseURL: ctx.baseURL, clientId: ctx.cred('device').clientId, deviceCode, ...(poll ? { poll } : {}) });

/** Gets a device code, has the user approve it, and lets the SDK poll (real timers: on the mock the first poll wins). */
async function approvedDeviceToken(ctx: CheckContext, workspaceId?: string) {
  const code = await newDeviceCode(ctx, workspaceId);
  await ctx.target.decideDevice(code.user_code, code.verification_uri, 'approve');
  return { code, token: await deviceToken(ctx, code.device_code, true) };
}

/** Device apps without polling loops: codes, single requests, errors (oauth_device_code). */
export const deviceChecks = defineChecks('device', [
  {
    id: 'device.code-reply',
    title: 'device code reply: device_code, user_code, verification_uri, relative expires_in and interval',
    source: 'oauth_device_code (Device Authorization response)',
    covers: ['device.code-reply', 'hosts.endpoint-paths', 'disagree.user-code-type', 'disagree.device-expires-in'],
    needs: ['device'],
    async run(ctx) {
      const code = await newDeviceCode(ctx);
      expectNonEmptyString(code?.device_code, 'device_code');
      expectNonEmptyString(code.user_code, 'user_code');
      assert.match(code.verification_uri, /^https?:\/\//, 'verification_uri must be a URL');
      assert.ok(Number.isInteger(code.expires_in) && code.expires_in > 0 && code.expires_in < 86_400, `expires_in must be relative seconds (300 by default), got ${code.expires_in}`);
      assert.ok(Number.isInteger(code.interval) && code.interval >= 1 && code.interval < 3600, `interval must be relative seconds (5 by default), got ${code.interval}`);
      if (ctx.target.kind !== 'live') {
        assert.match(code.user_code, /^[A-Z]{4}-[A-Z]{4}$/, 'user codes read like WDJB-MJHT');
        assert.deepEqual([code.expires_in, code.interval], [300, 5], 'default lifetimes are 300 s and 5 s');
      }
    },
  },
  {
    id: 'device.first-poll-pending',
    title: 'the first poll before approval gets BadRequestError authorization_pending (never slow_down)',
    source: 'oauth_device_code (error: authorization_pending); @coze/api getDeviceToken',
    covers: ['device.polling-errors', 'device.error-needs-status-and-field', 'errors.both-shapes-4xx'],
    needs: ['device'],
    async run(ctx) {
      const code = await newDeviceCode(ctx);
      await expectSdkError(ctx, deviceToken(ctx, code.device_code), 'BadRequestError', 'authorization_pending');
    },
  },
  {
    id: 'device.fast-poll-slow-down',
    title: 'polling again at once gets BadRequestError slow_down',
    source: 'oauth_device_code (error: slow_down); RFC 8628 §3.5',
    covers: ['device.polling-errors'],
    needs: ['device'],
    async run(ctx) {
      const code = await newDeviceCode(ctx);
      await deviceToken(ctx, code.device_code).catch(() => undefined);
      await expectSdkError(ctx, deviceToken(ctx, code.device_code), 'BadRequestError', 'slow_down');
    },
  },
  {
    id: 'device.approve-then-poll',
    title: 'approve, then getDeviceToken({poll:true}) → czu_ token with refresh token → users.me',
    source: 'oauth_device_code (Token)',
    covers: ['token.device-grant', 'token.formats', 'token.expires-in-absolute'],
    needs: ['device', 'user'],
    async run(ctx) {
      const { token } = await approvedDeviceToken(ctx);
      await expectTokenReply(ctx, token, { prefix: 'czu_', refresh: true, lifetimeSeconds: 900 });
      await proveToken(ctx, token.access_token);
    },
  },
  {
    id: 'device.code-single-use',
    title: 'a device code yields tokens once; polling it again gets BadRequestError',
    source: 'RFC 8628 §3.5; contract row device.polling-errors',
    covers: ['token.device-grant'],
    needs: ['device', 'scriptedUser', 'clock'],
    async run(ctx) {
      const { code } = await approvedDeviceToken(ctx);
      await ctx.target.advanceClock(code.interval);
      await expectSdkError(ctx, deviceToken(ctx, code.device_code), 'BadRequestError', ['invalid_grant', 'expired_token']);
    },
  },
  {
    id: 'device.workspace',
    title: 'workspaceId → /workspace_id/{id}/device/code, and the token sees only that workspace',
    source: 'oauth_device_code (workspace_id variant); @coze/api ≥ 1.0.14',
    covers: ['hosts.endpoint-paths', 'openapi.workspace-scope'],
    needs: ['device', 'user', 'workspace'],
    async run(ctx) {
      const workspaceId = ctx.cred('workspaceId');
      const mark = ctx.can('control') ? await journalMark(ctx) : 0;
      const { token } = await approvedDeviceToken(ctx, workspaceId);
      if (ctx.can('control')) await expectRequestTo(ctx, ENDPOINTS.workspaceDeviceCode(workspaceId), mark);
      assert.deepEqual(await visibleWorkspaceIds(ctx, token.access_token), [workspaceId], 'a workspace token sees only its workspace');
    },
  },
  {
    id: 'device.refresh',
    title: 'a device refresh token refreshes without a secret',
    source: 'oauth_device_code; @coze/api refreshOAuthToken (empty Bearer)',
    covers: ['token.refresh-rotates'],
    needs: ['device', 'user'],
    async run(ctx) {
      const { token } = await approvedDeviceToken(ctx);
      const refreshed = await refreshWith(ctx, { clientId: ctx.cred('device').clientId, refreshToken: token.refresh_token });
      await expectTokenReply(ctx, refreshed, { prefix: 'czu_', refresh: true, lifetimeSeconds: 900 });
    },
  },
  {
    id: 'device.unknown-client',
    title: 'an unknown client_id gets AuthenticationError invalid_client',
    source: 'oauth_code (error table: invalid_client)',
    covers: ['errors.documented-values', 'errors.both-shapes-4xx'],
    needs: ['device'],
    async run(ctx) {
      const call = ctx.sdk.api.getDeviceCode({ baseURL: ctx.baseURL, clientId: '0000000000000000' });
      await expectSdkError(ctx, call, 'AuthenticationError', 'invalid_client');
    },
  },
  {
    id: 'device.wrong-app-type',
    title: 'a web app asking for a device code gets access_deny (invalid app type)',
    source: 'oauth_code (error table: access_deny, invalid app type)',
    covers: ['errors.documented-values'],
    needs: ['device', 'web'],
    async run(ctx) {
      const call = ctx.sdk.api.getDeviceCode({ baseURL: ctx.baseURL, clientId: ctx.cred('web').clientId });
      const error = await expectSdkError(ctx, call, 'APIError', 'access_deny');
      assert.ok(typeof error.rawError === 'object' && error.rawError?.error_code === 'access_deny', 'error_code must be access_deny');
    },
  },
]);
