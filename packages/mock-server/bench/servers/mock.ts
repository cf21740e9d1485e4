/**
 * The mock under benchmark, in its own process: `startMockServer` on 127.0.0.1, port 0 (see ipc.ts for the protocol).
 * Besides `cpu` and `stop` it answers `heap`: issue `count` tokens in-process (`app.request`, refresh-token rotation)
 * and report the heap they hold after a full GC; run it in a fresh process forked with `--expose-gc`.
 * Usage: forked by bench/child.ts (bundled), or `node --import tsx [--expose-gc] bench/servers/mock.ts [seed]`.
 */
import { createControlClient } from '../../src/control/client.js';
import { startMockServer } from '../../src/server.js';
import { answerBench, type Command } from './ipc.js';

const TOKEN_PATH = '/api/permission/oauth2/token';
const server = await startMockServer({ port: 0, seed: process.argv[2] ?? 'coze-mock' });
const { web } = server.fixtures.apps;

/** One refresh-token rotation through the app itself (no socket): returns the next refresh token. */
async function refresh(refreshToken: string): Promise<string> {
  const reply = await server.app.request(TOKEN_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${web.clientSecret}` },
    body: JSON.stringify({ grant_type: 'refresh_token', client_id: web.clientId, refresh_token: refreshToken }),
  });
  if (reply.status !== 200) throw new Error(`refresh answered ${reply.status}: ${await reply.text()}`);
  return ((await reply.json()) as { refresh_token: string }).refresh_token;
}

async function firstRefreshToken(): Promise<string> {
  const redirectUri = web.redirectUris[0] as string;
  const authorize = `${server.url}/api/permission/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: web.clientId, redirect_uri: redirectUri, state: 'bench' })}`;
  const { code } = await createControlClient(server.url).completeConsent(authorize);
  const reply = await server.app.request(TOKEN_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${web.clientSecret}` },
    body: JSON.stringify({ grant_type: 'authorization_code', client_id: web.clientId, redirect_uri: redirectUri, code }),
  });
  return ((await reply.json()) as { refresh_token: string }).refresh_token;
}

const gc = (globalThis as { gc?: () => void }).gc;
const storedTokens = () => server.app.mock.store.accessTokens.size + server.app.mock.store.refreshTokens.size;

/** Heap held per stored token: warm up (`warmUp` rotations fill the journal to its cap), then count the heap `count` more tokens add. */
async function measureHeap(message: Command) {
  if (!gc) return { error: 'start this process with --expose-gc' };
  const count = Number(message.count ?? 10_000);
  let token = await firstRefreshToken();
  for (let i = 0; i < Number(message.warmUp ?? 1100); i++) token = await refresh(token);
  gc();
  const before = { heap: process.memoryUsage().heapUsed, tokens: storedTokens() };
  for (let i = 0; i < count / 2; i++) token = await refresh(token);
  gc();
  const after = { heap: process.memoryUsage().heapUsed, tokens: storedTokens() };
  const tokens = after.tokens - before.tokens;
  return { tokens, bytes: after.heap - before.heap, bytesPerToken: (after.heap - before.heap) / tokens };
}

answerBench(server.url, () => server.close(), { heap: measureHeap }, { fixtures: server.fixtures });
