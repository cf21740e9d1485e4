/**
 * Soak benchmark (not a test; issue 8 Build 8, issue 17 Build): a mixed load of a million requests against the mock
 * forked on 127.0.0.1 (bench/soak-server.ts) and spread over the root and its sandboxes, bounded by a count and a
 * time limit, with the server's RSS sampled every second. Then every grant each target held back (unexchanged codes,
 * live refresh tokens) is redeemed: each must still work. Prints req/s, the status histogram, any 5xx, the RSS
 * curve, the byte budgets and what the root's tables hold; exits 1 on a 5xx, a network error or a lost grant.
 *
 *   pnpm --filter @coze-mock/server soak                                   # 1 000 000 requests, ≤ 15 min
 *   pnpm --filter @coze-mock/server exec tsx bench/soak.ts --requests 20000      # a quick check
 *   … --minutes 5 --concurrency 32 --sandboxes 10 --jwts 2000 --config '{"limits":{"maxEntries":1000}}' --json soak.json
 *
 * The mix (bench/soak-mix.ts): PAT `users.me` and `/v1/workspaces`, device codes, token errors, JWT exchanges from a
 * pool of pre-signed JWTs (first use 200, replays 401), whole web flows, scripted replies used once (some heavy enough
 * to meet the byte budget) and journal waits.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_BYTE_BUDGETS } from '../src/budget.js';
import { DEFAULT_LIFETIMES } from '../src/config/schema.js';
import type { PublicFixtures } from '../src/fixtures/types.js';
import { createMix, newTarget, type Reply, type Target } from './soak-mix.js';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    minutes: { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '32' },
    sandboxes: { type: 'string', default: '10' },
    jwts: { type: 'string', default: '2000' },
    config: { type: 'string', default: '{}' },
    json: { type: 'string' },
  },
});
const MAX_REQUESTS = Number(flags.requests);
const DEADLINE = performance.now() + Number(flags.minutes) * 60_000;
const CONCURRENCY = Number(flags.concurrency);

// ---------------------------------------------------------------- the server

interface ServerStats {
  tables: Record<string, number>;
  journalBytes: number;
  budget: Record<string, { bytes: number; limit: number }>;
  /** The server's heap after a full collection, at start and at stop. */
  heapAfterGc: { start: number; end: number };
}
const HERE = dirname(fileURLToPath(import.meta.url));
const child = fork(join(HERE, 'soak-server.ts'), [flags.config], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const rssSamples: number[] = [];
let stats: ServerStats | undefined;
const ready = new Promise<{ url: string; fixtures: PublicFixtures; rss: number }>((resolve, reject) => {
  child.on('message', (message: { type: string; url: string; fixtures: PublicFixtures; rss: number; stats: ServerStats }) => {
    if (message.type === 'ready') resolve(message);
    else if (message.type === 'rss') rssSamples.push(message.rss);
    else if (message.type === 'stats') stats = message.stats;
  });
  child.once('exit', (code) => reject(new Error(`the soak server exited early (code ${code})`)));
});
const { url, fixtures, rss: startRss } = await ready;
const { hostname, port } = new URL(url);

// ---------------------------------------------------------------- HTTP

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });
const statuses = new Map<number, number>();
const serverErrors: string[] = [];
const networkErrorMessages: string[] = [];
let sent = 0;
let networkErrors = 0;

function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  sent++;
  return new Promise((resolve) => {
    const req = request({ host: hostname, port, path, method, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 && serverErrors.length < 20) serverErrors.push(`${method} ${path} → ${status} ${text.slice(0, 200)}`);
        resolve({ status, headers: res.headers, text });
      });
    });
    req.on('error', (error) => {
      networkErrors++;
      if (networkErrorMessages.length < 5) networkErrorMessages.push(`${method} ${path}: ${error.message}`);
      resolve({ status: 0, headers: {}, text: '' });
    });
    req.end(body);
  });
}

// ---------------------------------------------------------------- the targets

const targets: Target[] = [newTarget('')];
for (let i = 0; i < Number(flags.sandboxes); i++) {
  const created = await send('POST', '/__mock/sandboxes', { 'content-type': 'application/json' }, '{}');
  targets.push(newTarget(`/__sandbox/${(JSON.parse(created.text) as { id: string }).id}`));
}
const config = JSON.parse(flags.config) as { lifetimes?: { codeSeconds?: number; refreshTokenSeconds?: number } };
const lifetimes = { codeSeconds: config.lifetimes?.codeSeconds ?? DEFAULT_LIFETIMES.codeSeconds, refreshTokenSeconds: config.lifetimes?.refreshTokenSeconds ?? DEFAULT_LIFETIMES.refreshTokenSeconds };
const mix = createMix(send, fixtures, url, { jwts: Number(flags.jwts), lifetimes });

// ---------------------------------------------------------------- run

const started = performance.now();
let lastReport = started;
const done = () => sent >= MAX_REQUESTS || performance.now() >= DEADLINE;
async function worker(): Promise<void> {
  while (!done()) {
    await mix.pick()(targets[Math.floor(Math.random() * targets.length)] as Target);
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      const rss = rssSamples.at(-1) ?? startRss;
      process.stderr.write(`[soak] ${sent} requests, ${Math.round(sent / ((lastReport - started) / 1000))} req/s, RSS ${(rss / 2 ** 20).toFixed(0)} MiB\n`);
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const seconds = (performance.now() - started) / 1000;
const loadRequests = sent;
// Every grant still held must redeem now.
for (const target of targets) await mix.redeemAll(target);

const statsArrived = new Promise((resolve) => child.once('exit', resolve));
child.send({ type: 'stop' });
await statsArrived;
agent.destroy();

// ---------------------------------------------------------------- report

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const at = (fraction: number) => rssSamples[Math.min(rssSamples.length - 1, Math.floor(rssSamples.length * fraction))] ?? startRss;
const fiveXX = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
const lost = targets.flatMap((t) => t.ledger.lost.map((what) => `${t.base || '/'}: ${what}`));
const sum = (pick: (t: Target) => number) => targets.reduce((n, t) => n + pick(t), 0);
const perMockBudget = DEFAULT_BYTE_BUDGETS.replyBytes + DEFAULT_BYTE_BUDGETS.scriptBytes + DEFAULT_BYTE_BUDGETS.journalBytes;
const summary = {
  requests: loadRequests,
  redeemRequests: sent - loadRequests,
  seconds: Math.round(seconds * 10) / 10,
  requestsPerSecond: Math.round(loadRequests / seconds),
  stoppedBy: loadRequests >= MAX_REQUESTS ? 'count' : 'time',
  concurrency: CONCURRENCY,
  mocks: targets.length,
  statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
  fiveXX,
  networkErrors,
  grants: { redeemed: sum((t) => t.ledger.redeemed), refusedTableFull: sum((t) => t.ledger.refusedFull), expiredFirst: sum((t) => t.ledger.expired), lost: lost.length },
  replies: { added: sum((t) => t.replies.added), refusedByBudget: sum((t) => t.replies.refused) },
  journalWaits: { answered: sum((t) => t.waits.answered), refused: sum((t) => t.waits.refused) },
  rssMiB: { start: mib(startRss), q1: mib(at(0.25)), half: mib(at(0.5)), q3: mib(at(0.75)), max: mib(Math.max(startRss, ...rssSamples)), end: mib(rssSamples.at(-1) ?? startRss), samples: rssSamples.length },
  byteBudgetsMiB: { perMock: mib(perMockBudget), allMocks: mib(perMockBudget * targets.length) },
  heapAfterGcMiB: stats && { start: mib(stats.heapAfterGc.start), end: mib(stats.heapAfterGc.end) },
  root: stats && { tables: stats.tables, journalBytes: stats.journalBytes, budget: stats.budget },
  config,
};
console.log(JSON.stringify(summary, null, 2));
if (networkErrorMessages.length) console.log(`network errors:\n  ${networkErrorMessages.join('\n  ')}`);
if (serverErrors.length) console.log(`first 5xx replies:\n  ${serverErrors.join('\n  ')}`);
if (lost.length) console.log(`grants that did not redeem:\n  ${lost.slice(0, 20).join('\n  ')}`);
if (flags.json) writeFileSync(flags.json, `${JSON.stringify(summary, null, 2)}\n`);
process.exitCode = fiveXX || networkErrors || lost.length ? 1 : 0;
