/**
 * The mock under benchmark, in its own process (forked by bench/run.ts with `--expose-gc`), so the load generator
 * does not share its event loop and memory figures are the server's alone. Talks to the parent over IPC:
 * `ready` once listening; answers `memory` (after a full GC) and `stop`.
 */
import { startMockServer } from '../src/server.js';

const seed = process.argv[2] ?? 'bench';
const started = performance.now();
const server = await startMockServer({ port: 0, seed });
const startupMs = performance.now() - started;

type Message = { type: 'memory' } | { type: 'stop' };

process.on('message', (message: Message) => {
  if (message.type === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const { store } = server.app.mock;
    process.send?.({
      type: 'memory',
      rss,
      heapUsed,
      heapTotal,
      external,
      accessTokens: store.accessTokens.size,
      refreshTokens: store.refreshTokens.size,
      journal: server.app.mock.journal.entries().length,
    });
  } else if (message.type === 'stop') {
    void server.close().then(() => process.exit(0));
  }
});

process.send?.({ type: 'ready', url: server.url, fixtures: server.fixtures, startupMs });
