/**
 * The reference servers, bare Hono on @hono/node-server like the mock, one per process:
 * - `get`: `GET /hello` answers a small JSON body;
 * - `post`: `POST /token` parses a JSON body and answers a random token (what a code or refresh exchange must do at least);
 * - `jose`: `POST /token` verifies the RS256 JWT in `Authorization: Bearer` with jose against one public key (argv[3],
 *   base64url of the SPKI PEM) and answers a random token (what a JWT exchange must do at least);
 * - `sse`: `POST /v3/chat` parses its JSON body and sends, with Hono's `streamSSE`, the frames of one recorded mock chat
 *   stream (argv[3], base64url of their JSON list) exactly as they were: the same count, sizes and framing (what a
 *   streamed chat must do at least).
 * Usage: `node --import tsx bench/servers/reference.ts <get|post|jose> [publicKey]` as an IPC child (see ipc.ts).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { importSPKI, jwtVerify } from 'jose';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { answerBench } from './ipc.js';

const kind = process.argv[2];
const app = new Hono();
const token = () => randomBytes(48).toString('base64url');

if (kind === 'get') {
  app.get('/hello', (c) => c.json({ hello: 'world' }));
} else if (kind === 'post') {
  app.post('/token', async (c) => {
    const body = await c.req.json<{ grant_type?: string }>();
    return c.json({ access_token: token(), grant_type: body.grant_type, expires_in: 900 });
  });
} else if (kind === 'jose') {
  const key = await importSPKI(Buffer.from(process.argv[3] ?? '', 'base64url').toString(), 'RS256');
  app.post('/token', async (c) => {
    const jwt = (c.req.header('authorization') ?? '').replace(/^Bearer /, '');
    try {
      await jwtVerify(jwt, key, { algorithms: ['RS256'] });
    } catch {
      return c.json({ error: 'invalid' }, 401);
    }
    return c.json({ access_token: token(), expires_in: 900 });
  });
} else if (kind === 'sse') {
  const frames = JSON.parse(Buffer.from(process.argv[3] ?? '', 'base64url').toString()) as string[];
  app.post('/v3/chat', async (c) => {
    await c.req.json();
    // `write` sends a frame as it is: writeSSE would respace Coze's tight `event:name` lines.
    return streamSSE(c, async (stream) => {
      for (const frame of frames) await stream.write(frame);
    });
  });
} else {
  throw new Error(`unknown reference server ${kind}; expected get, post, jose or sse`);
}

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise((resolve) => server.once('listening', resolve));
const { port } = server.address() as AddressInfo;
answerBench(`http://127.0.0.1:${port}`, () => new Promise<void>((resolve) => server.close(() => resolve())));
