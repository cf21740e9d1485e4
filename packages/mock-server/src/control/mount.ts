import type { Hono } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { describeIssue, oauthErrors } from '../errors.js';
import { readJsonBody } from '../http.js';
import { CONTROL_VERBS, type VerbHandlers, type VerbName, type VerbSpec } from './verbs.js';

/**
 * Mounts control verbs on `routes` from the verb table (control/verbs.ts): validates the body or query with the
 * verb's schema (a Coze-shaped 400 naming the field), merges the path's parameters, calls the handler and answers
 * its reply as JSON with the verb's status.
 *
 * @example
 * mountVerbs(routes, mock, { reset: () => ({ ok: true }) });
 */
export function mountVerbs<K extends VerbName>(routes: Hono<MockEnv>, mock: MockContext, handlers: VerbHandlers<K>): Hono<MockEnv> {
  for (const name of Object.keys(handlers) as K[]) {
    const spec: VerbSpec = CONTROL_VERBS[name];
    const handler = handlers[name] as (input: unknown, c: Parameters<VerbHandlers<K>[K]>[1]) => unknown;
    routes.on(spec.method, spec.path, async (c) => {
      let input: Record<string, unknown> = { ...c.req.param() };
      if (spec.body) input = { ...((await readJsonBody(c, mock, spec.body, { keepNulls: spec.keepNulls === true })) as object), ...input };
      if (spec.query) {
        const parsed = spec.query.safeParse(c.req.query());
        if (!parsed.success) {
          const { field, why } = describeIssue(parsed.error);
          throw oauthErrors.invalidRequest(field, why);
        }
        input = { ...(parsed.data as Record<string, unknown>), ...input };
      }
      return c.json((await handler(input, c)) as object, spec.status ?? 200);
    });
  }
  return routes;
}
