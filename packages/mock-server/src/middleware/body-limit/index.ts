import type { MiddlewareHandler } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { oauthErrors } from '../../errors.js';
import { errorReply, headerOf } from '../../http.js';

/**
 * Refuses a body whose declared `Content-Length` is over `bodyLimitBytes` before any route runs (413, in the shape
 * of the endpoint family). Bodies without a declared length are cut off by the body reader (http.ts) as they pass
 * the same limit, so no route ever holds more.
 *
 * @example
 * app.use(bodyLimit(mock));
 */
export function bodyLimit(mock: MockContext): MiddlewareHandler<MockEnv> {
  const limit = mock.options.bodyLimitBytes;
  // Not async: a request within the limit costs one header read and no extra promise.
  return function bodyLimitMiddleware(c, next) {
    const declared = headerOf(c, 'content-length');
    if (declared !== undefined && Number(declared) > limit) return Promise.resolve(errorReply(c, mock, oauthErrors.payloadTooLarge(limit)));
    return next();
  };
}
