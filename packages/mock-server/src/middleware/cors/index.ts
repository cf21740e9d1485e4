import type { MiddlewareHandler } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { OAUTH_PREFIX } from '../../endpoints.js';
import { headerOf, setReplyHeader } from '../../http.js';

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;
const ALLOW_METHODS = 'GET,POST,OPTIONS';
const ALLOW_HEADERS = 'Authorization,Content-Type,X-Coze-Client-User-Agent,Agw-Js-Conv';
/** `/api/permission/oauth2`, `/v1` and `/v3` (chat), each with what is below it (what Hono's `/v1/*` matches). */
const CORS_ROOTS = [OAUTH_PREFIX.slice(0, -1), '/v1', '/v3'];
const underCorsRoot = (path: string) => CORS_ROOTS.some((root) => path.startsWith(root) && (path.length === root.length || path[root.length] === '/'));

/**
 * CORS for browser apps (PKCE SPAs) on loopback origins and the configured `corsOrigins`: the token, device-code and
 * resource endpoints (`/api/permission/oauth2/…`, `/v1/…`, the chat's `/v3/…`). Requests without an `Origin` (every SDK call from Node)
 * pass untouched at the cost of one header read; headers go on the response being built.
 *
 * Not Hono's `cors`: it reads the request's WHATWG `Headers` and rewrites the response's on every request of the
 * paths it guards, which for the SDK's (origin-less) calls is all cost and no use.
 *
 * @example
 * app.use(cors(mock));
 */
export function cors(mock: MockContext): MiddlewareHandler<MockEnv> {
  const extra = new Set(mock.options.corsOrigins);
  // Not async, like bodyLimit: the usual request passes on `next()`'s own promise.
  return function corsMiddleware(c, next) {
    const origin = headerOf(c, 'origin');
    if (!origin || !(LOOPBACK_ORIGIN.test(origin) || extra.has(origin)) || !underCorsRoot(c.req.path)) return next();
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
