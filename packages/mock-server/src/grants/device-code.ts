import * as z from 'zod';
import { oauthErrors } from '../errors.js';
import { issueUserTokens, tokenReply, type TokenReply } from '../tokens.js';
import { bodyCheckOf } from '../body-check.js';
import { checkClientAuthentication, fields, parseGrantBody, requireApp, type GrantRequest } from './shared.js';

const bodySchema = z.object({
  client_id: fields.clientId,
  device_code: fields.opaque,
});
const isPlainBody = bodyCheckOf(bodySchema);

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
 * exchangeDeviceCode(request); // throws oauthErrors.authorizationPending() until approved
 */
export function exchangeDeviceCode(request: GrantRequest): TokenReply {
  const { mock } = request;
  const body = parseGrantBody(bodySchema, request.body, isPlainBody);
  const app = requireApp(request, body.client_id, ['device']);
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
    grant: 'device_code',
  });
  grant.status = 'consumed';
  return tokenReply(mock, access, refresh);
}
