// The start-up reference: the smallest bare Hono server, plain JavaScript like the compiled CLI it is compared with.
// Prints its URL as one JSON line once listening (as `coze-mock --json` prints its fixtures).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/hello', (c) => c.json({ hello: 'world' }));
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`${JSON.stringify({ baseURL: `http://127.0.0.1:${info.port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
