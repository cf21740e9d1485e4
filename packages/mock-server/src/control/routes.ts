import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { MockContext, MockEnv } from '../context.js';
import { DEVIATIONS, isDeviation } from '../deviations.js';
import { oauthErrors } from '../errors.js';
import { toPublicFixtures } from '../fixtures/index.js';
import { publicOrigin, readJsonBody } from '../http.js';
import { introspectionView } from '../tokens.js';
import { deviceGrantProblem, settleDeviceGrant } from '../routes/device.js';

/**
 * The control API under `/__mock`, for tests: fixtures, reset, clock, device approvals, request journal, faults,
 * deviations and token introspection. middleware/control-guard keeps it to this machine and refuses cross-site
 * requests.
 */

const clockBody = z
  .object({
    advanceSeconds: z.number().finite().min(-1e9).max(1e9).optional(),
    set: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]).optional(),
    reset: z.boolean().optional(),
  })
  .refine((b) => [b.advanceSeconds, b.set, b.reset].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of advanceSeconds, set, reset',
  });
/** The range of a JavaScript Date (ECMA-262: ±8.64e15 ms). A clock beyond it breaks every reply's log id. */
const MAX_INSTANT_MS = 8.64e15;
const userCodeBody = z.object({ user_code: z.string().min(1, 'required').max(64) });
const faultBody = z.object({
  pathPrefix: z.string().startsWith('/').max(512).optional(),
  method: z.string().max(16).optional(),
  status: z.union([z.literal(429), z.literal(500), z.literal(503)]),
  count: z.number().int().min(1).max(10_000).optional(),
  delayMs: z.number().int().min(0).max(10_000).optional(),
});
const deviationsBody = z.object({ enable: z.array(z.string()).max(50) });
const introspectBody = z.object({ token: z.string().min(1, 'required').max(512) });

function clockView(mock: MockContext) {
  const now = mock.clock.now();
  return { now, nowSeconds: Math.floor(now / 1000), iso: new Date(now).toISOString(), frozen: mock.clock.frozen };
}

/**
 * @example
 * app.route('/__mock', createControlRoutes(mock, reset));
 */
export function createControlRoutes(mock: MockContext, reset: () => void) {
  const deviceDecision = (decision: 'approve' | 'deny') => async (c: Context<MockEnv>) => {
    const body = await readJsonBody(c, mock, userCodeBody);
    const grant = mock.store.findDeviceGrantByUserCode(body.user_code);
    const problem = deviceGrantProblem(mock, grant);
    if (problem || !grant) throw oauthErrors.userCodeProblem(problem ?? 'unknown', grant !== undefined);
    settleDeviceGrant(mock, grant, decision);
    return c.json({ ok: true, user_code: body.user_code, status: grant.status });
  };

  return new Hono<MockEnv>()
    .get('/fixtures', (c) => c.json(toPublicFixtures(mock.fixtures, publicOrigin(mock))))
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
    .get('/journal', (c) => {
      const since = Number(c.req.query('since') ?? '');
      const path = c.req.query('path');
      const grantType = c.req.query('grantType');
      return c.json({
        entries: mock.journal.entries({
          ...(path ? { path } : {}),
          ...(grantType ? { grantType } : {}),
          ...(Number.isFinite(since) && c.req.query('since') ? { since } : {}),
        }),
      });
    })
    .delete('/journal', (c) => {
      mock.journal.clear();
      return c.json({ ok: true });
    })
    .get('/faults', (c) => c.json({ faults: mock.faults.list() }))
    .post('/faults', async (c) => {
      const body = await readJsonBody(c, mock, faultBody);
      return c.json({ fault: mock.faults.add(body) });
    })
    .delete('/faults', (c) => {
      mock.faults.clear();
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
}
