/**
 * Soak benchmark (not a test; issue 8 Build 8): a mixed load of at least a million requests against the mock forked
 * on 127.0.0.1 (bench/soak-server.ts), bounded by a count and a time limit, with the server's RSS sampled every
 * second. Prints req/s, the status histogram, any 5xx, the RSS curve's start/max/end and the state tables' sizes.
 *
 *   pnpm --filter @coze-mock/server exec tsx bench/soak.ts                       # 1 000 000 requests, ≤ 10 min
 *   pnpm --filter @coze-mock/server exec tsx bench/soak.ts --requests 20000      # a quick check
 *   … --minutes 5 --concurrency 32 --jwts 2000 --config '{"limits":{"maxEntries":1000}}' --json soak.json
 *
 * The mix (per operation): PAT `GET /v1/users/me` and `/v1/workspaces`, `POST device/code`, token errors (unknown
 * grant, bad JSON, wrong secret), a JWT exchange from a pool of pre-minted JWTs (first use 200, replays 401), and a
 * whole web flow (authorize → consent page → approve → code exchange → refresh).
 */
import { fork } from 'node:child_process';
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PublicFixtures } from '../src/fixtures/types.js';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    minutes: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '32' },
    jwts: { type: 'string', default: '2000' },
    config: { type: 'string', default: '{}' },
    json: { type: 'string' },
  },
});
const MAX_REQUESTS = Number(flags.requests);
const DEADLINE = performance.now() + Number(flags.minutes) * 60_000;
const CONCURRENCY = Number(flags.concurrency);

// ---------------------------------------------------------------- the server

const HERE = dirname(fileURLToPath(import.meta.url));
const child = fork(join(HERE, 'soak-server.ts'), [flags.config], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const rssSamples: number[] = [];
let tables: Record<string, number> = {};
const ready = new Promise<{ url: string; fixtures: PublicFixtures; rss: number }>((resolve, reject) => {
  child.on('message', (message: { type: string; url: string; fixtures: PublicFixtures; rss: number; tables: Record<string, number> }) => {
    if (message.type === 'ready') resolve(message);
    else if (message.type === 'rss') rssSamples.push(message.rss);
    else if (message.type === 'tables') tables = message.tables;
  });
  child.once('exit', (code) => reject(new Error(`the soak server exited early (code ${code})`)));
});
const { url, fixtures, rss: startRss } = await ready;
const { hostname, port } = new URL(url);

// ---------------------------------------------------------------- HTTP

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const statuses = new Map<number, number>();
const serverErrors: string[] = [];
let sent = 0;
let networkErrors = 0;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

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
    req.on('error', () => {
      networkErrors++;
      resolve({ status: 0, headers: {}, text: '' });
    });
    req.end(body);
  });
}

const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
const TOKEN = '/api/permission/oauth2/token';

// ---------------------------------------------------------------- the mix

const jwtKey = createPrivateKey(fixtures.apps.jwt.privateKey);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = Math.floor(Date.now() / 1000);
const jwtPool = Array.from({ length: Number(flags.jwts) }, () => {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: fixtures.apps.jwt.keyId })}.${b64({ iss: fixtures.apps.jwt.appId, aud: 'api.coze.cn', iat: nowSeconds, exp: nowSeconds + 3600, jti: randomUUID() })}`;
  return `${input}.${sign('sha256', Buffer.from(input), jwtKey).toString('base64url')}`;
});
let jwtNext = 0;

async function webFlow(): Promise<void> {
  const web = fixtures.apps.web;
  const query = new URLSearchParams({ response_type: 'code', client_id: web.clientId, redirect_uri: web.redirectUris[0] as string, state: 'soak' });
  const start = await send('GET', `/api/permission/oauth2/authorize?${query}`);
  const consentPath = start.headers.location;
  if (typeof consentPath !== 'string' || !consentPath.startsWith('/oauth/consent')) return;
  const page = await send('GET', consentPath);
  const cookie = String(page.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)?.[1] ?? '';
  const form = new URLSearchParams({ authorize_key: field('authorize_key'), csrf_token: field('csrf_token'), decision: 'approve' }).toString();
  const decided = await send('POST', '/oauth/consent', { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: url, 'sec-fetch-site': 'same-origin' }, form);
  const code = new URL(String(decided.headers.location ?? 'http://x/'), url).searchParams.get('code');
  if (!code) return;
  const exchange = json({ grant_type: 'authorization_code', client_id: web.clientId, redirect_uri: web.redirectUris[0], code });
  const tokens = await send('POST', TOKEN, { ...exchange.headers, authorization: `Bearer ${web.clientSecret}` }, exchange.body);
  const refreshToken = tokens.status === 200 ? (JSON.parse(tokens.text) as { refresh_token?: string }).refresh_token : undefined;
  if (!refreshToken) return;
  const again = json({ grant_type: 'refresh_token', client_id: web.clientId, refresh_token: refreshToken });
  await send('POST', TOKEN, { ...again.headers, authorization: `Bearer ${web.clientSecret}` }, again.body);
}

/** Operations and their weights (out of 100). */
const OPERATIONS: [weight: number, run: () => Promise<unknown>][] = [
  [35, () => send('GET', '/v1/users/me', { authorization: `Bearer ${fixtures.pat}` })],
  [10, () => send('GET', '/v1/workspaces?page_size=10', { authorization: `Bearer ${fixtures.pat}` })],
  [10, () => { const r = json({ client_id: fixtures.apps.device.clientId }); return send('POST', '/api/permission/oauth2/device/code', r.headers, r.body); }],
  [8, () => { const r = json({ grant_type: 'password' }); return send('POST', TOKEN, r.headers, r.body); }],
  [6, () => send('POST', TOKEN, { 'content-type': 'application/json' }, '{"grant_type":')],
  [6, () => { const r = json({ grant_type: 'refresh_token', client_id: fixtures.apps.web.clientId, refresh_token: 'x' }); return send('POST', TOKEN, { ...r.headers, authorization: 'Bearer wrong-secret' }, r.body); }],
  [15, () => { const r = json({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }); return send('POST', TOKEN, { ...r.headers, authorization: `Bearer ${jwtPool[jwtNext++ % jwtPool.length]}` }, r.body); }],
  [10, webFlow],
];
const TOTAL_WEIGHT = OPERATIONS.reduce((sum, [w]) => sum + w, 0);

function pick(): () => Promise<unknown> {
  let roll = Math.random() * TOTAL_WEIGHT;
  for (const [weight, run] of OPERATIONS) if ((roll -= weight) < 0) return run;
  return OPERATIONS[0]?.[1] as () => Promise<unknown>;
}

// ---------------------------------------------------------------- run

const started = performance.now();
let lastReport = started;
const done = () => sent >= MAX_REQUESTS || performance.now() >= DEADLINE;
async function worker(): Promise<void> {
  while (!done()) {
    await pick()();
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      const rss = rssSamples.at(-1) ?? startRss;
      process.stderr.write(`[soak] ${sent} requests, ${Math.round(sent / ((lastReport - started) / 1000))} req/s, RSS ${(rss / 2 ** 20).toFixed(0)} MiB\n`);
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const seconds = (performance.now() - started) / 1000;

child.send({ type: 'stop' });
await new Promise((resolve) => child.once('exit', resolve));
agent.destroy();

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const fiveXX = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
const summary = {
  requests: sent,
  seconds: Math.round(seconds * 10) / 10,
  requestsPerSecond: Math.round(sent / seconds),
  stoppedBy: sent >= MAX_REQUESTS ? 'count' : 'time',
  concurrency: CONCURRENCY,
  statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
  fiveXX,
  networkErrors,
  rssMiB: { start: mib(startRss), max: mib(Math.max(startRss, ...rssSamples)), end: mib(rssSamples.at(-1) ?? startRss), samples: rssSamples.length },
  tables,
  config: JSON.parse(flags.config) as unknown,
};
console.log(JSON.stringify(summary, null, 2));
if (serverErrors.length) console.log(`first 5xx replies:\n  ${serverErrors.join('\n  ')}`);
if (flags.json) writeFileSync(flags.json, `${JSON.stringify(summary, null, 2)}\n`);
process.exitCode = fiveXX || networkErrors ? 1 : 0;
