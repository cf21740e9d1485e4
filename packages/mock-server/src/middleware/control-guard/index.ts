import type { MiddlewareHandler } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { oauthErrors } from '../../errors.js';
import { headerOf, incomingOf } from '../../http.js';

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a socket's peer address is this machine's loopback; an address that cannot be read is not. */
const isLoopbackAddress = (address: string | undefined): boolean => address !== undefined && LOOPBACK_ADDRESS.test(address);

/**
 * Why a request may not use the control API, or undefined if it may.
 * - Other hosts: only loopback clients, addressed by a loopback Host name (against DNS rebinding), unless
 *   `allowRemoteControl`. A socket whose address cannot be read is not loopback. In-process `app.request()` calls
 *   have no socket and pass this part.
 * - Other origins (CSRF from a page open in the developer's browser): a state-changing request must not carry a
 *   foreign `Origin`, must not say `Sec-Fetch-Site: cross-site`/`same-site`, and may carry a body only as JSON —
 *   a cross-site page can send `text/plain` or a form without a preflight, but never `application/json`.
 */
export function controlRefusal(c: Parameters<MiddlewareHandler<MockEnv>>[0], mock: MockContext): string | undefined {
  if (!mock.options.allowRemoteControl) {
    const incoming = incomingOf(c);
    // No Node request at all: an in-process `app.request()`. A socket whose peer address cannot be read (it came with
    // a TCP reset) could be anyone's, so it counts as foreign.
    if (incoming && !isLoopbackAddress(incoming.socket?.remoteAddress)) return 'the control API answers only on loopback (see allowRemoteControl)';
    const host = headerOf(c, 'host');
    if (host !== undefined && !LOOPBACK_HOST.test(host)) return 'the control API answers only on loopback (see allowRemoteControl)';
  }
  if (SAFE_METHODS.has(c.req.method)) return undefined;
  const origin = headerOf(c, 'origin');
  if (origin !== undefined && !mock.origins.isOwnOrigin(origin)) return `cross-origin control request refused (Origin ${origin})`;
  const fetchSite = headerOf(c, 'sec-fetch-site');
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return `cross-site control request refused (Sec-Fetch-Site ${fetchSite})`;
  const contentType = headerOf(c, 'content-type');
  if (contentType !== undefined && !/^\s*application\/json\b/i.test(contentType)) {
    return 'control requests carry JSON bodies (Content-Type: application/json) or none';
  }
  return undefined;
}

/**
 * Keeps the control API to this machine and to non-browser or same-origin callers (403, Coze-shaped).
 *
 * @example
 * app.use('/__mock/*', controlGuard(mock));
 */
export function controlGuard(mock: MockContext): MiddlewareHandler<MockEnv> {
  return async function controlGuardMiddleware(c, next) {
    const refusal = controlRefusal(c, mock);
    if (refusal) throw oauthErrors.controlForbidden(refusal);
    return next();
  };
}
