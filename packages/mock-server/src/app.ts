import { Hono } from 'hono';
import { html } from 'hono/html';
import { replayOption } from './cassettes/index.js';
import { createByteAccount } from './budget.js';
import { createClock } from './clock.js';
import { resolveOptions } from './config/resolve.js';
import type { MockContext, MockEnv, MockOptions, ResolvedOptions } from './context.js';
import { createControlRoutes } from './control/routes.js';
import { sandboxVerbs } from './control/sandbox-routes.js';
import { ENDPOINTS, isOpenApiPath } from './endpoints.js';
import { oauthErrors, openApiErrors } from './errors.js';
import { createFixtures } from './fixtures/index.js';
import { LiveFixtures } from './fixtures/runtime.js';
import { errorReply } from './http.js';
import { createJournal } from './journal.js';
import { bodyLimit } from './middleware/body-limit/index.js';
import { controlGuard } from './middleware/control-guard/index.js';
import { cors } from './middleware/cors/index.js';
import { scriptedReplies } from './middleware/replies/index.js';
import { requestLog } from './middleware/request-log/index.js';
import { createReplyBook } from './replies/index.js';
import { createSandboxes, SANDBOX_PREFIX } from './sandboxes/index.js';
import { mountInspector } from './inspector/routes.js';
import { createOrigins } from './origins.js';
import { createResourceRoutes } from './resources/index.js';
import { renderPage } from './pages/layout.js';
import { createAuthorizeRoutes } from './routes/authorize.js';
import { createDeviceRoutes } from './routes/device.js';
import { createOpenApiRoutes } from './routes/openapi.js';
import { createTokenRoutes } from './routes/token.js';
import { createUnimplementedRoutes } from './routes/unimplemented.js';
import { createWorkflowRoutes } from './resources/workflows/routes.js';
import { MockStore } from './state/index.js';

export type { MockOptions } from './context.js';

/** The Hono app plus the mock's own state, for in-process tests. */
export type MockApp = Hono<MockEnv> & {
  /** Fixtures, clock, store, journal and switches of this mock. */
  readonly mock: MockContext;
  /**
   * Forgets every code, token, grant, journal entry, scripted reply and run-time fixture; resets the clock and the
   * deviations to the start. Seeded fixtures and sandboxes stay.
   */
  reset(): void;
  /** Lets go of held requests (scripted `hang`, journal waits) and closes every sandbox: call before the server stops. */
  close(): void;
};

/** Builds the shared state of one mock from resolved options. */
function createMockContext(options: ResolvedOptions): MockContext {
  const fixtures = options.fixtures ?? createFixtures({ ...(options.seed ? { seed: options.seed } : {}), config: options });
  const clock = options.clock ?? createClock();
  const live = new LiveFixtures(fixtures);
  const budget = createByteAccount({ replies: options.limits.replyBytes, scripts: options.limits.scriptBytes });
  return {
    options,
    fixtures,
    live,
    clock,
    store: new MockStore(clock, options.limits, budget),
    lifetimes: options.lifetimes,
    deviations: new Set(options.deviations),
    journal: createJournal({ maxBytes: options.limits.journalBytes }),
    replies: createReplyBook({ budget }),
    budget,
    origins: createOrigins({ audiences: fixtures.audiences, publicUrl: options.publicUrl }),
    findApp: (clientId) => live.findApp(clientId),
  };
}

/**
 * Builds the mock Coze server as a Hono app: authorize and consent pages, token endpoint (every grant), device code
 * and verification page, `/v1` resource endpoints and the `/__mock` control API. The request path is a short list of
 * middleware (middleware/*), each cheap when it has nothing to do.
 *
 * @example
 * const app = createMockApp({ seed: 'ci' });
 * const res = await app.request('/__mock/fixtures');
 * const { apps } = await res.json();
 */
export function createMockApp(input: MockOptions | ResolvedOptions = {}): MockApp {
  const options = resolveOptions(input);
  const mock = createMockContext(options);
  const replay = options.replay ? replayOption(mock, options.replay) : undefined;
  const reset = () => {
    mock.store.reset();
    mock.journal.clear();
    mock.journal.release(); // open waits answer now (empty), not after their time
    mock.replies.clear();
    replay?.();
    mock.live.reset();
    mock.clock.reset();
    mock.deviations.clear();
    for (const d of options.deviations) mock.deviations.add(d);
  };

  const app = new Hono<MockEnv>();
  // Sandboxes first: each is a whole mock of its own (log ids, journal, replies, limits, control guard), so none of
  // this app's middleware may touch its requests.
  const sandboxes = createSandboxes((basePath, seed) => createSandboxApp(mock, basePath, seed), { capacity: options.maxSandboxes });
  if (!options.basePath && options.maxSandboxes > 0) {
    app.all(`${SANDBOX_PREFIX}/*`, async (c, next) => (await sandboxes.dispatch(c)) ?? next());
  }
  // Log id and journal (around everything, error replies included), size limit, scripted replies and faults, CORS:
  // before any route runs, in that order.
  app.use(requestLog(mock), bodyLimit(mock), scriptedReplies(mock), cors(mock));
  app.use(`${ENDPOINTS.control}/*`, controlGuard(mock));

  app.route('/', createAuthorizeRoutes(mock));
  app.route('/', createDeviceRoutes(mock));
  app.route('/', createTokenRoutes(mock));
  app.route('/', createOpenApiRoutes(mock));
  app.route('/', createWorkflowRoutes(mock));
  const sandboxRoutes = options.basePath || options.maxSandboxes === 0 ? undefined : sandboxVerbs(mock, sandboxes);
  app.route(ENDPOINTS.control, createControlRoutes(mock, reset, sandboxRoutes));
  mountInspector(app, mock, { sandboxes: sandboxRoutes !== undefined });
  // The user's own routes before the built-in chat, conversation, file and bot resources (a stub replaces them) and
  // before the token-checked 404 of Coze's endpoints the mock does not implement.
  if (options.routes) app.route('/', options.routes);
  app.route('/', createResourceRoutes(mock));
  app.route('/', createUnimplementedRoutes(mock));
  app.get(ENDPOINTS.home, (c) =>
    renderPage(c, {
      title: 'coze-mock',
      body: html`<h1>coze-mock is running</h1>
<p>An offline mock of the Coze OAuth server. Credentials for every app type: <a href="${options.basePath}${ENDPOINTS.control}/fixtures">${ENDPOINTS.control}/fixtures</a>.</p>
<p>What your app sent, live, with the mock's clock, device codes and tokens: <a href="${options.basePath}${ENDPOINTS.control}/">the inspector</a>.</p>`,
    }),
  );

  app.notFound((c) => {
    const path = c.req.path;
    const error = isOpenApiPath(path) ? openApiErrors.notFound(`${c.req.method} ${path}`) : oauthErrors.noSuchEndpoint(c.req.method, path);
    return errorReply(c, mock, error);
  });
  app.onError((error, c) => errorReply(c, mock, error));

  const close = () => {
    mock.store.resources.close();
    mock.replies.close();
    mock.journal.close();
    mock.store.workflowRuns.close();
    sandboxes.closeAll();
  };
  return Object.assign(app, { mock, reset, close });
}

/**
 * A sandbox of the server `mock`: the server's options with its own clock (frozen where the server's is) and, without
 * a seed, the server's seeded fixtures (read-only; its run-time layer is its own).
 */
function createSandboxApp(mock: MockContext, basePath: string, seed: string | undefined): MockApp {
  const { options, clock } = mock;
  const sandbox = createMockApp({
    ...options,
    basePath,
    maxSandboxes: 0,
    clock: clock.frozen ? createClock({ frozenAt: clock.now() }) : createClock(),
    seed: seed ?? options.seed,
    fixtures: seed ? undefined : mock.fixtures,
  });
  // Same server, same origins: what it advertises and which browser origins it trusts follow the server's binding.
  sandbox.mock.origins = mock.origins;
  return sandbox;
}
