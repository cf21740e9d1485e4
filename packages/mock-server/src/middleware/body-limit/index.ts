import type { MiddlewareHandler } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { oauthErrors } from '../../errors.js';
import { headerOf } from '../../http.js';

/**
 * Refuses a body whose declared `Content-Length` is over `bodyLimitBytes` before any route runs (413, in the shape
 * of the endpoint family, through the app's error handler). Bodies without a declared length are cut off by the body
 * reader (http.ts) as they pass the same limit, so no route ever holds more.
 *
 * Not Hono's `bodyLimit`: it reads `c.req.raw.body` on every request, which makes @hono/node-server build a WHATWG
 * `Request` (with its `Headers`) for each one; the token endpoint reads its body straight from Node's request instead.
 *
 * @example
 * app.use(bodyLimit(mock));
 */
export function bodyLimit(mock: MockContext): MiddlewareHandler<MockEnv> {
  const limit = mock.options.bodyLimitBytes;
  return async function bodyLimitMiddleware(c, next) {
    const declared = headerOf(c, 'content-length');
    if (declared !== undefined && Number(declared) > limit) throw oauthErrors.payloadTooLarge(limit);
    await next();
  };
}
