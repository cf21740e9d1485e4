/**
 * Benchmark of the mock server (`pnpm --filter @coze-mock/server bench`; not part of `pnpm test`).
 *
 * Starts the mock in a child process on 127.0.0.1, port 0 (bench/server.ts), and drives it from this process with a
 * small keep-alive HTTP client: every scenario is bounded by a request count and a time limit, whichever comes first.
 * Measures throughput and latency (p50/p99) for PAT `users.me`, token refresh, JWT exchange and device polling; the
 * server's memory before and after 20k issued tokens; and fixture start-up (seeded RSA key generation).
 *
 * Options: `--quick` (smaller counts, for a smoke run), `--concurrency N` (default 8).
 */
import { fork } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPKCS8, SignJWT } from 'jose';
import { createControlClient } from '../src/control/client.js';
import { createFixtures } from '../src/fixtures/index.js';
import type { PublicFixtures } from '../src/fixtures/types.js';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const CONCURRENCY = Number(args[args.indexOf('--concurrency') + 1]) || 8;
const LIMITS = QUICK ? { requests: 500, seconds: 3, tokens: 2000, jwts: 300 } : { requests: 10_000, seconds: 10, tokens: 20_000, jwts: 2000 };
const TOKEN_PATH = '/api/permission/oauth2/token';
const HERE = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- a minimal keep-alive client

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
let base = new URL('http://127.0.0.1');

interface Reply {
  status: number;
  body: string;
}

function send(method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(payload);
  });
}

const json = <T>(reply: Reply): T => JSON.parse(reply.body) as T;

// ---------------------------------------------------------------- the load loop

interface Result {
  scenario: string;
  requests: number;
  unexpected: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/**
 * Runs `step(worker, i)` from `concurrency` workers until `total` requests were made or `seconds` passed.
 * `step` returns whether the reply was the expected one.
 */
async function load(
  scenario: string,
  total: number,
  step: (worker: number, i: number) => Promise<boolean>,
  { seconds: limitSeconds = LIMITS.seconds, concurrency = CONCURRENCY } = {},
): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  let unexpected = 0;
  const started = performance.now();
  const deadline = started + limitSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < total && performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        const ok = await step(worker, i);
        latencies.push(performance.now() - t0);
        if (!ok) unexpected++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { scenario, requests: latencies.length, unexpected, seconds, rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 };
}

// ---------------------------------------------------------------- the server under test

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  accessTokens: number;
  refreshTokens: number;
  journal: number;
}

function startServer(seed: string) {
  const child = fork(join(HERE, 'server.ts'), [seed], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const kill = setTimeout(() => child.kill('SIGKILL'), 10 * 60 * 1000);
  kill.unref();
  const ready = new Promise<{ url: string; fixtures: PublicFixtures; startupMs: number }>((resolve, reject) => {
    child.once('message', (message: { type: string; url: string; fixtures: PublicFixtures; startupMs: number }) => resolve(message));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const memory = () =>
    new Promise<Memory>((resolve) => {
      child.once('message', (message: Memory) => resolve(message));
      child.send({ type: 'memory' });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ type: 'stop' });
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return { ready, memory, stop };
}

// ---------------------------------------------------------------- flows that set the scenarios up

async function webTokens(f: PublicFixtures, control: ReturnType<typeof createControlClient>) {
  const { clientId, clientSecret, redirectUris } = f.apps.web;
  const redirect = redirectUris[0] as string;
  const authorize = `${base.origin}/api/permission/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirect, state: '' })}`;
  const { code } = await control.completeConsent(authorize);
  const reply = await send('POST', TOKEN_PATH, { authorization: `Bearer ${clientSecret}` }, { grant_type: 'authorization_code', client_id: clientId, redirect_uri: redirect, code });
  return json<{ access_token: string; refresh_token: string }>(reply);
}

/** `count` refresh chains, one per worker: each refresh rotates that worker's refresh token. */
async function refreshChains(f: PublicFixtures, control: ReturnType<typeof createControlClient>, count: number) {
  const chains = await Promise.all(Array.from({ length: count }, async () => (await webTokens(f, control)).refresh_token));
  const { clientId, clientSecret } = f.apps.web;
  return async (worker: number) => {
    const reply = await send('POST', TOKEN_PATH, { authorization: `Bearer ${clientSecret}` }, { grant_type: 'refresh_token', client_id: clientId, refresh_token: chains[worker] });
    if (reply.status !== 200) return false;
    chains[worker] = json<{ refresh_token: string }>(reply).refresh_token;
    return true;
  };
}

async function signJwts(f: PublicFixtures, count: number): Promise<string[]> {
  const { appId, keyId, privateKey } = f.apps.jwt;
  const key = await importPKCS8(privateKey, 'RS256');
  const iat = Math.floor(Date.now() / 1000);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      new SignJWT({ iss: appId, aud: 'api.coze.cn', iat, exp: iat + 3600, jti: `bench-${iat}-${i}` }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keyId }).sign(key),
    ),
  );
}

// ---------------------------------------------------------------- report

const ms = (value: number) => value.toFixed(2);
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function table(results: Result[]): string {
  const rows = results.map((r) => `| ${r.scenario} | ${r.requests} | ${r.unexpected} | ${r.seconds.toFixed(2)} | ${Math.round(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} |`);
  return ['| scenario | requests | unexpected | s | req/s | p50 ms | p99 ms | max ms |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

async function main() {
  const cpu = cpus();
  console.log(`# coze-mock benchmark${QUICK ? ' (quick)' : ''}`);
  console.log(`node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${mib(totalmem())} MiB, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`concurrency ${CONCURRENCY}; each scenario stops at ${LIMITS.requests} requests or ${LIMITS.seconds} s\n`);

  // Fixture start-up: fresh seeds, so the in-process key cache cannot help.
  const seeds = Array.from({ length: QUICK ? 3 : 8 }, (_, i) => `bench-startup-${Date.now()}-${i}`);
  const startups = seeds.map((seed) => {
    const t0 = performance.now();
    createFixtures({ seed });
    return performance.now() - t0;
  });
  startups.sort((a, b) => a - b);
  console.log(`## Fixture start-up (seeded 2048-bit RSA key generation included), ${seeds.length} fresh seeds`);
  console.log(`min ${ms(startups[0] ?? 0)} ms, median ${ms(percentile(startups, 50))} ms, max ${ms(startups.at(-1) ?? 0)} ms\n`);

  const server = startServer(`bench-${Date.now()}`);
  const { url, fixtures: f, startupMs } = await server.ready;
  base = new URL(url);
  const control = createControlClient(url);
  console.log(`server ${url}: startMockServer took ${ms(startupMs)} ms in the child\n`);

  try {
    // Memory first, on the freshly started server, then after N tokens issued over HTTP through refresh chains (each
    // refresh keeps an access and a refresh token; the rotated refresh token stays until it expires, for reuse detection).
    const before = await server.memory();
    const issue = await refreshChains(f, control, CONCURRENCY);
    const issued = await load(`issue ${LIMITS.tokens} tokens (refresh)`, LIMITS.tokens, (worker) => issue(worker), { seconds: 120 });
    const after = await server.memory();
    const perToken = (after.heapUsed - before.heapUsed) / Math.max(1, after.accessTokens - before.accessTokens);
    console.log(`## Memory of the server process (after a full GC), before and after ${issued.requests} tokens issued over HTTP`);
    console.log('| | RSS MiB | heap used MiB | heap total MiB | access tokens | refresh tokens | journal entries |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [label, m] of [['before', before], ['after', after]] as const) {
      console.log(`| ${label} | ${mib(m.rss)} | ${mib(m.heapUsed)} | ${mib(m.heapTotal)} | ${m.accessTokens} | ${m.refreshTokens} | ${m.journal} |`);
    }
    console.log(`\nheap per issued token (access + refresh record, rotated refresh kept): ${Math.round(perToken)} bytes; issuing ran at ${Math.round(issued.rps)} req/s, p99 ${ms(issued.p99)} ms\n`);
    await control.reset();

    const results: Result[] = [];
    const pat = { authorization: `Bearer ${f.pat}` };
    // Warm-up: JIT and connection pool.
    await load('warm-up', 500, async () => (await send('GET', '/v1/users/me', pat)).status === 200);

    results.push(await load('PAT users.me (GET /v1/users/me)', LIMITS.requests, async () => (await send('GET', '/v1/users/me', pat)).status === 200));

    const refresh = await refreshChains(f, control, CONCURRENCY);
    results.push(await load('token refresh (rotating)', LIMITS.requests, (worker) => refresh(worker)));

    const signStarted = performance.now();
    const jwts = await signJwts(f, LIMITS.jwts);
    const signMs = performance.now() - signStarted;
    results.push(
      await load('JWT exchange (RS256 verify, jti)', jwts.length, async (_w, i) => {
        const reply = await send('POST', TOKEN_PATH, { authorization: `Bearer ${jwts[i]}` }, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' });
        return reply.status === 200;
      }),
    );

    // One fresh device code per poll, so each poll is an honest authorization_pending (not slow_down).
    const deviceCodes: string[] = [];
    const { clientId: deviceClient } = f.apps.device;
    results.push(
      await load('device code issue (POST device/code)', LIMITS.requests, async () => {
        const reply = await send('POST', '/api/permission/oauth2/device/code', {}, { client_id: deviceClient });
        deviceCodes.push(json<{ device_code: string }>(reply).device_code);
        return reply.status === 200;
      }),
    );
    results.push(
      await load('device poll (authorization_pending)', deviceCodes.length, async (_w, i) => {
        const reply = await send('POST', TOKEN_PATH, {}, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: deviceClient, device_code: deviceCodes[i] });
        return reply.status === 400 && reply.body.includes('authorization_pending');
      }),
    );

    console.log('## Throughput and latency');
    console.log(table(results));
    console.log(`\n(signing the ${jwts.length} JWTs beforehand took ${ms(signMs)} ms on the client side; not counted above)\n`);

    if (results.some((r) => r.unexpected > 0) || issued.unexpected > 0) {
      console.log('\nWARNING: some replies were not the expected ones (see "unexpected").');
      process.exitCode = 1;
    }
  } finally {
    agent.destroy();
    await server.stop();
  }
}

await main();
