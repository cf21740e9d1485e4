import type { MockContext } from '../context.js';
import { CREDENTIAL_PREFIX } from '../credentials.js';
import { oauthErrors } from '../errors.js';
import { fingerprintOf } from '../fingerprint.js';
import type { AccessTokenRecord, RefreshTokenRecord } from '../state/index.js';
import type { VerbHandlers } from './verbs.js';
import type { FamilyMember, TokenDetail, TokenKind, TokenState, TokenSummary } from './views.js';

/**
 * Tokens as the control API shows them, by fingerprint (fingerprint.ts), never by value: `GET /__mock/tokens` (the
 * newest access tokens), `GET /__mock/tokens/{fingerprint}` (what one stands for, and its refresh family with the
 * rotated and revoked members), and `POST /__mock/tokens/revoke` by value, fingerprint, client or user.
 */

/** Most tokens `GET /__mock/tokens` lists. */
export const MAX_LISTED_TOKENS = 100;

type TokenRecord = AccessTokenRecord | RefreshTokenRecord;

const kindOf = (token: string): TokenKind =>
  token.startsWith(CREDENTIAL_PREFIX.pat)
    ? 'pat'
    : token.startsWith(CREDENTIAL_PREFIX.userAccessToken) || token.startsWith(CREDENTIAL_PREFIX.serviceAccessToken)
      ? 'access_token'
      : 'refresh_token';

function recordOf(mock: MockContext, token: string): TokenRecord | undefined {
  return mock.store.accessTokens.getIncludingExpired(token) ?? mock.store.refreshTokens.getIncludingExpired(token);
}

function memberOf(mock: MockContext, token: string): FamilyMember {
  const fingerprint = fingerprintOf(token);
  const kind = kindOf(token);
  const record = recordOf(mock, token);
  if (!record) {
    const revocation = mock.store.revocations.find(token);
    return revocation ? { fingerprint, kind, state: 'revoked', revokedBecause: revocation.reason } : { fingerprint, kind, state: 'gone' };
  }
  const expiresAt = Math.floor(record.expiresAtMs / 1000);
  const rotated = 'rotation' in record && record.rotation !== undefined;
  const state: TokenState = record.expiresAtMs <= mock.clock.now() ? 'expired' : rotated ? 'rotated' : 'live';
  return { fingerprint, kind, state, expiresAt };
}

function summaryOf(mock: MockContext, token: string): TokenSummary | undefined {
  if (kindOf(token) === 'pat') {
    const pat = mock.live.findPat(token);
    if (!pat) return undefined;
    const expired = pat.expiresAt !== undefined && pat.expiresAt <= mock.clock.nowSeconds();
    return {
      fingerprint: fingerprintOf(token),
      kind: 'pat',
      state: expired ? 'expired' : 'live',
      ...(pat.expiresAt === undefined ? {} : { expiresAt: pat.expiresAt }),
      userId: pat.userId,
      permissions: [...pat.permissions],
    };
  }
  const record = recordOf(mock, token);
  if (!record) return undefined;
  return {
    ...memberOf(mock, token),
    grant: record.grant,
    clientId: record.clientId,
    userId: record.userId,
    ...(record.workspaceId === undefined ? {} : { workspaceId: record.workspaceId }),
    permissions: [...record.permissions],
    ...('issuedAt' in record ? { issuedAt: record.issuedAt } : {}),
    ...('service' in record && record.service?.sessionName !== undefined ? { sessionName: record.service.sessionName } : {}),
  };
}

/** Every token the mock holds or logged as revoked, as values: PATs, access and refresh tokens, revoked ones. */
function* knownTokens(mock: MockContext): Generator<string> {
  for (const pat of mock.live.allPats()) yield pat.token;
  for (const record of mock.store.accessTokens.values()) yield record.token;
  for (const record of mock.store.refreshTokens.values()) yield record.token;
  yield* mock.store.revocations.tokens();
}

/** The token with this fingerprint (a scan: a control call, not a request path). */
function tokenWithFingerprint(mock: MockContext, fingerprint: string): string | undefined {
  for (const token of knownTokens(mock)) if (fingerprintOf(token) === fingerprint) return token;
  return undefined;
}

function detailOf(mock: MockContext, token: string): TokenDetail | undefined {
  const summary = summaryOf(mock, token);
  const revocation = mock.store.revocations.find(token);
  const family = recordOf(mock, token)?.family ?? revocation?.family;
  const members = family?.length ? { family: family.map((member) => memberOf(mock, member)) } : {};
  if (summary) return { ...summary, ...members };
  if (!revocation) return undefined;
  return { ...memberOf(mock, token), userId: '', permissions: [], ...members };
}

const REVOKED_BY_CONTROL = 'revoked through the control API';

/** Revokes one token: a PAT until reset, an access or refresh token for good. Which kind it was, if any. */
function revokeOne(mock: MockContext, token: string): TokenKind | undefined {
  const kind = kindOf(token);
  if (kind === 'pat') return mock.live.revokePat(token) ? 'pat' : undefined;
  const record = kind === 'access_token' ? mock.store.accessTokens.get(token) : mock.store.refreshTokens.get(token);
  if (!record) return undefined;
  (kind === 'access_token' ? mock.store.accessTokens : mock.store.refreshTokens).delete(token);
  mock.store.revocations.record([token], REVOKED_BY_CONTROL, mock.clock.now(), record.family ? [...record.family] : undefined);
  return kind;
}

/** Revokes every access and refresh token matching `owns` (PATs are not sessions: revoke them one by one). */
function revokeWhere(mock: MockContext, owns: (record: TokenRecord) => boolean): number {
  let count = 0;
  for (const table of [mock.store.accessTokens, mock.store.refreshTokens] as const) {
    for (const record of table.values()) {
      if (!owns(record) || record.expiresAtMs <= mock.clock.now()) continue;
      table.delete(record.token);
      mock.store.revocations.record([record.token], REVOKED_BY_CONTROL, mock.clock.now(), record.family ? [...record.family] : undefined);
      count++;
    }
  }
  return count;
}

/**
 * @example
 * mountVerbs(routes, mock, tokenHandlers(mock));
 */
export function tokenHandlers(mock: MockContext) {
  return {
    tokens: () => {
      const newest = [...mock.store.accessTokens.values()].sort((a, b) => b.issuedAt - a.issuedAt).slice(0, MAX_LISTED_TOKENS);
      return { tokens: newest.map((record) => summaryOf(mock, record.token) as TokenSummary) };
    },
    token: ({ fingerprint }) => {
      const token = tokenWithFingerprint(mock, fingerprint);
      const detail = token === undefined ? undefined : detailOf(mock, token);
      if (!detail) throw oauthErrors.unknownId('token', fingerprint);
      return detail;
    },
    revokeToken: (input) => {
      if (input.clientId !== undefined) {
        const { clientId } = input;
        if (!mock.findApp(clientId)) throw oauthErrors.unknownId('app', clientId);
        return { ok: true, revoked: 'tokens', count: revokeWhere(mock, (record) => record.clientId === clientId) };
      }
      if (input.userId !== undefined) {
        const { userId } = input;
        if (!mock.live.findUser(userId)) throw oauthErrors.unknownId('user', userId);
        return { ok: true, revoked: 'tokens', count: revokeWhere(mock, (record) => record.userId === userId) };
      }
      const token = input.token ?? tokenWithFingerprint(mock, input.fingerprint as string);
      const revoked = token === undefined ? undefined : revokeOne(mock, token);
      if (!revoked) throw oauthErrors.unknownId(input.token === undefined ? 'live token with that fingerprint' : 'live token with that value');
      return { ok: true, revoked, count: 1 };
    },
  } satisfies VerbHandlers<'tokens' | 'token' | 'revokeToken'>;
}
