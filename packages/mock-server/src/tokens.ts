import type { MockContext } from './context.js';
import type { Permission } from './fixtures/types.js';
import { randomToken, type AccessTokenRecord, type RefreshTokenRecord } from './state/index.js';

/**
 * Issues tokens in Coze's formats (oauth_code examples: user tokens `czu_…`, service tokens `czs_…`, refresh tokens
 * unprefixed) and shapes the token reply.
 */

/** The token endpoint's success body. `expires_in` is an absolute Unix time in seconds (oauth_code, every SDK). */
export interface TokenReply {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
}

interface UserGrant {
  clientId: string;
  userId: string;
  workspaceId: string | undefined;
  permissions: Permission[];
  grant: 'authorization_code' | 'refresh_token' | 'device_code';
  /** Keep the family of the token being refreshed, so a replay can revoke the whole chain. */
  familyId?: string;
}

/**
 * Issues an access token (15 min by default) and a refresh token (30 days) for a user-consented grant.
 *
 * @example
 * const { access, refresh } = issueUserTokens(mock, { clientId, userId, workspaceId: undefined, permissions, grant: 'authorization_code' });
 */
export function issueUserTokens(mock: MockContext, input: UserGrant): { access: AccessTokenRecord; refresh: RefreshTokenRecord } {
  const now = mock.clock.now();
  const familyId = input.familyId ?? randomToken(16);
  const access: AccessTokenRecord = {
    token: `czu_${randomToken(64)}`,
    kind: 'user',
    grant: input.grant,
    clientId: input.clientId,
    userId: input.userId,
    workspaceId: input.workspaceId,
    permissions: [...input.permissions],
    issuedAtMs: now,
    expiresAtMs: now + mock.lifetimes.accessTokenSeconds * 1000,
    familyId,
  };
  const refresh: RefreshTokenRecord = {
    token: randomToken(72),
    clientId: input.clientId,
    userId: input.userId,
    workspaceId: input.workspaceId,
    permissions: [...input.permissions],
    expiresAtMs: now + mock.lifetimes.refreshTokenSeconds * 1000,
    familyId,
    grant: input.grant,
  };
  mock.store.accessTokens.set(access.token, access);
  mock.store.refreshTokens.set(refresh.token, refresh);
  return { access, refresh };
}

/**
 * Issues a service access token for the JWT flow (no refresh token; lifetime `duration_seconds`).
 *
 * @example
 * issueServiceToken(mock, { appId, userId, permissions, durationSeconds: 900 });
 */
export function issueServiceToken(
  mock: MockContext,
  input: {
    appId: string;
    userId: string;
    permissions: Permission[];
    durationSeconds: number;
    sessionName?: string;
    accountId?: string;
    enterpriseId?: string;
  },
): AccessTokenRecord {
  const now = mock.clock.now();
  const access: AccessTokenRecord = {
    token: `czs_${randomToken(64)}`,
    kind: 'service',
    grant: 'jwt_bearer',
    clientId: input.appId,
    userId: input.userId,
    workspaceId: undefined,
    permissions: [...input.permissions],
    issuedAtMs: now,
    expiresAtMs: now + input.durationSeconds * 1000,
    familyId: randomToken(16),
    ...(input.sessionName === undefined ? {} : { sessionName: input.sessionName }),
    ...(input.accountId === undefined ? {} : { accountId: input.accountId }),
    ...(input.enterpriseId === undefined ? {} : { enterpriseId: input.enterpriseId }),
  };
  mock.store.accessTokens.set(access.token, access);
  return access;
}

/** Shapes the reply; under the `expires-in-as-duration` deviation, `expires_in` becomes relative (a contract break). */
export function tokenReply(mock: MockContext, access: AccessTokenRecord, refresh?: RefreshTokenRecord): TokenReply {
  const absolute = Math.floor(access.expiresAtMs / 1000);
  const expiresIn = mock.deviations.has('expires-in-as-duration') ? absolute - mock.clock.nowSeconds() : absolute;
  return {
    access_token: access.token,
    expires_in: expiresIn,
    ...(refresh ? { refresh_token: refresh.token } : {}),
  };
}
