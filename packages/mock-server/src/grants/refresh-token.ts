import * as z from 'zod';
import { oauthErrors } from '../errors.js';
import type { MockContext } from '../context.js';
import { ROTATED, type RefreshTokenRecord } from '../state/index.js';
import { issueUserTokens, tokenReply, type TokenReply } from '../tokens.js';
import { checkClientAuthentication, fields, parseGrantBody, requireApp, type Grant, type GrantRequest } from './shared.js';

const bodySchema = z.object({
  client_id: fields.clientId,
  refresh_token: fields.opaque,
});

/**
 * The pair a rotation issued, if a duplicate of the rotated token arrives inside `refreshReuseGraceSeconds` and that
 * pair is still live (two tabs refreshing at once both get it, like Ory Hydra's grace period).
 */
function graceReply(mock: MockContext, record: RefreshTokenRecord): TokenReply | undefined {
  const graceMs = mock.lifetimes.refreshReuseGraceSeconds * 1000;
  const { rotation } = record;
  if (!graceMs || !rotation || mock.clock.now() - rotation.atMs >= graceMs) return undefined;
  const access = mock.store.accessTokens.get(rotation.access);
  const refresh = mock.store.refreshTokens.get(rotation.refresh);
  if (!access || !refresh || refresh.rotation) return undefined;
  return tokenReply(mock, access, refresh);
}

/**
 * `grant_type=refresh_token`: rotates. The used refresh token dies (oauth_code: "after a successful call the
 * refresh_token given becomes invalid"); presenting it again revokes the whole token family, since only a thief or a
 * buggy client would (OAuth 2.0 Security BCP, refresh token reuse detection) — except inside the optional
 * `refreshReuseGraceSeconds`, where the duplicate gets the same new pair.
 *
 * @example
 * refreshTokenGrant.exchange(request); // { access_token: 'czu_…', expires_in: …, refresh_token: '<new>' }
 */
function refreshAccessToken(request: GrantRequest): TokenReply {
  const { mock } = request;
  const body = parseGrantBody(bodySchema, request.body);
  const app = requireApp(request, body.client_id, refreshTokenGrant.appTypes);
  checkClientAuthentication(request, app);

  const record = mock.store.refreshTokens.get(body.refresh_token);
  if (!record || record.clientId !== app.clientId) throw oauthErrors.invalidGrant('invalid refresh_token');
  const rotate = !mock.deviations.has('refresh-without-rotation');
  if (rotate && record.rotation) {
    const again = graceReply(mock, record);
    if (again) return again;
    mock.store.revokeFamily(record.family, 'a rotated refresh token of its family was used again');
    throw oauthErrors.invalidGrant('refresh_token already used; its token family is revoked');
  }

  const { access, refresh } = issueUserTokens(mock, {
    clientId: app.clientId,
    userId: record.userId,
    workspaceId: record.workspaceId,
    permissions: record.permissions,
    grant: refreshTokenGrant.name,
    family: record.family,
  });
  if (rotate) {
    record.rotation = mock.lifetimes.refreshReuseGraceSeconds > 0 ? { atMs: mock.clock.now(), access: access.token, refresh: refresh.token } : ROTATED;
  }
  return tokenReply(mock, access, refresh);
}

/** The refresh grant (oauth_code, oauth_pkce, oauth_device_code): every app type whose tokens come with a refresh token. */
export const refreshTokenGrant = {
  grantType: 'refresh_token',
  name: 'refresh_token',
  paths: ['token'],
  appTypes: ['web', 'pkce', 'device'],
  exchange: refreshAccessToken,
} as const satisfies Grant;
