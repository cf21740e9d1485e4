import type { MiddlewareHandler } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { isOpenApiPath } from '../../endpoints.js';
import { oauthErrors, openApiErrors } from '../../errors.js';
import { oauthErrorReply, openApiErrorReply } from '../../http.js';

/**
 * Faults planned through the control API (`POST /__mock/faults`) answer before any route runs. With no fault
 * planned this is one length check.
 *
 * @example
 * app.use(faults(mock));
 */
export function faults(mock: MockContext): MiddlewareHandler<MockEnv> {
  return async function faultsMiddleware(c, next) {
    if (!mock.faults.planned()) return next();
    const path = c.req.path;
    const fault = mock.faults.take(c.req.method, path);
    if (!fault) return next();
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const message = `fault injected by the control API (rule ${fault.id})`;
    if (isOpenApiPath(path)) return openApiErrorReply(c, openApiErrors.injected(fault.status, message));
    return oauthErrorReply(c, mock, oauthErrors.injected(fault.status, message));
  };
}
