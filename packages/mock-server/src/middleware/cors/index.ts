import type { MiddlewareHandler } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { headerOf } from '../../http.js';

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
  return async function corsMiddleware(c, next) {
    const origin = headerOf(c, 'origin');
    if (!origin || !(LOOPBACK_ORIGIN.test(origin) || extra.has(origin))) return next();
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin');
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', ALLOW_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    c.header('Access-Control-Expose-Headers', 'X-Tt-Logid');
    return next();
  };
}
