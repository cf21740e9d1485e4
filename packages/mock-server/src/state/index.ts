import type { ByteAccount } from '../budget.js';
import type { Clock } from '../clock.js';
import { ResourceStore } from '../resources/store.js';
import { WorkflowRunStore } from '../resources/workflows/store.js';
import { randomToken } from './random.js';
import { RevocationLog } from './revocations.js';
import { StateTable } from './table.js';
import type {
  AccessTokenRecord,
  AuthorizationCode,
  DeviceGrant,
  PendingAuthorization,
  RefreshTokenRecord,
  TokenFamily,
} from './records.js';

export * from './records.js';
export { randomToken } from './random.js';
export { RevocationLog, type Revocation } from './revocations.js';
export { EXPIRED_GRACE_MS, StateTable, type Expiring } from './table.js';

/** Letters a person can type without confusion (no vowels, no 0/O, 1/I/L): user codes read like `WDJB-MJHT`. */
export const USER_CODE_ALPHABET = 'BCDFGHJKMNPQRSTVWXZ';

/** `wdjb-mjht`, `WDJBMJHT`, ` wdjb mjht ` → `WDJBMJHT`. */
export const normaliseUserCode = (input: string): string => input.toUpperCase().replace(/[\s-]/g, '');

/** `WDJBMJHT` → `WDJB-MJHT`. */
export const formatUserCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** The cap on each state table (`limits` in the config file). */
export interface StateLimits {
  /** Most records each table holds, expired ones included. Default {@link DEFAULT_MAX_ENTRIES}. */
  maxEntries: number;
}

/**
 * Default cap per table: 100,000 records, about 30 MB of heap for a full access-token table; eight full tables stay
 * well inside 256 MiB.
 */
export const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * All mutable OAuth state of one mock server: pending consents, codes, tokens, device grants, used JWT ids and form
 * tokens. Everything expires by the injected clock; every table is capped and refuses (429) rather than forget a live
 * record; `reset()` empties it (the fixtures are not state and stay).
 */
export class MockStore {
  readonly pendingAuthorizations: StateTable<PendingAuthorization>;
  readonly codes: StateTable<AuthorizationCode>;
  readonly accessTokens: StateTable<AccessTokenRecord>;
  readonly refreshTokens: StateTable<RefreshTokenRecord>;
  readonly deviceGrants: StateTable<DeviceGrant>;
  /** user code → device code. */
  readonly userCodes: StateTable<{ deviceCode: string; expiresAtMs: number }>;
  /** JWT `jti` values already exchanged, kept until the JWT itself expires (oauth_jwt: a JWT is single use). */
  readonly usedJwtIds: StateTable<{ expiresAtMs: number }>;
  /** Anti-forgery tokens of rendered forms (pages/form-guard.ts). */
  readonly formTokens: StateTable<{ binding: string; purpose: string; expiresAtMs: number }>;
  /** Conversations, messages, chats, files and bot scripts (resources/store.ts). */
  readonly resources: ResourceStore;
  /** Tokens revoked (a replay, the control API), and why: for the inspector, never consulted by a grant. */
  readonly revocations = new RevocationLog();
  /** Workflow runs (resources/workflows). */
  readonly workflowRuns: WorkflowRunStore;

  constructor(
    readonly clock: Clock,
    limits: StateLimits = { maxEntries: DEFAULT_MAX_ENTRIES },
    /** The mock's byte account, charged for what tests pile up here (bot scripts). */
    budget?: ByteAccount,
  ) {
    const now = () => clock.now();
    const cap = limits.maxEntries;
    this.pendingAuthorizations = new StateTable('pending authorizations', now, cap);
    this.codes = new StateTable('authorization codes', now, cap);
    this.accessTokens = new StateTable('access tokens', now, cap);
    this.refreshTokens = new StateTable('refresh tokens', now, cap);
    this.deviceGrants = new StateTable('device codes', now, cap);
    this.userCodes = new StateTable('device user codes', now, cap);
    this.usedJwtIds = new StateTable('used JWT ids', now, cap);
    this.formTokens = new StateTable('form tokens', now, cap);
    this.resources = new ResourceStore(clock, cap, budget);
    this.workflowRuns = new WorkflowRunStore(clock, cap);
  }

  /**
   * Revokes every access and refresh token of a family (a code or refresh token was replayed).
   * @returns how many live or expired tokens were dropped.
   */
  revokeFamily(family: TokenFamily, reason = 'a code or refresh token of its family was replayed'): number {
    if (family.length) this.revocations.record(family, reason, this.clock.now(), [...family]);
    let revoked = 0;
    for (const token of family) {
      if (this.accessTokens.delete(token)) revoked++;
      if (this.refreshTokens.delete(token)) revoked++;
    }
    family.length = 0;
    return revoked;
  }

  /** Creates a device grant with a fresh device code and a unique user code. */
  createDeviceGrant(input: Omit<DeviceGrant, 'deviceCode' | 'userCode' | 'status'>): DeviceGrant {
    // Both tables must take the grant, or neither does.
    this.deviceGrants.reserve();
    this.userCodes.reserve();
    let userCode = randomToken(8, USER_CODE_ALPHABET);
    while (this.userCodes.get(userCode)) userCode = randomToken(8, USER_CODE_ALPHABET);
    const grant: DeviceGrant = { ...input, deviceCode: randomToken(43), userCode, status: 'pending' };
    this.deviceGrants.add(grant.deviceCode, grant);
    this.userCodes.add(userCode, { deviceCode: grant.deviceCode, expiresAtMs: grant.expiresAtMs });
    return grant;
  }

  /** The device grant behind a user code as a person typed it (any case, dash optional), expired ones included. */
  findDeviceGrantByUserCode(typed: string): DeviceGrant | undefined {
    const link = this.userCodes.getIncludingExpired(normaliseUserCode(typed));
    return link ? this.deviceGrants.getIncludingExpired(link.deviceCode) : undefined;
  }

  reset(): void {
    for (const table of [
      this.pendingAuthorizations,
      this.codes,
      this.accessTokens,
      this.refreshTokens,
      this.deviceGrants,
      this.userCodes,
      this.usedJwtIds,
      this.formTokens,
    ]) {
      table.clear();
    }
    this.resources.reset();
    this.workflowRuns.clear();
    this.revocations.clear();
  }
}
