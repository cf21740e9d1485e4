import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { BASE62 } from '../fixtures/seeded-random.js';
import { ExpiringMap } from './expiring-map.js';
import type { AccessTokenRecord, AuthorizationCode, DeviceGrant, PendingAuthorization, RefreshTokenRecord } from './records.js';

export * from './records.js';
export { ExpiringMap } from './expiring-map.js';

/**
 * An unpredictable string from `crypto.randomBytes` (never the fixture seed): codes, tokens, CSRF values.
 *
 * @example
 * randomToken(48); // 'q3Xh…'
 */
export function randomToken(length: number, alphabet = BASE62): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Letters a person can type without confusion (no vowels, no 0/O, 1/I/L): user codes read like `WDJB-MJHT`. */
export const USER_CODE_ALPHABET = 'BCDFGHJKMNPQRSTVWXZ';

/** `wdjb-mjht`, `WDJBMJHT`, ` wdjb mjht ` → `WDJBMJHT`. */
export const normaliseUserCode = (input: string): string => input.toUpperCase().replace(/[\s-]/g, '');

/** `WDJBMJHT` → `WDJB-MJHT`. */
export const formatUserCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/**
 * All mutable OAuth state of one mock server: pending consents, codes, tokens, device grants and used JWT ids.
 * Everything expires by the injected clock; `reset()` empties it (the fixtures are not state and stay).
 */
export class MockStore {
  readonly pendingAuthorizations: ExpiringMap<PendingAuthorization>;
  readonly codes: ExpiringMap<AuthorizationCode>;
  readonly accessTokens: ExpiringMap<AccessTokenRecord>;
  readonly refreshTokens: ExpiringMap<RefreshTokenRecord>;
  readonly deviceGrants: ExpiringMap<DeviceGrant>;
  /** user code → device code. */
  readonly userCodes: ExpiringMap<{ deviceCode: string; expiresAtMs: number }>;
  /** JWT `jti` values already exchanged, kept until the JWT itself expires (oauth_jwt: a JWT is single use). */
  readonly usedJwtIds: ExpiringMap<{ expiresAtMs: number }>;
  /** Anti-forgery tokens of rendered forms (pages/form-guard.ts). */
  readonly formTokens: ExpiringMap<{ binding: string; purpose: string; expiresAtMs: number }>;

  constructor(readonly clock: Clock) {
    const now = () => clock.now();
    this.pendingAuthorizations = new ExpiringMap(now);
    this.codes = new ExpiringMap(now);
    this.accessTokens = new ExpiringMap(now, 200_000);
    this.refreshTokens = new ExpiringMap(now, 200_000);
    this.deviceGrants = new ExpiringMap(now);
    this.userCodes = new ExpiringMap(now);
    this.usedJwtIds = new ExpiringMap(now, 200_000);
    this.formTokens = new ExpiringMap(now);
  }

  /** Revokes every access and refresh token of a family (used when a code or refresh token is replayed). */
  revokeFamily(familyId: string): number {
    let revoked = 0;
    for (const map of [this.accessTokens, this.refreshTokens] as const) {
      for (const record of [...map.values()]) {
        if (record.familyId === familyId) {
          map.delete(record.token);
          revoked++;
        }
      }
    }
    return revoked;
  }

  /** Creates a device grant with a fresh device code and a unique user code. */
  createDeviceGrant(input: Omit<DeviceGrant, 'deviceCode' | 'userCode' | 'status'>): DeviceGrant {
    let userCode = randomToken(8, USER_CODE_ALPHABET);
    while (this.userCodes.get(userCode)) userCode = randomToken(8, USER_CODE_ALPHABET);
    const grant: DeviceGrant = { ...input, deviceCode: randomToken(43), userCode, status: 'pending' };
    this.deviceGrants.set(grant.deviceCode, grant);
    this.userCodes.set(userCode, { deviceCode: grant.deviceCode, expiresAtMs: grant.expiresAtMs });
    return grant;
  }

  /** The device grant behind a user code as a person typed it (any case, dash optional), expired ones included. */
  findDeviceGrantByUserCode(typed: string): DeviceGrant | undefined {
    const link = this.userCodes.getIncludingExpired(normaliseUserCode(typed));
    return link ? this.deviceGrants.getIncludingExpired(link.deviceCode) : undefined;
  }

  reset(): void {
    for (const map of [
      this.pendingAuthorizations,
      this.codes,
      this.accessTokens,
      this.refreshTokens,
      this.deviceGrants,
      this.userCodes,
      this.usedJwtIds,
      this.formTokens,
    ]) {
      map.clear();
    }
  }
}
