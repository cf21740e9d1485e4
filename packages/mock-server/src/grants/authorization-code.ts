import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { oauthErrors } from '../errors.js';
import { issueUserTokens, tokenReply, type TokenReply } from '../tokens.js';
import { checkClientAuthentication, fields, parseGrantBody, requireApp, type Grant, type GrantRequest } from './shared.js';

const bodySchema = z.object({
  client_id: fields.clientId,
  redirect_uri: fields.redirectUri,
  code: fields.opaque,
  code_verifier: z.string().min(1).max(256).optional(),
});

const safeEqual = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** PKCE check (RFC 7636 §4.6). Length is not enforced: Go and Java SDKs send 16-hex verifiers (docs/contract.md#authorize.verifier-length). */
function verifierMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
  const derived = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return safeEqual(derived, challenge);
}

/**
 * `grant_type=authorization_code` for web apps (secret in `Authorization: Bearer`) and PKCE apps (`code_verifier`).
 * Codes are single use: a replay fails and revokes the tokens the first exchange issued (RFC 6749 §4.1.2).
 * A rejected request changes nothing (a wrong verifier does not burn the code).
 *
 * @example
 * // POST /api/permission/oauth2/token {grant_type:'authorization_code', client_id, redirect_uri, code}
 * authorizationCodeGrant.exchange(request); // { access_token: 'czu_…', expires_in: 1767226500, refresh_token: '…' }
 */
function exchangeAuthorizationCode(request: GrantRequest): TokenReply {
  const { mock } = request;
  const body = parseGrantBody(bodySchema, request.body);
  const app = requireApp(request, body.client_id, authorizationCodeGrant.appTypes);
  checkClientAuthentication(request, app);

  const record = mock.store.codes.getIncludingExpired(body.code);
  if (!record || record.clientId !== app.clientId) throw oauthErrors.invalidGrant('invalid code');
  if (record.expiresAtMs <= mock.clock.now()) throw oauthErrors.invalidGrant('code expired');
  if (record.usedAtMs !== undefined && !mock.deviations.has('code-reusable')) {
    if (record.family) mock.store.revokeFamily(record.family, 'its authorization code was exchanged a second time');
    throw oauthErrors.invalidGrant('code already used; the tokens it issued are revoked');
  }
  if (body.redirect_uri !== record.redirectUri) {
    throw oauthErrors.invalidGrant('redirect_uri does not match the authorization request');
  }
  if (record.codeChallenge && !mock.deviations.has('pkce-not-verified')) {
    if (!body.code_verifier) throw oauthErrors.invalidRequest('code_verifier', 'required for a code issued with code_challenge');
    if (!verifierMatches(body.code_verifier, record.codeChallenge, record.codeChallengeMethod ?? 'plain')) {
      throw oauthErrors.invalidGrant('code_verifier does not match code_challenge');
    }
  }

  const { access, refresh } = issueUserTokens(mock, {
    clientId: app.clientId,
    userId: record.userId,
    workspaceId: record.workspaceId,
    permissions: app.permissions,
    grant: authorizationCodeGrant.name,
  });
  record.usedAtMs = mock.clock.now();
  record.family = access.family;
  return tokenReply(mock, access, refresh);
}

/** The authorization code grant (oauth_code, oauth_pkce): web apps with their secret, PKCE apps with their verifier. */
export const authorizationCodeGrant = {
  grantType: 'authorization_code',
  name: 'authorization_code',
  paths: ['token'],
  appTypes: ['web', 'pkce'],
  exchange: exchangeAuthorizationCode,
} as const satisfies Grant;
