import type { MiddlewareHandler } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { ENDPOINTS } from '../../endpoints.js';
import { oauthErrors, openApiErrors } from '../../errors.js';
import { headerOf } from '../../http.js';

/**
 * Refuses a body whose declared `Content-Length` is over `bodyLimitBytes` (`uploadLimitBytes` for file uploads)
 * before any route runs (413, in the shape of the endpoint family, through the app's error handler). Bodies without a
 * declared length are cut off by the body reader (http.ts; the upload route's own reader for uploads) as they pass
 * the same limit, so no route ever holds more.
 *
 * Not Hono's `bodyLimit`: it reads `c.req.raw.body` on every request, which makes @hono/node-server build a WHATWG
 * `Request` (with its `Headers`) for each one; the token endpoint reads its body straight from Node's request instead.
 *
 * @example
 * app.use(bodyLimit(mock));
 */
export function bodyLimit(mock: MockContext): MiddlewareHandler<MockEnv> {
  const limit = mock.options.bodyLimitBytes;
  const uploadLimit = mock.options.uploadLimitBytes;
  // Not async: with nothing to refuse it hands on `next()`'s promise instead of wrapping it in one more (Hono's
  // compose awaits the handler in a try, so a throw here still reaches the error handler).
  return function bodyLimitMiddleware(c, next) {
    const declared = headerOf(c, 'content-length');
    if (declared !== undefined && Number(declared) > limit) {
      if (c.req.path !== ENDPOINTS.filesUpload) throw oauthErrors.payloadTooLarge(limit);
      if (Number(declared) > uploadLimit) throw openApiErrors.payloadTooLarge(uploadLimit);
    }
    return next();
  };
}
