/**
 * Heap of a mock whose every state table is full (issue 7: "full tables within 256 MiB of heap"). Fills each table of
 * a fresh in-process mock to its cap (default 100,000 records each, or `--max-entries N`) and prints the heap used
 * after a full GC, before and after, as one JSON line. Tokens, device grants and user codes go through the functions
 * the grants use; pending consents, codes, form tokens and used JWT ids are the records their routes store, with
 * strings of the same lengths.
 * Usage: `node --expose-gc --import tsx bench/full-tables.ts [--max-entries N]` (`pnpm bench` runs it).
 */
import { parseArgs } from 'node:util';
import { createMockApp } from '../src/app.js';
import { DEFAULT_MAX_ENTRIES, randomToken } from '../src/state/index.js';
import { issueUserTokens } from '../src/tokens.js';

/** What a full mock holds. */
export interface FullTables {
  maxEntries: number;
  /** Records held, all tables together. */
  records: number;
  /** Heap used by them after a full GC, MiB. */
  heapMiB: number;
  /** Heap used by the whole process then, MiB. */
  totalHeapMiB: number;
}

/**
 * Fills every table of a fresh mock to `maxEntries` and measures the heap it holds.
 *
 * @example
 * measureFullTables(100_000); // { records: 800000, heapMiB: 210.3, … }
 */
export function measureFullTables(maxEntries = DEFAULT_MAX_ENTRIES): FullTables {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const heap = () => (gc(), gc(), process.memoryUsage().heapUsed);
  const { mock } = createMockApp({ limits: { maxEntries } });
  const { store } = mock;
  const web = mock.fixtures.primary.web;
  const redirectUri = web.redirectUris[0] as string;
  const expiresAtMs = mock.clock.now() + 3_600_000;
  const before = heap();
  for (let i = 0; i < maxEntries; i++) {
    const key = randomToken(32);
    store.pendingAuthorizations.add(key, { key, clientId: web.clientId, redirectUri, state: `state-${i}`, workspaceId: undefined, codeChallenge: randomToken(43), codeChallengeMethod: 'S256', expiresAtMs });
    const code = `code_${randomToken(48)}`;
    store.codes.add(code, { code, clientId: web.clientId, redirectUri, userId: mock.fixtures.defaultUserId, workspaceId: undefined, codeChallenge: randomToken(43), codeChallengeMethod: 'S256', expiresAtMs, usedAtMs: undefined, family: undefined });
    store.formTokens.add(randomToken(40), { binding: randomToken(32), purpose: `consent:${key}`, expiresAtMs });
    store.usedJwtIds.add(`${mock.fixtures.primary.jwt.clientId}:${randomToken(36)}`, { expiresAtMs });
    store.createDeviceGrant({ clientId: web.clientId, workspaceId: undefined, intervalSeconds: 5, expiresAtMs });
    issueUserTokens(mock, { clientId: web.clientId, userId: mock.fixtures.defaultUserId, workspaceId: undefined, permissions: web.permissions, grant: 'authorization_code' });
  }
  const after = heap();
  const tables = [store.pendingAuthorizations, store.codes, store.accessTokens, store.refreshTokens, store.deviceGrants, store.userCodes, store.usedJwtIds, store.formTokens];
  const full = tables.filter((table) => table.size === maxEntries).length;
  if (full !== tables.length) throw new Error(`only ${full} of ${tables.length} tables filled`);
  return {
    maxEntries,
    records: tables.reduce((sum, table) => sum + table.size, 0),
    heapMiB: (after - before) / 2 ** 20,
    totalHeapMiB: after / 2 ** 20,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { 'max-entries': { type: 'string' } }, strict: true });
  console.log(JSON.stringify(measureFullTables(Number(values['max-entries'] ?? DEFAULT_MAX_ENTRIES))));
}
