import { Hono } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { OPENAPI_CODES, OpenApiError } from '../errors.js';
import { COZE_OPENAPI_OPERATIONS } from './coze-openapi-paths.js';
import { authenticate } from '../auth/index.js';

/**
 * Coze's other OpenAPI endpoints (chat, workflows, files, …: every path of `coze-openapi.yaml` the mock does not
 * implement). Real Coze checks the token before anything else, so a user's "a bad token is refused" test must get
 * 4100 here too, not a 404; a valid token then gets 404 in the OpenAPI envelope, saying how to script a reply.
 * Paths outside that list keep the app's plain 404.
 */

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** `/v1/bots/{bot_id}` → a RegExp source matching what Hono's `/v1/bots/:bot_id` matches (one non-empty segment). */
const toPathSource = (path: string) =>
  path
    .split(/\{[A-Za-z0-9_]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');

let unimplementedPaths: RegExp | undefined;

/**
 * Whether `path` is one of Coze's OpenAPI endpoints (coze-openapi.yaml), built on first use. One RegExp, not a route
 * per path and method: 400 routes made the router's first match (and every start of the CLI) 15-20 ms slower.
 *
 * @example
 * isCozeOpenApiPath('/v1/bots/42'); // true
 * isCozeOpenApiPath('/v9/nothing'); // false
 */
export function isCozeOpenApiPath(path: string): boolean {
  unimplementedPaths ??= new RegExp(`^(?:${[...new Set(COZE_OPENAPI_OPERATIONS.map(([, p]) => toPathSource(p)))].join('|')})$`);
  return unimplementedPaths.test(path);
}

/**
 * The 404 of an endpoint the mock does not implement.
 *
 * @example
 * notImplemented('POST', '/v3/chat').message; // 'coze-mock does not implement POST /v3/chat …'
 */
export const notImplemented = (method: string, path: string) =>
  new OpenApiError(
    OPENAPI_CODES.notFound,
    404,
    `coze-mock does not implement ${method} ${path} (a Coze OpenAPI endpoint). The token was accepted; ` +
      'script the reply your test expects with the control API (POST /__mock/replies).',
  );

/**
 * Mount after the implemented resource routes: `app.route('/', createUnimplementedRoutes(mock))`.
 *
 * @example
 * app.route('/', createUnimplementedRoutes(mock));
 */
export function createUnimplementedRoutes(mock: MockContext) {
  const routes = new Hono<MockEnv>();
  // Every path reaches this handler once the routes before it have not answered; it passes on what is not Coze's.
  routes.on(METHODS, '*', (c, next) => {
    if (!isCozeOpenApiPath(c.req.path)) return next();
    if (!mock.deviations.has('unimplemented-before-auth')) authenticate(c, mock);
    throw notImplemented(c.req.method, c.req.path);
  });
  return routes;
}
