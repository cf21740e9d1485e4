import type { Permission } from '../fixtures/types.js';

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
  usedAtMs?: number;
  /** Token family issued from this code, revoked if the code is replayed. */
  familyId?: string;
}

/** Who and what an access token stands for. */
export interface AccessTokenRecord {
  token: string;
  /** `user` tokens (`czu_`) come from consent; `service` tokens (`czs_`) from the JWT flow. */
  kind: 'user' | 'service';
  grant: 'authorization_code' | 'refresh_token' | 'device_code' | 'jwt_bearer';
  clientId: string;
  userId: string;
  workspaceId: string | undefined;
  permissions: Permission[];
  issuedAtMs: number;
  expiresAtMs: number;
  familyId: string;
  sessionName?: string;
  accountId?: string;
  enterpriseId?: string;
}

/** A refresh token: single use, rotated on every refresh (oauth_code: "the old refresh_token becomes invalid"). */
export interface RefreshTokenRecord {
  token: string;
  clientId: string;
  userId: string;
  workspaceId: string | undefined;
  permissions: Permission[];
  expiresAtMs: number;
  familyId: string;
  grant: 'authorization_code' | 'device_code' | 'refresh_token';
  /** Set when rotated; a second use revokes the family. */
  usedAtMs?: number;
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
