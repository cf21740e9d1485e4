import type { Context, MiddlewareHandler, Next } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { bodyLimit } from '../body-limit/index.js';
import { cors } from '../cors/index.js';
import { scriptedReplies } from '../replies/index.js';
import { requestLog } from '../request-log/index.js';

const nothing = (): void => undefined;

/**
 * What every request of the app goes through before its route, as one Hono middleware: the request log around the
 * size check, the scripted replies (after the size check: a rule may read the body) and CORS, in that order. Each
 * gate is a plain call that answers or returns undefined, so a request none of them stops costs one middleware of
 * Hono's, not four awaited ones.
 *
 * @example
 * app.use(frontDoor(mock));
 */
export function frontDoor(mock: MockContext): MiddlewareHandler<MockEnv> {
  const tooLarge = bodyLimit(mock);
  const replies = scriptedReplies(mock);
  const preflight = cors(mock);
  const toRoute = (c: Context<MockEnv>, next: Next) => preflight(c) ?? next().then(nothing);
  return requestLog(mock, (c, next) => tooLarge(c) ?? replies(c, next, toRoute) ?? toRoute(c, next));
}
