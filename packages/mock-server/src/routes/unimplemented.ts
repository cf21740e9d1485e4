import { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
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
 * The ~95 paths are matched here, by a router of their own, behind one route per top-level prefix: registered one by
 * one (five methods each) they made the app's router 480 routes long, and one of them (`/v1/workflows/chat` beside
 * `/v1/workflows/:workflow_id`) kept Hono on its slower trie router for every request the mock serves.
 *
 * @example
 * app.route('/', createUnimplementedRoutes(mock));
 */
export function createUnimplementedRoutes(mock: MockContext) {
  const known = new TrieRouter<true>();
  const prefixes = new Set<string>();
  for (const [, path] of COZE_OPENAPI_OPERATIONS) {
    const pattern = toRoutePattern(path);
    for (const method of METHODS) known.add(method, pattern, true);
    const top = pattern.split('/')[1] as string;
    prefixes.add(pattern === `/${top}` ? pattern : `/${top}/*`);
  }
  return new Hono<MockEnv>().on(METHODS, [...prefixes], (c, next) => {
    // Hono routes HEAD as GET.
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    if (!known.match(method, c.req.path)[0].length) return next();
    if (!mock.deviations.has('unimplemented-before-auth')) authenticate(c, mock);
    throw notImplemented(c.req.method, c.req.path);
  });
}
