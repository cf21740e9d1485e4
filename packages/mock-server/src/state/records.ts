import type { Permission } from '../fixtures/types.js';

/**
 * The records the state tables hold. They are kept compact (issue: ≤ 300 bytes of heap per stored token): strings are
 * flat, permission lists and client ids are shared with the app they come from, never copied per token, and the
 * family link is one shared object per token chain.
 */

/** An authorize request waiting on the consent page (`/oauth/consent?authorize_key=…`). */
export interface PendingAuthorization {
  key: string;
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  workspaceId: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
  expiresAtMs: number;
}

/**
 * Every access and refresh token issued from one code or device grant and its refreshes. A replayed code or refresh
 * token revokes the family through this list, without scanning the token tables.
 */
export type TokenFamily = string[];

/** What a rotation issued, kept on the rotated refresh token. */
export interface Rotation {
  atMs: number;
  /** The pair answered again to a duplicate inside `refreshReuseGraceSeconds`. */
  access: string;
  refresh: string;
}

/**
 * The mark of a refresh token rotated with no reuse grace (`refreshReuseGraceSeconds: 0`, the default): one shared
 * object, since there is no pair to answer again (an object per rotation costs 36 bytes of heap, 18 a token).
 */
export const ROTATED: Readonly<Rotation> = Object.freeze({ atMs: 0, access: '', refresh: '' });

/** An authorization code (`code_…`), single use. */
export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  workspaceId: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
  expiresAtMs: number;
  /** Set on first exchange; a second exchange revokes what the first one issued (RFC 6749 §4.1.2). */
  usedAtMs: number | undefined;
  /** Token family issued from this code, revoked if the code is replayed. */
  family: TokenFamily | undefined;
}

/** What only a JWT-flow token carries: the `session_name` claim and the account or enterprise path it came by. */
export interface ServiceTokenDetails {
  sessionName: string | undefined;
  accountId: string | undefined;
  enterpriseId: string | undefined;
}

/**
 * Who and what an access token stands for. Its kind is its prefix: `czu_` user tokens come from consent, `czs_`
 * service tokens from the JWT flow.
 */
export interface AccessTokenRecord {
  token: string;
  /** The name of the grant that issued it (grants/index.ts): `authorization_code`, `jwt_bearer` …. */
  grant: string;
  clientId: string;
  userId: string;
  workspaceId: string | undefined;
  /** Shared with the app or the requested scope: never mutate. */
  permissions: readonly Permission[];
  /** Unix seconds (a small integer: cheaper to hold than a millisecond double). */
  issuedAt: number;
  expiresAtMs: number;
  /** Undefined for service tokens: nothing replays into them. */
  family: TokenFamily | undefined;
  /** Only for JWT-flow tokens that have any. */
  service: ServiceTokenDetails | undefined;
}

/** A refresh token: single use, rotated on every refresh (oauth_code: "the old refresh_token becomes invalid"). */
export interface RefreshTokenRecord {
  token: string;
  clientId: string;
  userId: string;
  workspaceId: string | undefined;
  permissions: readonly Permission[];
  expiresAtMs: number;
  family: TokenFamily;
  /** The name of the grant that issued it (grants/index.ts). */
  grant: string;
  /** Set when rotated; a second use revokes the family (outside the reuse grace). */
  rotation: Readonly<Rotation> | undefined;
}

/** A device authorization (oauth_device_code). */
export interface DeviceGrant {
  deviceCode: string;
  /** Normalised: upper case, no dash (`WDJBMJHT`); shown as `WDJB-MJHT`. */
  userCode: string;
  clientId: string;
  workspaceId: string | undefined;
  status: 'pending' | 'approved' | 'denied' | 'consumed';
  /** Seconds the client must wait between polls; grows by 5 on each `slow_down` (RFC 8628 §3.5). */
  intervalSeconds: number;
  lastPollAtMs?: number;
  userId?: string;
  expiresAtMs: number;
}
