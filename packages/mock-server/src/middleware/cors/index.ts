import type { MiddlewareHandler } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { headerOf, setReplyHeader } from '../../http.js';

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;
const ALLOW_METHODS = 'GET,POST,OPTIONS';
const ALLOW_HEADERS = 'Authorization,Content-Type,X-Coze-Client-User-Agent,Agw-Js-Conv';

/**
 * CORS for browser apps (PKCE SPAs) on loopback origins and the configured `corsOrigins`: the token, device-code and
 * resource endpoints. Requests without an `Origin` (every SDK call from Node) pass untouched; headers go on the
 * response being built.
 *
 * @example
 * app.use('/v1/*', cors(mock));
 */
export function cors(mock: MockContext): MiddlewareHandler<MockEnv> {
  const extra = new Set(mock.options.corsOrigins);
  // Not async: a request without an allowed Origin (every SDK call from Node) costs one header read.
  return function corsMiddleware(c, next) {
    const origin = headerOf(c, 'origin');
    if (!origin || !(LOOPBACK_ORIGIN.test(origin) || extra.has(origin))) return next();
    setReplyHeader(c, 'Access-Control-Allow-Origin', origin);
    setReplyHeader(c, 'Vary', 'Origin');
    if (c.req.method === 'OPTIONS') {
      setReplyHeader(c, 'Access-Control-Allow-Methods', ALLOW_METHODS);
      setReplyHeader(c, 'Access-Control-Allow-Headers', ALLOW_HEADERS);
      setReplyHeader(c, 'Access-Control-Max-Age', '600');
      return Promise.resolve(c.body(null, 204));
    }
    setReplyHeader(c, 'Access-Control-Expose-Headers', 'X-Tt-Logid');
    return next();
  };
}
