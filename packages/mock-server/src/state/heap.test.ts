/**
 * The heap a stored token costs. A measurement, not a unit test of the store: it runs outside the mutation unit suite
 * (vitest.suites.ts), whose instrumentation makes each record dearer and the run slow.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app.js';
import { issueServiceToken, issueUserTokens } from '../tokens.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const grant = (permissions: readonly string[]) =>
  ({ clientId: 'client', userId: 'user', workspaceId: undefined, permissions, grant: 'authorization_code' }) as const;

describe('MockStore', () => {
  it('holds a stored token in at most 300 bytes of heap (flat strings, shared lists)', () => {
    const { mock } = createMockApp();
    const permissions = mock.fixtures.primary.web.permissions;
    // Sizes that fill each Map's hash table (16,384 and 8,192 slots), so its spare room is not counted against us.
    const pairs = 8_000;
    const services = 8_000;
    // Warm up shapes and the random pool so only the records are measured.
    issueUserTokens(mock, grant(permissions));
    mock.store.reset();
    const before = heapAfterGc();
    for (let i = 0; i < pairs; i++) issueUserTokens(mock, grant(permissions));
    for (let i = 0; i < services; i++) issueServiceToken(mock, { grant: 'jwt_bearer', appId: 'app', userId: 'user', permissions, durationSeconds: 900 });
    const perToken = (heapAfterGc() - before) / (pairs * 2 + services);
    expect(mock.store.accessTokens.size + mock.store.refreshTokens.size).toBe(pairs * 2 + services);
    expect(perToken).toBeLessThanOrEqual(300);
    expect(perToken).toBeGreaterThan(50); // the measurement saw the records at all
  });

});
