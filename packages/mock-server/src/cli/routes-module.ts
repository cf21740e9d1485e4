import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { requireToken } from '../auth/index.js';
import { ConfigError } from '../config/schema.js';
import type { MockEnv } from '../context.js';

/**
 * `coze-mock --routes ./routes.mjs`: your own Hono routes on a running mock, as `createMockApp({ routes })` mounts them
 * in a test. The module's default export (or its `routes` export) is a Hono app, or a function that builds one from
 * the kit it is given: `Hono` and `requireToken`, so a routes file needs no packages installed (the single binary
 * has none beside it).
 *
 * @example
 * // routes.mjs
 * export default ({ Hono, requireToken }) =>
 *   new Hono().post('/v3/chat', requireToken('chat'), (c) => c.json({ code: 0, msg: '', data: { id: 'chat_1' } }));
 */

/** What a routes module's function is handed. */
export interface RoutesKit {
  Hono: typeof Hono;
  requireToken: typeof requireToken;
}

type Routes = Hono<MockEnv>;

const isRoutes = (value: unknown): value is Routes =>
  typeof value === 'object' && value !== null && Array.isArray((value as { routes?: unknown }).routes) && typeof (value as { fetch?: unknown }).fetch === 'function';

/**
 * Loads the routes of the module at `path` (absolute). CommonJS and ES modules both load (Node >= 20.19 requires ES
 * modules without top-level await), from the package, the bundle and the single binary alike.
 *
 * @throws ConfigError when the module cannot be loaded or exports no routes (the CLI exits 2)
 */
export function loadRoutesModule(path: string): Routes {
  let loaded: { default?: unknown; routes?: unknown };
  try {
    loaded = createRequire(path)(path) as typeof loaded;
  } catch (error) {
    throw new ConfigError(`--routes ${path}: cannot load it: ${(error as Error).message}`);
  }
  const exported = loaded.routes ?? loaded.default ?? loaded;
  const routes = typeof exported === 'function' ? (exported as (kit: RoutesKit) => unknown)({ Hono, requireToken }) : exported;
  if (!isRoutes(routes)) {
    throw new ConfigError(`--routes ${path}: export a Hono app (default or \`routes\`), or a function ({ Hono, requireToken }) => Hono app`);
  }
  return routes;
}
