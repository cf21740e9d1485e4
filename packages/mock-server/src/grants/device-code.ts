import * as z from 'zod';
import type { MockContext } from '../context.js';
import { oauthErrors } from '../errors.js';
import type { DeviceGrant } from '../state/index.js';
import { issueUserTokens, tokenReply, type TokenReply } from '../tokens.js';
import { checkClientAuthentication, fields, parseGrantBody, requireApp, type Grant, type GrantRequest } from './shared.js';

const bodySchema = z.object({
  client_id: fields.clientId,
  device_code: fields.opaque,
});

/** Added to the polling interval on every `slow_down` (RFC 8628 §3.5; the JS SDK adds the same 5 s). */
export const SLOW_DOWN_STEP_SECONDS = 5;
/**
 * The interval never grows past 30 s: all four official SDKs stop growing theirs at 30 s (coze-js MAX_POLL_INTERVAL,
 * coze-py/coze-go/coze-java `if interval < 30`), so a larger demand would answer their polls `slow_down` forever.
 */
export const MAX_POLL_INTERVAL_SECONDS = 30;

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:device_code` (oauth_device_code): answers `authorization_pending` until
 * a person approves on the device page, `slow_down` when polled faster than the interval, then `access_denied` or
 * `expired_token`, which end the SDK's otherwise endless polling. A device code yields tokens once.
 *
 * @example
 * deviceCodeGrant.exchange(request); // throws oauthErrors.authorizationPending() until approved
 */
function exchangeDeviceCode(request: GrantRequest): TokenReply {
  const { mock } = request;
  const body = parseGrantBody(bodySchema, request.body);
  const app = requireApp(request, body.client_id, deviceCodeGrant.appTypes);
  checkClientAuthentication(request, app);

  const grant = mock.store.deviceGrants.getIncludingExpired(body.device_code);
  if (!grant || grant.clientId !== app.clientId) throw oauthErrors.invalidGrant('invalid device_code');
  if (grant.status === 'consumed') throw oauthErrors.invalidGrant('device_code already used');
  const now = mock.clock.now();
  if (grant.expiresAtMs <= now && !mock.deviations.has('device-code-never-expires')) throw oauthErrors.expiredToken();

  const tooFast = grant.lastPollAtMs !== undefined && now - grant.lastPollAtMs < grant.intervalSeconds * 1000;
  grant.lastPollAtMs = now;
  if (tooFast && !mock.deviations.has('no-slow-down')) {
    const grown = grant.intervalSeconds + SLOW_DOWN_STEP_SECONDS;
    grant.intervalSeconds = mock.deviations.has('slow-down-unbounded') ? grown : Math.min(grown, Math.max(MAX_POLL_INTERVAL_SECONDS, grant.intervalSeconds));
    throw oauthErrors.slowDown(grant.intervalSeconds);
  }
  if (grant.status === 'pending') throw oauthErrors.authorizationPending();
  if (grant.status === 'denied') throw oauthErrors.accessDenied();

  const { access, refresh } = issueUserTokens(mock, {
    clientId: app.clientId,
    userId: grant.userId ?? mock.fixtures.defaultUserId,
    workspaceId: grant.workspaceId,
    permissions: app.permissions,
    grant: deviceCodeGrant.name,
  });
  grant.status = 'consumed';
  return tokenReply(mock, access, refresh);
}

/** The device code grant (oauth_device_code): device apps, once a person approved on the verification page. */
export const deviceCodeGrant = {
  grantType: 'urn:ietf:params:oauth:grant-type:device_code',
  name: 'device_code',
  paths: ['token'],
  appTypes: ['device'],
  exchange: exchangeDeviceCode,
} as const satisfies Grant;

/** Why a typed user code cannot be approved, or undefined if it can (the verification page and the control API). */
export function deviceGrantProblem(mock: MockContext, grant: DeviceGrant | undefined): string | undefined {
  if (!grant) return 'That code is not valid. Check the code shown on your device and try again.';
  if (grant.expiresAtMs <= mock.clock.now() && !mock.deviations.has('device-code-never-expires')) {
    return 'That code has expired. Start again on your device to get a new one.';
  }
  if (grant.status !== 'pending') return 'That code has already been used.';
  return undefined;
}

/** Approves or denies a pending device grant for the consenting user. */
export function settleDeviceGrant(mock: MockContext, grant: DeviceGrant, decision: 'approve' | 'deny'): void {
  grant.status = decision === 'approve' ? 'approved' : 'denied';
  grant.userId = mock.fixtures.defaultUserId;
}
