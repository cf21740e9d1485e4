import { Hono } from 'hono';
import { html } from 'hono/html';
import { createClock } from './clock.js';
import { resolveOptions, type MockOptions, type ResolvedOptions } from './config/resolve.js';
import type { MockContext, MockEnv } from './context.js';
import { createControlRoutes } from './control/routes.js';
import { ENDPOINTS, OAUTH_PREFIX, isOpenApiPath } from './endpoints.js';
import { oauthErrors, openApiErrors } from './errors.js';
import { createFaultPlan } from './faults.js';
import { createFixtures } from './fixtures/index.js';
import { errorReply } from './http.js';
import { createJournal } from './journal.js';
import { bodyLimit } from './middleware/body-limit/index.js';
import { controlGuard } from './middleware/control-guard/index.js';
import { cors } from './middleware/cors/index.js';
import { faults } from './middleware/faults/index.js';
import { requestLog } from './middleware/request-log/index.js';
import { createOrigins } from './origins.js';
import { renderPage } from './pages/layout.js';
import { createAuthorizeRoutes } from './routes/authorize.js';
import { createDeviceRoutes } from './routes/device.js';
import { createOpenApiRoutes } from './routes/openapi.js';
import { createTokenRoutes } from './routes/token.js';
import { MockStore } from './state/index.js';

export type { MockOptions } from './config/resolve.js';

/** The Hono app plus the mock's own state, for in-process tests. */
export type MockApp = Hono<MockEnv> & {
  /** Fixtures, clock, store, journal and switches of this mock. */
  readonly mock: MockContext;
  /** Forgets every code, token, grant, journal entry and fault; resets the clock and the deviations to the start. */
  reset(): void;
};

/** Builds the shared state of one mock from resolved options. */
function createMockContext(options: ResolvedOptions): MockContext {
  const fixtures = options.fixtures ?? createFixtures({ ...(options.seed ? { seed: options.seed } : {}), config: options.config });
  const clock = options.clock ?? createClock();
  const apps = new Map(fixtures.apps.map((app) => [app.clientId, app]));
  return {
    options,
    fixtures,
    clock,
    store: new MockStore(clock, options.limits),
    lifetimes: options.lifetimes,
    deviations: new Set(options.deviations),
    journal: createJournal(),
    faults: createFaultPlan(),
    origins: createOrigins({ audiences: fixtures.audiences, publicUrl: options.publicUrl }),
    findApp: (clientId) => apps.get(clientId) ?? fixtures.apps.find((app) => app.clientId === clientId),
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
  const reset = () => {
    mock.store.reset();
    mock.journal.clear();
    mock.faults.clear();
    mock.clock.reset();
    mock.deviations.clear();
    for (const d of options.deviations) mock.deviations.add(d);
  };

  const app = new Hono<MockEnv>();
  app.use(requestLog(mock));
  app.use(faults(mock));
  app.use(bodyLimit(mock));
  app.use(`${OAUTH_PREFIX}*`, cors(mock));
  app.use('/v1/*', cors(mock));
  app.use(`${ENDPOINTS.control}/*`, controlGuard(mock));

  app.route('/', createAuthorizeRoutes(mock));
  app.route('/', createDeviceRoutes(mock));
  app.route('/', createTokenRoutes(mock));
  app.route('/', createOpenApiRoutes(mock));
  app.route(ENDPOINTS.control, createControlRoutes(mock, reset));
  app.get(ENDPOINTS.home, (c) =>
    renderPage(c, {
      title: 'coze-mock',
      body: html`<h1>coze-mock is running</h1>
<p>An offline mock of the Coze OAuth server. Credentials for every app type: <a href="${ENDPOINTS.control}/fixtures">${ENDPOINTS.control}/fixtures</a>.</p>`,
    }),
  );

  app.notFound((c) => {
    const path = c.req.path;
    const error = isOpenApiPath(path) ? openApiErrors.notFound(`${c.req.method} ${path}`) : oauthErrors.noSuchEndpoint(c.req.method, path);
    return errorReply(c, mock, error);
  });
  app.onError((error, c) => errorReply(c, mock, error));

  return Object.assign(app, { mock, reset });
}
