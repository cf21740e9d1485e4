import { Hono, type Context } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { DEVIATIONS, isDeviation } from '../deviations.js';
import { describeIssue, oauthErrors } from '../errors.js';
import { toPublicFixtures } from '../fixtures/index.js';
import { publicOrigin, readJsonBody } from '../http.js';
import { introspectionView } from '../tokens.js';
import { deviceGrantProblem, settleDeviceGrant } from '../grants/device-code.js';
import { createFixtureRoutes } from './fixture-routes.js';
import { createRepliesRoutes } from './replies-routes.js';
import { clockBody, deviationsBody, deviceDecisionBody, introspectBody, journalQuery, MAX_INSTANT_MS } from './schemas.js';

/**
 * The control API under `/__mock`, for tests: fixtures, reset, clock, device approvals, request journal, faults,
 * deviations and token introspection. middleware/control-guard keeps it to this machine and refuses cross-site
 * requests.
 */

function clockView(mock: MockContext) {
  const now = mock.clock.now();
  return { now, nowSeconds: Math.floor(now / 1000), iso: new Date(now).toISOString(), frozen: mock.clock.frozen };
}

/**
 * @example
 * app.route('/__mock', createControlRoutes(mock, reset));
 */
export function createControlRoutes(mock: MockContext, reset: () => void, extra?: Hono<MockEnv>) {
  const deviceDecision = (decision: 'approve' | 'deny') => async (c: Context<MockEnv>) => {
    const body = await readJsonBody(c, mock, deviceDecisionBody);
    const grant = mock.store.findDeviceGrantByUserCode(body.user_code);
    const problem = deviceGrantProblem(mock, grant);
    if (problem || !grant) throw oauthErrors.userCodeProblem(problem ?? 'unknown', grant !== undefined);
    settleDeviceGrant(mock, grant, decision);
    return c.json({ ok: true, user_code: body.user_code, status: grant.status });
  };

  const routes = new Hono<MockEnv>()
    .get('/fixtures', (c) => c.json(toPublicFixtures(mock.fixtures, publicOrigin(mock), mock.live.allApps())))
    .post('/reset', (c) => {
      reset();
      return c.json({ ok: true });
    })
    .get('/clock', (c) => c.json(clockView(mock)))
    .post('/clock', async (c) => {
      const body = await readJsonBody(c, mock, clockBody);
      const target = body.advanceSeconds !== undefined ? mock.clock.now() + body.advanceSeconds * 1000 : typeof body.set === 'number' ? body.set : undefined;
      if (target !== undefined && Math.abs(target) > MAX_INSTANT_MS) {
        throw oauthErrors.invalidRequest(body.advanceSeconds !== undefined ? 'advanceSeconds' : 'set', 'the clock would leave the range of a JavaScript Date');
      }
      if (body.advanceSeconds !== undefined) mock.clock.advance(body.advanceSeconds);
      else if (body.set !== undefined) mock.clock.set(typeof body.set === 'number' ? body.set : Date.parse(body.set));
      else mock.clock.reset();
      return c.json(clockView(mock));
    })
    .post('/device/approve', deviceDecision('approve'))
    .post('/device/deny', deviceDecision('deny'))
    .get('/journal', async (c) => {
      const parsed = journalQuery.safeParse(c.req.query());
      if (!parsed.success) {
        const { field, why } = describeIssue(parsed.error);
        throw oauthErrors.invalidRequest(field, why);
      }
      const { wait, path, grantType, since } = parsed.data;
      const filter = { ...(path ? { path } : {}), ...(grantType ? { grantType } : {}), ...(since !== undefined ? { since } : {}) };
      // `wait`: a long poll, answered as soon as a matching entry exists (or empty when the time is up).
      const entries = wait ? await mock.journal.waitFor(filter, wait, c.req.raw.signal) : mock.journal.entries(filter);
      return c.json({ entries });
    })
    .delete('/journal', (c) => {
      mock.journal.clear();
      return c.json({ ok: true });
    })
    .get('/deviations', (c) => c.json({ enabled: [...mock.deviations], available: DEVIATIONS }))
    .put('/deviations', async (c) => {
      const body = await readJsonBody(c, mock, deviationsBody);
      const unknown = body.enable.filter((name) => !isDeviation(name));
      if (unknown.length) throw oauthErrors.invalidRequest('enable', `unknown deviations: ${unknown.join(', ')}`);
      mock.deviations.clear();
      for (const name of body.enable) if (isDeviation(name)) mock.deviations.add(name);
      return c.json({ enabled: [...mock.deviations] });
    })
    .post('/introspect', async (c) => {
      const body = await readJsonBody(c, mock, introspectBody);
      const record = mock.store.accessTokens.get(body.token);
      return c.json(record ? introspectionView(record) : { active: false });
    });
  routes.route('/', createRepliesRoutes(mock));
  routes.route('/', createFixtureRoutes(mock));
  if (extra) routes.route('/', extra);
  return routes;
}
