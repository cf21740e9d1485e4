import type { Context, MiddlewareHandler } from 'hono';
import type { Caller, MockContext, MockEnv } from '../context.js';
import type { PersonalAccessToken } from '../fixtures/types.js';
import { CREDENTIAL_PREFIX } from '../credentials.js';
import { OpenApiError, openApiErrors } from '../errors.js';
import { botsAllowedFor } from '../grants/jwt-scope.js';
import { bearerOf, openApiErrorReply } from '../http.js';

/**
 * Token authentication for Coze's OpenAPI (docs/contract.md#openapi.token-proof-calls): a PAT or an OAuth access
 * token in `Authorization: Bearer` resolves to a {@link Caller}. Missing, unknown, expired or revoked → 401
 * `code 4100`; a token without the permission → 403 `code 4101` naming it. The built-in resources, scripted replies
 * with `requireToken`, and your own routes behind {@link requireToken} all answer through here.
 */

/**
 * The caller behind the request's bearer token, or throws the 4100 error.
 *
 * @example
 * const caller = authenticate(c, mock); // { userId, permissions, workspaceIds, botIds? }
 */
export function authenticate(c: Context<MockEnv>, mock: MockContext): Caller {
  const token = bearerOf(c);
  if (!token) throw openApiErrors.authenticationInvalid();
  if (token.startsWith(CREDENTIAL_PREFIX.pat)) {
    const pat = livePat(mock, token);
    if (!pat) throw openApiErrors.authenticationInvalid();
    return { userId: pat.userId, permissions: pat.permissions, workspaceIds: pat.workspaceIds.length ? pat.workspaceIds : undefined };
  }
  const record = mock.store.accessTokens.get(token);
  if (!record) throw openApiErrors.authenticationInvalid();
  const scoped = record.workspaceId !== undefined && !mock.deviations.has('workspace-scope-ignored');
  const botIds = botsAllowedFor(record);
  return {
    userId: record.userId,
    permissions: record.permissions,
    workspaceIds: scoped ? [record.workspaceId as string] : undefined,
    ...(botIds ? { botIds } : {}),
  };
}

/**
 * A PAT that opens the API now: known (seeded or added), not revoked, not expired by the mock's clock.
 *
 * @example
 * livePat(mock, fixtures.pats[0].token); // the PAT, or undefined
 */
export function livePat(mock: MockContext, token: string): PersonalAccessToken | undefined {
  const pat = mock.live.findPat(token);
  return pat && (pat.expiresAt === undefined || pat.expiresAt * 1000 > mock.clock.now()) ? pat : undefined;
}

/**
 * The caller, if its token holds `permission`; else throws 4100 or 4101.
 *
 * @example
 * const caller = authorize(c, mock, 'listWorkspace');
 */
export function authorize(c: Context<MockEnv>, mock: MockContext, permission: string): Caller {
  const caller = authenticate(c, mock);
  if (!caller.permissions.includes(permission)) throw openApiErrors.permissionDenied(permission);
  return caller;
}

/**
 * The caller, or the OpenAPI error the built-in resources would answer instead (for callers that must not throw).
 *
 * @example
 * const outcome = checkRequiredToken(c, mock, 'chat');
 * if (outcome instanceof OpenApiError) return openApiErrorReply(c, outcome);
 */
export function checkRequiredToken(c: Context<MockEnv>, mock: MockContext, permission: string | undefined): Caller | OpenApiError {
  try {
    return permission === undefined ? authenticate(c, mock) : authorize(c, mock, permission);
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
  return async function requireTokenMiddleware(c, next) {
    const outcome = checkRequiredToken(c, c.get('mock'), permission);
    if (outcome instanceof OpenApiError) return openApiErrorReply(c, outcome);
    c.set('caller', outcome);
    await next();
  };
}
