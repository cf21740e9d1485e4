import type { Context, MiddlewareHandler } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { isControlPath } from '../../endpoints.js';
import { headerOf, setReplyHeader } from '../../http.js';
import { randomToken } from '../../state/index.js';

const HEX = '0123456789ABCDEF';
let stampMs = Number.NaN;
let stamp = '';

/**
 * A log id shaped like Coze's (`20241210152726467C48D89D6DB2….`): the mock-clock time to the millisecond, then 15
 * random hex digits. The time part is formatted once per millisecond, not per request.
 *
 * @example
 * newLogid(Date.UTC(2026, 0, 1)); // '20260101000000000' + 15 hex digits
 */
export function newLogid(nowMs: number): string {
  if (nowMs !== stampMs) {
    stampMs = nowMs;
    const iso = new Date(nowMs).toISOString(); // 2026-01-01T00:00:00.000Z
    // Years beyond 9999 (a test may set the clock far ahead) have a longer, signed ISO form: keep the digits.
    stamp = iso.length === 24
      ? iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + iso.slice(20, 23)
      : iso.replace(/\D/g, '').slice(0, 17);
  }
  // The time as the prefix of the same buffer: one flat string, not a concatenation flattened again by the header check.
  return randomToken(15, HEX, stamp);
}

/**
 * Gives every request a log id, answers it as `X-Tt-Logid` (the JS SDK reads it for error messages), and records the
 * request in the journal once it is answered (control API calls excepted). Registered first, so everything after it
 * (the other middleware, the route, and the app's error handler, which Hono's compose runs for whatever throws) is
 * journaled. Headers go on the response being built; the journal takes references and redacts when read.
 *
 * @example
 * app.use(requestLog(mock));
 */
export function requestLog(mock: MockContext): MiddlewareHandler<MockEnv> {
  return async function requestLogMiddleware(c, next) {
    const started = performance.now();
    const logid = newLogid(mock.clock.now());
    c.set('logid', logid);
    c.set('mock', mock);
    if (!mock.deviations.has('no-logid-header')) setReplyHeader(c, 'X-Tt-Logid', logid);
    await next();
    record(c, mock, logid, started);
  };
}

function record(c: Context<MockEnv>, mock: MockContext, logid: string, started: number): void {
  const path = c.req.path;
  if (isControlPath(path)) return;
  const url = c.req.url;
  const queryAt = url.indexOf('?');
  const aborted = c.get('aborted') === true;
  mock.journal.record({
    at: mock.clock.now(),
    method: c.req.method,
    path,
    query: queryAt === -1 ? '' : url.slice(queryAt),
    status: aborted ? 499 : c.res.status,
    logid,
    grantType: c.get('grantType'),
    clientId: c.get('clientId'),
    error: c.get('errorCode'),
    authorization: headerOf(c, 'authorization'),
    contentType: headerOf(c, 'content-type'),
    cookie: headerOf(c, 'cookie'),
    userAgent: headerOf(c, 'user-agent'),
    bodyText: c.get('bodyText'),
    aborted,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    issued: c.get('issued'),
    jwt: c.get('jwt'),
  });
}
