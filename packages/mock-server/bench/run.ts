/**
 * `pnpm bench`: the mock beside in-repo reference servers (bare Hono GET; bare Hono POST answering a random token;
 * bare Hono + one jose RS256 verify), each in its own process on 127.0.0.1 port 0, driven one after another in this
 * run by one load generator (autocannon). Single-use credentials are minted before each timed part. Prints req/s,
 * p50/p99 latency, server CPU µs per request and the ratio to each reference; then a streamed chat beside bare Hono
 * `streamSSE` sending the same frames (bench/stream.ts: time to first event, events per second, both as ratios); then
 * the start-up ratio (compiled CLI vs bare Hono, spawn to first 200), the heap per stored token and per stored message,
 * and the heap of full tables (bench/full-tables.ts).
 * Not part of `pnpm test`; `--quick` is (as a smoke).
 *
 * Flags: `--duration S` (seconds per scenario, default 5), `--connections N` (default 50), `--startup-runs N`
 * (default 5), `--quick` (a smoke: at most 100 requests a scenario, 4 connections), `--json` (also print the figures as one JSON line),
 * `--only startup` (only the start-up part: no load scenarios, no heap), `--cli FILE` (the start-up part times this
 * bin instead of `bin/coze-mock.js`: another build, e.g. main's, side by side with the same reference).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { DEFAULT_MAX_ENTRIES } from '../src/state/index.js';
import type { PublicFixtures } from '../src/fixtures/types.js';
import { startChild, type BenchChild } from './child.js';
import { codeExchangeBody, mintCodes, mintRefreshTokens, refreshBody, signJwts, TOKEN_PATH } from './credentials.js';
import type { FullTables } from './full-tables.js';
import { load, type LoadResult, type LoadSpec } from './load.js';
import { formatReport, formatStartup, type Report, type Scenario } from './report.js';
import { CLI, CLI_BUNDLE, measureStartup } from './startup.js';
import { recordFrames, streamLoad, type StreamSpec } from './stream.js';

const { values: flags } = parseArgs({
  // `pnpm bench -- --quick` hands over a leading `--`.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    duration: { type: 'string' },
    connections: { type: 'string' },
    'startup-runs': { type: 'string' },
    only: { type: 'string' },
    cli: { type: 'string' },
  },
});
const quick = flags.quick;
if (flags.only !== undefined && flags.only !== 'startup') throw new Error(`--only ${flags.only}: only \`--only startup\` is known`);
const onlyStartup = flags.only === 'startup';
// --quick: every run has a fixed number of requests and ends when they are answered; the time is only a guard (a run
// cut off at one second answered none for a cold reference on a loaded machine).
const seconds = Number(flags.duration ?? (quick ? 30 : 5));
const connections = Number(flags.connections ?? (quick ? 4 : 50));
const startupRuns = Number(flags['startup-runs'] ?? (quick ? 1 : 5));
/** The most single-use credentials minted for one scenario; a mock faster than its pool just finishes early. */
const poolCap = quick ? 100 : 20_000;
const probeSize = quick ? 50 : 1000;
const heapTokens = quick ? 400 : 20_000;
/** Refresh rotations before the heap is measured: enough to fill the journal (1,000 entries) to its cap. */
const heapWarmUp = quick ? 100 : 1100;
/** Streamed chats whose stored messages the heap figure counts (three each). */
const heapChats = quick ? 150 : 3000;
/** Streamed chats a smoke run makes per server (a full run streams for `seconds`). */
const quickChats = 30;

/**
 * The streamed chat of the bench: a 200-character question to the echo bot, answered four characters a delta (the
 * default chunk size): 56 events, every one at once (no pacing), as a chat whose model answers instantly.
 */
function chatSpec(f: PublicFixtures): StreamSpec {
  const echo = f.bots.find((bot) => bot.behaviour === 'echo' && bot.published)?.id as string;
  const question = 'How fast can a mock stream a chat? '.repeat(6).slice(0, 200);
  return {
    path: '/v3/chat',
    headers: { authorization: `Bearer ${f.pat}` },
    body: JSON.stringify({ bot_id: echo, user_id: 'bench', stream: true, additional_messages: [{ role: 'user', content: question, content_type: 'text' }] }),
  };
}

const t0 = performance.now();
/** A progress line on stderr (the report goes to stdout). */
const progress = (step: string) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1)} s] ${step}\n`);

/** Cycles through `items`, or hands each out once (`once`), as per-request unique parts. */
function feeder<T>(items: T[], make: (item: T) => { headers?: Record<string, string>; body?: string }, once: boolean) {
  let i = 0;
  return () => {
    if (i >= items.length && once) return undefined;
    return make(items[i++ % items.length] as T);
  };
}

/**
 * A timed run of a single-use scenario. Minting is slow next to exchanging, so a probe of `probeSize` credentials
 * first measures the mock's rate (it also warms the path up); then just enough for `seconds` at that rate are minted
 * (at most `poolCap`) for the timed run. A mock faster than its pool finishes early; the rate stays honest.
 * Returns the run and the pool it spent, so that its reference can be driven with the very same requests.
 */
async function singleUse(
  child: BenchChild,
  mint: (count: number) => Promise<string[]>,
  spec: (pool: string[]) => LoadSpec,
): Promise<{ result: LoadResult; pool: string[] }> {
  if (quick) {
    const pool = await mint(poolCap);
    return { result: await timed(child, spec(pool)), pool };
  }
  const probe = await mint(probeSize);
  const rate = (await load(child, spec(probe), { seconds, connections })).rps;
  const size = Math.max(probeSize, Math.min(poolCap, Math.ceil(rate * seconds * 1.2)));
  progress(`minting ${size}`);
  const pool = await mint(size);
  return { result: await timed(child, spec(pool)), pool };
}

/**
 * The reference driven exactly like a single-use scenario just was: the same requests (headers and bodies), the same
 * count, the same connections. A burst of a few thousand requests runs slower per request than a 5 s steady run
 * (connections ramp up, less batching per event-loop turn), so a single-use scenario is compared with this, not with
 * the reference's steady rate (which the report also gives).
 */
function samePaired(ref: BenchChild, spec: LoadSpec): Promise<LoadResult> {
  return timed(ref, { ...spec, path: '/token' });
}

/** A timed run; the quick smoke also caps the requests of scenarios without a pool (it only proves they work). */
async function timed(child: BenchChild, spec: LoadSpec): Promise<LoadResult> {
  if (quick && spec.amount === undefined) spec = { ...spec, amount: poolCap };
  progress(`${spec.method} ${spec.path} on ${child.url}${spec.next && spec.amount ? ` (${spec.amount} single-use credentials)` : ''}`);
  return load(child, spec, { seconds, connections });
}

async function withChild<T>(child: Promise<BenchChild>, body: (child: BenchChild) => Promise<T>): Promise<T> {
  const started = await child;
  try {
    return await body(started);
  } finally {
    await started.stop();
  }
}

/** bench/full-tables.ts in a fresh process with `--expose-gc`: every table filled to `maxEntries`. */
async function measureFullTablesInChild(maxEntries: number): Promise<FullTables> {
  const script = fileURLToPath(new URL('./full-tables.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--max-entries', String(maxEntries)], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as FullTables;
}

async function main() {
  let cli = flags.cli ?? CLI;
  if (quick && flags.cli === undefined) {
    // The smoke only proves the start-up measurement works: bundle the CLI with esbuild (milliseconds) instead of
    // building dist/ with tsc, and never read dist/, which the consumer test's packing empties and rebuilds while
    // `pnpm test` runs this. `pnpm bench` always builds dist/ first.
    cli = fileURLToPath(new URL('../node_modules/.cache/coze-mock-bench/cli.mjs', import.meta.url));
    const { build } = await import('esbuild');
    await build({ entryPoints: [fileURLToPath(new URL('../src/cli.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: cli, logLevel: 'warning' });
  } else if (!existsSync(cli) || (flags.cli === undefined && !existsSync(CLI_BUNDLE))) {
    throw new Error(`${flags.cli ?? CLI_BUNDLE} is missing: build first (pnpm --filter @coze-mock/server build), or run pnpm bench`);
  }
  if (onlyStartup) {
    const startup = { ...(await measureStartup(startupRuns, cli)), runs: startupRuns };
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n${formatStartup(startup)}`);
    if (flags.json) console.log(JSON.stringify({ startup }));
    return;
  }
  const scenarios: Scenario[] = [];
  let streaming: Report['streaming'] | undefined;
  const mock = await startChild('mock.ts', ['coze-mock']);
  try {
    const f = mock.ready.fixtures as PublicFixtures;
    const web = { authorization: `Bearer ${f.apps.web.clientSecret}` };

    // PAT users.me vs a bare GET.
    const getRef = await withChild(startChild('reference.ts', ['get']), async (ref) => {
      if (!quick) await load(ref, { method: 'GET', path: '/hello' }, { seconds: 1, connections });
      return timed(ref, { method: 'GET', path: '/hello' });
    });
    scenarios.push({ name: 'reference: bare Hono GET /hello', result: getRef });
    if (!quick) await load(mock, { method: 'GET', path: '/v1/users/me', headers: { authorization: `Bearer ${f.pat}` } }, { seconds: 1, connections });
    const pat = await timed(mock, { method: 'GET', path: '/v1/users/me', headers: { authorization: `Bearer ${f.pat}` } });
    scenarios.push({ name: 'mock: PAT GET /v1/users/me', result: pat, reference: { name: 'bare GET', result: getRef, goal: 0.5 } });

    // JWT exchange vs one jose verify. The reference may reuse JWTs (it keeps no jti); the mock gets each once.
    const someJwts = await signJwts(f, probeSize);
    const publicKey = Buffer.from(f.apps.jwt.publicKey).toString('base64url');
    const jwtBody = JSON.stringify({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', duration_seconds: 900 });
    const jwtSpec = (jwts: string[]): LoadSpec => ({ method: 'POST', path: TOKEN_PATH, body: jwtBody, next: feeder(jwts, (token) => ({ headers: { authorization: `Bearer ${token}` } }), true), amount: jwts.length });
    await withChild(startChild('reference.ts', ['jose', publicKey]), async (ref) => {
      const steady = await timed(ref, { method: 'POST', path: '/token', body: '{}', next: feeder(someJwts, (jwt) => ({ headers: { authorization: `Bearer ${jwt}` } }), false) });
      scenarios.push({ name: 'reference: bare Hono + jose RS256 verify', result: steady });
      const jwt = await singleUse(mock, (count) => signJwts(f, count), jwtSpec);
      const paired = await samePaired(ref, jwtSpec(jwt.pool));
      scenarios.push({ name: 'reference: jose verify, the same JWTs', result: paired });
      scenarios.push({ name: 'mock: JWT exchange (fresh JWT each)', result: jwt.result, reference: { name: 'jose verify, same JWTs', result: paired, goal: 0.8, steady } });
    });

    // Code exchange, refresh and device code vs a POST that parses JSON and answers a random token.
    const codeSpec = (codes: string[]): LoadSpec => ({ method: 'POST', path: TOKEN_PATH, headers: web, next: feeder(codes, (c) => ({ body: codeExchangeBody(f, c) }), true), amount: codes.length });
    const refreshSpec = (tokens: string[]): LoadSpec => ({ method: 'POST', path: TOKEN_PATH, headers: web, next: feeder(tokens, (r) => ({ body: refreshBody(f, r) }), true), amount: tokens.length });
    await withChild(startChild('reference.ts', ['post']), async (ref) => {
      const steady = await timed(ref, { method: 'POST', path: '/token', body: codeExchangeBody(f, 'code_reference') });
      scenarios.push({ name: 'reference: bare Hono POST, random token', result: steady });
      const code = await singleUse(mock, (count) => mintCodes(mock.url, f, count), codeSpec);
      const codeRef = await samePaired(ref, codeSpec(code.pool));
      scenarios.push({ name: 'reference: bare POST, the same code requests', result: codeRef });
      scenarios.push({ name: 'mock: code exchange (fresh code each)', result: code.result, reference: { name: 'POST random token, same requests', result: codeRef, goal: 0.7, steady } });
      const refresh = await singleUse(mock, (count) => mintRefreshTokens(mock.url, f, count), refreshSpec);
      const refreshRef = await samePaired(ref, refreshSpec(refresh.pool));
      scenarios.push({ name: 'reference: bare POST, the same refresh requests', result: refreshRef });
      scenarios.push({ name: 'mock: refresh (fresh refresh token each)', result: refresh.result, reference: { name: 'POST random token, same requests', result: refreshRef, goal: 0.7, steady } });
      const device = await timed(mock, { method: 'POST', path: '/api/permission/oauth2/device/code', body: JSON.stringify({ client_id: f.apps.device.clientId }) });
      scenarios.push({ name: 'mock: POST …/device/code', result: device, reference: { name: 'POST random token', result: steady } });
    });

    // A streamed chat vs bare Hono streamSSE sending the very frames of one chat the mock streamed.
    const spec = chatSpec(f);
    const frames = await recordFrames(mock.url, spec);
    const streamOptions = { seconds, connections, ...(quick ? { amount: quickChats } : {}) };
    streaming = await withChild(startChild('reference.ts', ['sse', Buffer.from(JSON.stringify(frames)).toString('base64url')]), async (ref) => {
      progress(`POST /v3/chat streamed on ${ref.url} (reference)`);
      if (!quick) await streamLoad(ref, spec, { ...streamOptions, seconds: 1 });
      const reference = await streamLoad(ref, spec, streamOptions);
      progress(`POST /v3/chat streamed on ${mock.url}`);
      if (!quick) await streamLoad(mock, spec, { ...streamOptions, seconds: 1 });
      return { events: frames.length, bytes: Buffer.byteLength(frames.join('')), reference, mock: await streamLoad(mock, spec, streamOptions) };
    });
  } finally {
    await mock.stop();
  }

  progress('start-up');
  const startup = await measureStartup(startupRuns, cli);
  progress('heap');
  const heap = await withChild(startChild('mock.ts', [`bench-heap`], { exposeGc: true }), (child) =>
    child.ask<{ tokens: number; bytes: number; bytesPerToken: number }>('heap', { count: heapTokens, warmUp: heapWarmUp }),
  );
  const chatHeap = await withChild(startChild('mock.ts', [`bench-chat-heap`], { exposeGc: true }), (child) =>
    child.ask<Report['chatHeap']>('chatHeap', { count: heapChats, warmUp: heapWarmUp }),
  );
  progress('full tables');
  const fullTables = await measureFullTablesInChild(quick ? 2_000 : DEFAULT_MAX_ENTRIES);
  progress('done');
  const report: Report = { quick, seconds, connections, scenarios, streaming: streaming as Report['streaming'], startup: { ...startup, runs: startupRuns }, heap, chatHeap, fullTables };
  console.log(formatReport(report));
  if (flags.json) console.log(JSON.stringify(report));
  if (scenarios.some((s) => s.result.unexpected > 0) || report.streaming.mock.unexpected + report.streaming.reference.unexpected > 0) process.exitCode = 1;
}

await main();
