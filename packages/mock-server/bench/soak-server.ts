/**
 * The mock under soak (bench/soak.ts forks it), alone in its process so its RSS is the server's. Sends `ready` with
 * its URL and fixtures, then its RSS every second; on `stop`, the root mock's table sizes, journal bytes and byte
 * budgets, then exits. argv[2]: the config as JSON (`{}` by default).
 */
import { startMockServer } from '../src/server.js';
import type { MockConfig } from '../src/config/schema.js';

const config = JSON.parse(process.argv[2] ?? '{}') as MockConfig;
const server = await startMockServer({ port: 0, host: '127.0.0.1', seed: 'beta', config });
/** The heap the process holds after a full collection (forked with --expose-gc), in bytes. */
const liveHeap = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};
const startHeap = liveHeap();
const sampler = setInterval(() => process.send?.({ type: 'rss', rss: process.memoryUsage().rss }), 1000);

process.on('message', (message: { type: string }) => {
  if (message.type !== 'stop') return;
  clearInterval(sampler);
  const { store, journal, budget } = server.app.mock;
  const stats = {
    tables: Object.fromEntries(
      (['pendingAuthorizations', 'codes', 'accessTokens', 'refreshTokens', 'deviceGrants', 'userCodes', 'usedJwtIds', 'formTokens'] as const).map((name) => [name, store[name].size]),
    ),
    journalBytes: journal.bytes(),
    budget: budget.usage(),
    heapAfterGc: { start: startHeap, end: liveHeap() },
  };
  // Exit once the stats are delivered.
  process.send?.({ type: 'stats', stats }, () => void server.close().then(() => process.exit(0)));
});
process.on('disconnect', () => process.exit(0));

process.send?.({ type: 'ready', url: server.url, fixtures: server.fixtures, rss: process.memoryUsage().rss });
