import type { MockContext, PatView, TokenReply, TokenView } from './context.js';
import { CREDENTIAL_PREFIX } from './credentials.js';
import type { PersonalAccessToken, Permission } from './fixtures/types.js';
import { BASE62 } from './fixtures/seeded-random.js';
import { randomToken, type AccessTokenRecord, type RefreshTokenRecord, type TokenFamily } from './state/index.js';

/**
 * Issues tokens in Coze's formats (oauth_code examples: user tokens `czu_…`, service tokens `czs_…`, refresh tokens
 * unprefixed) and shapes the token reply.
 */

interface UserGrant {
  clientId: string;
  userId: string;
  workspaceId: string | undefined;
  /** Shared, not copied: pass the app's (or the refreshed token's) list. */
  permissions: readonly Permission[];
  /** The issuing grant's name (grants/index.ts). */
  grant: string;
  /** Keep the family of the token being refreshed, so a replay can revoke the whole chain. */
  family?: TokenFamily;
}

/**
 * Issues an access token (15 min by default) and a refresh token (30 days) for a user-consented grant. Both tables
 * must have room (else a 429 and nothing is stored).
 *
 * @example
 * const { access, refresh } = issueUserTokens(mock, { clientId, userId, workspaceId: undefined, permissions, grant: 'authorization_code' });
 */
export function issueUserTokens(mock: MockContext, input: UserGrant): { access: AccessTokenRecord; refresh: RefreshTokenRecord } {
  const { store } = mock;
  store.accessTokens.reserve();
  store.refreshTokens.reserve();
  const now = mock.clock.now();
  const family = input.family;
  const access: AccessTokenRecord = {
    token: randomToken(64, BASE62, CREDENTIAL_PREFIX.userAccessToken),
    grant: input.grant,
    clientId: input.clientId,
    userId: input.userId,
    workspaceId: input.workspaceId,
    permissions: input.permissions,
    issuedAt: Math.floor(now / 1000),
    expiresAtMs: now + mock.lifetimes.accessTokenSeconds * 1000,
    family: undefined,
    service: undefined,
  };
  const refresh: RefreshTokenRecord = {
    token: randomToken(72),
    clientId: input.clientId,
    userId: input.userId,
    workspaceId: input.workspaceId,
    permissions: input.permissions,
    expiresAtMs: now + mock.lifetimes.refreshTokenSeconds * 1000,
    family: family as TokenFamily,
    grant: input.grant,
    rotation: undefined,
  };
  // A new family starts as an exact two-slot list: `push` onto an empty array would reserve 16 spare slots per pair.
  if (family) family.push(access.token, refresh.token);
  else refresh.family = [access.token, refresh.token];
  access.family = refresh.family;
  store.accessTokens.add(access.token, access);
  store.refreshTokens.add(refresh.token, refresh);
  return { access, refresh };
}

/**
 * Issues a service access token for the JWT flow (no refresh token; lifetime `duration_seconds`).
 *
 * @example
 * issueServiceToken(mock, { grant: 'jwt_bearer', appId, userId, permissions, durationSeconds: 900 });
 */
export function issueServiceToken(
  mock: MockContext,
  input: {
    /** The issuing grant's name (grants/index.ts). */
    grant: string;
    appId: string;
    userId: string;
    permissions: readonly Permission[];
    durationSeconds: number;
    sessionName?: string;
    accountId?: string;
    enterpriseId?: string;
  },
): AccessTokenRecord {
  const now = mock.clock.now();
  const { sessionName, accountId, enterpriseId } = input;
  const access: AccessTokenRecord = {
    token: randomToken(64, BASE62, CREDENTIAL_PREFIX.serviceAccessToken),
    grant: input.grant,
    clientId: input.appId,
    userId: input.userId,
    workspaceId: undefined,
    permissions: input.permissions,
    issuedAt: Math.floor(now / 1000),
    expiresAtMs: now + input.durationSeconds * 1000,
    family: undefined,
    service: sessionName ?? accountId ?? enterpriseId ? { sessionName, accountId, enterpriseId } : undefined,
  };
  mock.store.accessTokens.add(access.token, access);
  return access;
}

/**
 * What a token stands for, as the control API's introspection shows it (no family links, no other tokens).
 *
 * @example
 * introspectionView(record); // { active: true, kind: 'user', clientId, userId, …, expiresAt }
 */
export function introspectionView(record: AccessTokenRecord): TokenView {
  return {
    active: true,
    kind: record.token.startsWith(CREDENTIAL_PREFIX.serviceAccessToken) ? 'service' : 'user',
    grant: record.grant,
    clientId: record.clientId,
    userId: record.userId,
    workspaceId: record.workspaceId,
    permissions: [...record.permissions],
    issuedAt: record.issuedAt,
    expiresAtMs: record.expiresAtMs,
    expiresAt: Math.floor(record.expiresAtMs / 1000),
    ...(record.service?.sessionName === undefined ? {} : { sessionName: record.service.sessionName }),
    ...(record.service?.accountId === undefined ? {} : { accountId: record.service.accountId }),
    ...(record.service?.enterpriseId === undefined ? {} : { enterpriseId: record.service.enterpriseId }),
  };
}

/**
 * What a PAT stands for, as the control API's introspection shows it.
 *
 * @example
 * patView(pat); // { active: true, kind: 'pat', userId, permissions, workspaceIds?, expiresAt? }
 */
export function patView(pat: PersonalAccessToken): PatView {
  return {
    active: true,
    kind: 'pat',
    userId: pat.userId,
    permissions: [...pat.permissions],
    ...(pat.workspaceIds.length ? { workspaceIds: [...pat.workspaceIds] } : {}),
    ...(pat.expiresAt === undefined ? {} : { expiresAt: pat.expiresAt }),
  };
}

/** Shapes the reply; under the `expires-in-as-duration` deviation, `expires_in` becomes relative (a contract break). */
export function tokenReply(mock: MockContext, access: AccessTokenRecord, refresh?: { token: string }): TokenReply {
  const absolute = Math.floor(access.expiresAtMs / 1000);
  const expiresIn = mock.deviations.has('expires-in-as-duration') ? absolute - mock.clock.nowSeconds() : absolute;
  return refresh ? { access_token: access.token, expires_in: expiresIn, refresh_token: refresh.token } : { access_token: access.token, expires_in: expiresIn };
}

export type { TokenReply } from './context.js';
