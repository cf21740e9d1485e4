/**
 * The mock under benchmark, in its own process: `startMockServer` on 127.0.0.1, port 0 (see ipc.ts for the protocol).
 * Besides `cpu` and `stop` it answers `heap`: issue `count` tokens in-process (`app.request`, refresh-token rotation)
 * and report the heap they hold after a full GC; and `chatHeap`: the same for `count` streamed echo chats and the
 * messages they store. Run either in a fresh process forked with `--expose-gc`.
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

const echoBot = server.fixtures.bots.find((bot) => bot.behaviour === 'echo' && bot.published)?.id as string;
const storedMessages = () => server.app.mock.store.resources.conversations.messages.size;

/** One streamed chat with the echo bot through the app itself, read to its end: stores a question, an answer and its end marker. */
async function chat(question: string): Promise<void> {
  const reply = await server.app.request('/v3/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.fixtures.pat}` },
    body: JSON.stringify({ bot_id: echoBot, user_id: 'bench', stream: true, additional_messages: [{ role: 'user', content: question, content_type: 'text' }] }),
  });
  const text = await reply.text();
  if (reply.status !== 200 || !text.endsWith('data:"[DONE]"\n\n')) throw new Error(`chat answered ${reply.status}: ${text.slice(0, 200)}`);
}

/**
 * Heap held per stored message: warm up (`warmUp` chats fill the journal to its cap), then count the heap `count`
 * more chats add (each a new conversation, its chat record and three messages), divided by the messages stored.
 */
async function measureChatHeap(message: Command) {
  if (!gc) return { error: 'start this process with --expose-gc' };
  const question = String(message.question ?? 'How much heap does one stored message hold?');
  for (let i = 0; i < Number(message.warmUp ?? 1100); i++) await chat(question);
  gc();
  const before = { heap: process.memoryUsage().heapUsed, messages: storedMessages() };
  for (let i = 0; i < Number(message.count ?? 2000); i++) await chat(question);
  gc();
  const after = { heap: process.memoryUsage().heapUsed, messages: storedMessages() };
  const messages = after.messages - before.messages;
  return { messages, bytes: after.heap - before.heap, bytesPerMessage: (after.heap - before.heap) / messages };
}

answerBench(server.url, () => server.close(), { heap: measureHeap, chatHeap: measureChatHeap }, { fixtures: server.fixtures });
