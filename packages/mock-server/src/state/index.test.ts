import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app.js';
import { CapacityError } from '../errors.js';
import { issueServiceToken, issueUserTokens } from '../tokens.js';
import { MockStore, randomToken } from './index.js';
import { createClock } from '../clock.js';

const grant = (permissions: readonly string[]) =>
  ({ clientId: 'client', userId: 'user', workspaceId: undefined, permissions, grant: 'authorization_code' }) as const;

describe('MockStore', () => {
  it('revokes a token family through its index and returns how many tokens it dropped', () => {
    const { mock } = createMockApp();
    const permissions = mock.fixtures.primary.web.permissions;
    const first = issueUserTokens(mock, grant(permissions));
    const second = issueUserTokens(mock, { ...grant(permissions), family: first.refresh.family });
    const other = issueUserTokens(mock, grant(permissions));
    expect(mock.store.revokeFamily(first.refresh.family)).toBe(4);
    for (const token of [first.access.token, second.access.token]) expect(mock.store.accessTokens.get(token)).toBeUndefined();
    for (const token of [first.refresh.token, second.refresh.token]) expect(mock.store.refreshTokens.get(token)).toBeUndefined();
    expect(mock.store.accessTokens.get(other.access.token)).toBeDefined();
    expect(mock.store.revokeFamily(first.refresh.family)).toBe(0);
  });

  it('logs why a family was revoked (a replay, unless told otherwise), with the family as it was, and logs no empty family', () => {
    const { mock } = createMockApp();
    const permissions = mock.fixtures.primary.web.permissions;
    const replayed = issueUserTokens(mock, grant(permissions));
    const revoked = issueUserTokens(mock, grant(permissions));
    mock.store.revokeFamily(replayed.refresh.family);
    mock.store.revokeFamily(revoked.refresh.family, 'revoked through the control API');
    expect(mock.store.revocations.find(replayed.access.token)).toMatchObject({
      reason: 'a code or refresh token of its family was replayed',
      family: [replayed.access.token, replayed.refresh.token],
    });
    expect(mock.store.revocations.find(revoked.refresh.token)?.reason).toBe('revoked through the control API');
    const logged = [...mock.store.revocations.tokens()].length;
    mock.store.revokeFamily([]);
    expect([...mock.store.revocations.tokens()]).toHaveLength(logged);
  });

  it('issues a token pair into both tables or neither when one is full', () => {
    const { mock } = createMockApp({ limits: { maxEntries: 2 } });
    const permissions = mock.fixtures.primary.web.permissions;
    issueUserTokens(mock, grant(permissions));
    issueServiceToken(mock, { grant: 'jwt_bearer', appId: 'app', userId: 'user', permissions, durationSeconds: 900 });
    // Access tokens: full (2); refresh tokens: 1. A new pair is refused whole.
    expect(() => issueUserTokens(mock, grant(permissions))).toThrow(CapacityError);
    expect(mock.store.refreshTokens.size).toBe(1);
  });

  it('creates a device grant in both tables or neither', () => {
    const clock = createClock({ frozenAt: 0 });
    const store = new MockStore(clock, { maxEntries: 1 });
    store.createDeviceGrant({ clientId: 'c', workspaceId: undefined, intervalSeconds: 5, expiresAtMs: 300_000 });
    expect(() => store.createDeviceGrant({ clientId: 'c', workspaceId: undefined, intervalSeconds: 5, expiresAtMs: 300_000 })).toThrow(
      CapacityError,
    );
    expect(store.deviceGrants.size).toBe(1);
    expect(store.userCodes.size).toBe(1);
  });
});

describe('MockStore tables', () => {
  it('name themselves in the 429 a full table answers, and share one cap (the default or limits.maxEntries)', () => {
    const store = new MockStore(createClock({ frozenAt: 0 }));
    const tables = {
      pendingAuthorizations: 'pending authorizations',
      codes: 'authorization codes',
      accessTokens: 'access tokens',
      refreshTokens: 'refresh tokens',
      deviceGrants: 'device codes',
      userCodes: 'device user codes',
      usedJwtIds: 'used JWT ids',
      formTokens: 'form tokens',
    } as const;
    for (const [table, name] of Object.entries(tables)) {
      expect(store[table as keyof typeof tables].name).toBe(name);
      expect(store[table as keyof typeof tables].capacity).toBe(100_000);
    }
    expect(new MockStore(createClock({ frozenAt: 0 }), { maxEntries: 7 }).codes.capacity).toBe(7);
  });

  it('never hands out a user code that a live grant holds', () => {
    const store = new MockStore(createClock({ frozenAt: 0 }));
    const codes = new Set<string>();
    for (let i = 0; i < 2000; i++) codes.add(store.createDeviceGrant({ clientId: 'c', workspaceId: undefined, intervalSeconds: 5, expiresAtMs: 1000 }).userCode);
    expect(codes.size).toBe(2000);
    expect(store.userCodes.size).toBe(2000);
  });
});

describe('randomToken', () => {
  it('draws flat strings from the alphabet, uniformly enough', () => {
    const counts = new Map<string, number>();
    const text = Array.from({ length: 2000 }, () => randomToken(31)).join('');
    for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(text).toMatch(/^[0-9A-Za-z]+$/);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) expect(count).toBeGreaterThan(600); // expected 1000 each
    expect(randomToken(15, '0123456789ABCDEF')).toMatch(/^[0-9A-F]{15}$/);
    expect(randomToken(1000)).toHaveLength(1000);
  });
});
