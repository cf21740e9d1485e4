import { z } from 'zod';
import { oauthErrors } from '../errors.js';
import { issueUserTokens, tokenReply, type TokenReply } from '../tokens.js';
import { checkClientAuthentication, fields, parseGrantBody, requireApp, type GrantRequest } from './shared.js';

const bodySchema = z.object({
  client_id: fields.clientId,
  refresh_token: fields.opaque,
});

/**
 * `grant_type=refresh_token`: rotates. The used refresh token dies (oauth_code: "after a successful call the
 * refresh_token given becomes invalid"); presenting it again revokes the whole token family, since only a thief or a
 * buggy client would (OAuth 2.0 Security BCP, refresh token reuse detection).
 *
 * @example
 * refreshAccessToken(request); // { access_token: 'czu_…', expires_in: …, refresh_token: '<new>' }
 */
export function refreshAccessToken(request: GrantRequest): TokenReply {
  const { mock } = request;
  const body = parseGrantBody(bodySchema, request.body);
  const app = requireApp(request, body.client_id, ['web', 'pkce', 'device']);
  checkClientAuthentication(request, app);

  const record = mock.store.refreshTokens.get(body.refresh_token);
  if (!record || record.clientId !== app.clientId) throw oauthErrors.invalidGrant('invalid refresh_token');
  const rotate = !mock.deviations.has('refresh-without-rotation');
  if (rotate && record.usedAtMs !== undefined) {
    mock.store.revokeFamily(record.familyId);
    throw oauthErrors.invalidGrant('refresh_token already used; its token family is revoked');
  }

  const { access, refresh } = issueUserTokens(mock, {
    clientId: app.clientId,
    userId: record.userId,
    workspaceId: record.workspaceId,
    permissions: record.permissions,
    grant: 'refresh_token',
    familyId: record.familyId,
  });
  if (rotate) record.usedAtMs = mock.clock.now();
  return tokenReply(mock, access, refresh);
}
