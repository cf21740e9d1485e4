import type { Context, MiddlewareHandler, Next } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { isControlPath } from '../../endpoints.js';
import { errorReply, headerOf, setReplyHeader } from '../../http.js';
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

/** What the request log wraps: the gates and the route. A gate's own answer, or nothing once the route has answered. */
export type Serve = (c: Context<MockEnv>, next: Next) => Response | Promise<Response | void> | undefined;

/**
 * Gives every request a log id, answers it as `X-Tt-Logid` (the JS SDK reads it for error messages), runs `serve`,
 * and records the request in the journal (control API calls excepted). Headers go on the response being built; the
 * journal takes references and redacts when read.
 *
 * @example
 * app.use(requestLog(mock, (c, next) => next().then(() => undefined)));
 */
export function requestLog(mock: MockContext, serve: Serve): MiddlewareHandler<MockEnv> {
  return async function requestLogMiddleware(c, next) {
    const started = performance.now();
    const logid = newLogid(mock.clock.now());
    c.set('logid', logid);
    c.set('mock', mock);
    if (!mock.deviations.has('no-logid-header')) setReplyHeader(c, 'X-Tt-Logid', logid);
    let answered: Response | void;
    try {
      answered = await serve(c, next);
    } catch (error) {
      // What Hono's compose does when a middleware throws: the app's error handler (errorReply) answers.
      if (!(error instanceof Error)) throw error;
      c.error = error;
      answered = errorReply(c, mock, error);
    }
    if (answered) c.res = answered;
    record(c, mock, logid, started);
    return answered;
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
  });
}
