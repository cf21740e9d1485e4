/**
 * What open journal waits cost every other request (issue 17 finding 7): the time of in-process `GET /v1/users/me`
 * calls with none open, beside the same calls with `--waits` open (`GET /__mock/journal?wait=…` on a path nobody
 * asks for); the ratio is the figure. Bounded: `--requests` calls per round, three rounds each, best kept.
 *
 *   pnpm --filter @coze-mock/server exec tsx bench/journal-waits.ts --waits 100
 */
import { parseArgs } from 'node:util';
import { createMockApp } from '../src/app.js';

const { values: flags } = parseArgs({ options: { waits: { type: 'string', default: '100' }, requests: { type: 'string', default: '3000' } } });
const WAITS = Number(flags.waits);
const REQUESTS = Number(flags.requests);

const app = createMockApp({ seed: 'beta' });
const pat = (await (await app.request('/__mock/fixtures')).json()) as { pat: string };
const headers = { authorization: `Bearer ${pat.pat}` };
// A full journal: every wait used to rescan all of it on every request.
for (let i = 0; i < 1000; i++) await app.request('/v1/users/me', { headers });

async function microsPerRequest(): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) await app.request('/v1/users/me', { headers });
    best = Math.min(best, ((performance.now() - started) * 1000) / REQUESTS);
  }
  return best;
}

await microsPerRequest(); // warm-up: the first rounds pay for compilation
const idle = await microsPerRequest();
const open: Promise<Response>[] = [];
let refused = 0;
for (let i = 0; i < WAITS; i++) {
  const res = app.request('/__mock/journal?wait=30000&path=/v1/nobody');
  const settled = await Promise.race([res, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
  if (settled?.status === 429) refused++;
  else open.push(Promise.resolve(res));
}
const waiting = await microsPerRequest();
app.close();
await Promise.all(open);
console.log(
  JSON.stringify({ waitsAsked: WAITS, waitsOpen: open.length, refused, microsPerRequest: { none: Math.round(idle), withWaits: Math.round(waiting) }, ratio: Math.round((waiting / idle) * 100) / 100 }),
);
