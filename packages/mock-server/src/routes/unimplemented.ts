import { Hono } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { OPENAPI_CODES, OpenApiError } from '../errors.js';
import { COZE_OPENAPI_OPERATIONS } from './coze-openapi-paths.js';
import { authenticate } from './openapi.js';

/**
 * Coze's other OpenAPI endpoints (chat, workflows, files, …: every path of `coze-openapi.yaml` the mock does not
 * implement). Real Coze checks the token before anything else, so a user's "a bad token is refused" test must get
 * 4100 here too, not a 404; a valid token then gets 404 in the OpenAPI envelope, saying how to script a reply.
 * Paths outside that list keep the app's plain 404.
 */

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** `/v1/bots/{bot_id}` → `/v1/bots/:bot_id` (Hono's pattern syntax). */
const toRoutePattern = (path: string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

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
  const patterns = [...new Set(COZE_OPENAPI_OPERATIONS.map(([, path]) => toRoutePattern(path)))];
  for (const pattern of patterns) {
    routes.on(METHODS, pattern, (c) => {
      if (!mock.deviations.has('unimplemented-before-auth')) authenticate(c, mock);
      throw notImplemented(c.req.method, c.req.path);
    });
  }
  return routes;
}
