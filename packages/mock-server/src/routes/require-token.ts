import type { Context, MiddlewareHandler } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { OpenApiError, openApiErrors } from '../errors.js';
import { openApiErrorReply } from '../http.js';
import { authenticate, type Caller } from './openapi.js';

/**
 * Token checks for stubs of the rest of Coze's API: a scripted reply with `requireToken`, or a handler written in code
 * behind the {@link requireToken} middleware, answers only a caller holding a live mock access token (PAT, OAuth or
 * JWT token) — with the permission, if one is named. Anyone else gets what the built-in resources answer:
 * 4100 for a missing, unknown, expired or revoked token, 4101 for a missing permission.
 */

/** The caller, or the OpenAPI error the built-in resources would answer instead. */
export function checkRequiredToken(c: Context<MockEnv>, mock: MockContext, permission: string | undefined): Caller | OpenApiError {
  try {
    const caller = authenticate(c, mock);
    if (permission !== undefined && !caller.permissions.includes(permission)) return openApiErrors.permissionDenied(permission);
    return caller;
  } catch (error) {
    if (error instanceof OpenApiError) return error;
    throw error;
  }
}

/**
 * Hono middleware for handlers mounted with `createMockApp({ routes })`: lets the request through only with a valid
 * mock token (and `permission`, if given); the caller is then `c.get('caller')`.
 *
 * @example
 * const routes = new Hono<MockEnv>().post('/v3/chat', requireToken('chat'), (c) => c.json({ code: 0, msg: '', data: { id: 'chat_1' } }));
 * const app = createMockApp({ routes });
 */
export function requireToken(permission?: string): MiddlewareHandler<MockEnv> {
  return async (c, next) => {
    const outcome = checkRequiredToken(c, c.get('mock'), permission);
    if (outcome instanceof OpenApiError) return openApiErrorReply(c, outcome);
    c.set('caller', outcome);
    await next();
  };
}
