import { Hono } from 'hono';
import { livePat } from '../auth/index.js';
import type { MockContext, MockEnv } from '../context.js';
import { CREDENTIAL_PREFIX } from '../credentials.js';
import { DEVIATIONS, isDeviation } from '../deviations.js';
import { oauthErrors } from '../errors.js';
import { toPublicFixtures } from '../fixtures/index.js';
import { deviceGrantProblem, settleDeviceGrant } from '../grants/device-code.js';
import { publicOrigin } from '../http.js';
import { introspectionView, patView } from '../tokens.js';
import { cassetteHandlers } from './cassette-routes.js';
import { fixtureHandlers } from './fixture-routes.js';
import { inspectHandlers } from './inspect-routes.js';
import { journalStream } from './journal-stream.js';
import { mountVerbs } from './mount.js';
import { repliesHandlers } from './replies-routes.js';
import { tokenHandlers } from './token-routes.js';
import { botScriptHandlers } from '../resources/bots/script-routes.js';
import { MAX_INSTANT_MS } from './schemas.js';
import type { ClockView, VerbHandler, VerbHandlers } from './verbs.js';

/**
 * The control API under `/__mock`, for tests: fixtures, reset, clock, device approvals, request journal, faults,
 * deviations and token introspection, each a verb of control/verbs.ts. middleware/control-guard keeps it to this
 * machine and refuses cross-site requests.
 */

function clockView(mock: MockContext): ClockView {
  const now = mock.clock.now();
  return { now, nowSeconds: Math.floor(now / 1000), iso: new Date(now).toISOString(), frozen: mock.clock.frozen };
}

function deviceDecision(mock: MockContext, decision: 'approve' | 'deny'): VerbHandler<'approveDevice' | 'denyDevice'> {
  return ({ user_code }) => {
    const grant = mock.store.findDeviceGrantByUserCode(user_code);
    const problem = deviceGrantProblem(mock, grant);
    if (problem || !grant) throw oauthErrors.userCodeProblem(problem ?? 'unknown', grant !== undefined);
    settleDeviceGrant(mock, grant, decision);
    return { ok: true, user_code, status: grant.status };
  };
}

function coreHandlers(mock: MockContext, reset: () => void) {
  return {
    fixtures: () => toPublicFixtures(mock.fixtures, publicOrigin(mock), mock.live.allApps()),
    reset: () => {
      reset();
      return { ok: true };
    },
    clock: () => clockView(mock),
    moveClock: (body) => {
      const target = body.advanceSeconds !== undefined ? mock.clock.now() + body.advanceSeconds * 1000 : typeof body.set === 'number' ? body.set : undefined;
      if (target !== undefined && Math.abs(target) > MAX_INSTANT_MS) {
        throw oauthErrors.invalidRequest(body.advanceSeconds !== undefined ? 'advanceSeconds' : 'set', 'the clock would leave the range of a JavaScript Date');
      }
      if (body.advanceSeconds !== undefined) mock.clock.advance(body.advanceSeconds);
      else if (body.set !== undefined) mock.clock.set(typeof body.set === 'number' ? body.set : Date.parse(body.set));
      else if (body.freeze !== undefined) {
        if (!mock.clock.freeze) throw oauthErrors.invalidRequest('freeze', 'this mock runs on a clock of its own that cannot be frozen');
        mock.clock.freeze(body.freeze);
      } else mock.clock.reset();
      return clockView(mock);
    },
    approveDevice: deviceDecision(mock, 'approve'),
    denyDevice: deviceDecision(mock, 'deny'),
    journal: async ({ wait, path, grantType, since }, c) => {
      const filter = { ...(path ? { path } : {}), ...(grantType ? { grantType } : {}), ...(since !== undefined ? { since } : {}) };
      // `wait`: a long poll, answered as soon as a matching entry exists (or empty when the time is up).
      return { entries: wait ? await mock.journal.waitFor(filter, wait, c.req.raw.signal) : mock.journal.entries(filter) };
    },
    clearJournal: () => {
      mock.journal.clear();
      return { ok: true };
    },
    deviations: () => ({ enabled: [...mock.deviations], available: DEVIATIONS }),
    setDeviations: ({ enable }) => {
      const unknown = enable.filter((name) => !isDeviation(name));
      if (unknown.length) throw oauthErrors.invalidRequest('enable', `unknown deviations: ${unknown.join(', ')}`);
      mock.deviations.clear();
      for (const name of enable) if (isDeviation(name)) mock.deviations.add(name);
      return { enabled: [...mock.deviations] };
    },
    introspect: ({ token }) => {
      if (token.startsWith(CREDENTIAL_PREFIX.pat)) {
        const pat = livePat(mock, token);
        return pat ? patView(pat) : { active: false };
      }
      const record = mock.store.accessTokens.get(token);
      return record ? introspectionView(record) : { active: false };
    },
  } satisfies VerbHandlers<
    'fixtures' | 'reset' | 'clock' | 'moveClock' | 'approveDevice' | 'denyDevice' | 'journal' | 'clearJournal' | 'deviations' | 'setDeviations' | 'introspect'
  >;
}

/**
 * @example
 * app.route('/__mock', createControlRoutes(mock, reset, sandboxHandlers));
 */
export function createControlRoutes(mock: MockContext, reset: () => void, extra?: (routes: Hono<MockEnv>) => void) {
  const routes = new Hono<MockEnv>();
  routes.get('/journal/stream', journalStream(mock));
  mountVerbs(routes, mock, {
    ...coreHandlers(mock, reset),
    ...repliesHandlers(mock),
    ...cassetteHandlers(mock),
    ...fixtureHandlers(mock),
    ...botScriptHandlers(mock),
    ...tokenHandlers(mock),
    ...inspectHandlers(mock),
  });
  extra?.(routes);
  return routes;
}
