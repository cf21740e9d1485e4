import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { html } from 'hono/html';
import { createClock, type Clock } from './clock.js';
import { DEFAULT_LIFETIMES, type Lifetimes, type MockConfig } from './config/schema.js';
import type { MockContext, MockEnv } from './context.js';
import { createControlRoutes } from './control/routes.js';
import { isDeviation, type Deviation } from './deviations.js';
import { OAuthError, oauthErrors, OpenApiError, openApiErrors } from './errors.js';
import { createFaultPlan } from './faults.js';
import { createFixtures } from './fixtures/index.js';
import type { Fixtures } from './fixtures/types.js';
import { oauthErrorReply, openApiErrorReply } from './http.js';
import { createJournal } from './journal.js';
import { renderPage } from './pages/layout.js';
import { createAuthorizeRoutes } from './routes/authorize.js';
import { createDeviceRoutes } from './routes/device.js';
import { createOpenApiRoutes } from './routes/openapi.js';
import { createTokenRoutes } from './routes/token.js';
import { createUnimplementedRoutes } from './routes/unimplemented.js';
import { MockStore, randomToken } from './state/index.js';

/** Options of {@link createMockApp} and `startMockServer`. Every field is optional. */
export interface MockOptions {
  /** Fixture seed: the same seed gives the same ids, secrets and keys. Default `coze-mock`. */
  seed?: string;
  /** Extra apps, users, workspaces, PATs, keys and lifetimes (the config file's shape). */
  config?: MockConfig;
  /** Pre-built fixtures (skips seeding; `seed` and `config` are then ignored). */
  fixtures?: Fixtures;
  /** The clock every lifetime reads. Default: the wall clock plus an offset the control API can move. */
  clock?: Clock;
  /** Lifetimes overriding the config's and the defaults. */
  lifetimes?: Partial<Lifetimes>;
  /** Public URL to advertise (fixtures, `verification_uri`); default: each request's own origin. */
  baseURL?: string;
  /** Answer `/__mock` to non-loopback clients. Default false. */
  allowRemoteControl?: boolean;
  /** Largest accepted request body in bytes. Default 64 KiB. */
  bodyLimitBytes?: number;
  /** Contract deviations to switch on (meta-tests only; see deviations.ts). */
  deviations?: Deviation[];
  /** Browser origins allowed by CORS besides loopback ones (`http://localhost:*`, `http://127.0.0.1:*`). */
  corsOrigins?: string[];
}

/** The Hono app plus the mock's own state, for in-process tests. */
export type MockApp = Hono<MockEnv> & {
  /** Fixtures, clock, store, journal and switches of this mock. */
  readonly mock: MockContext;
  /** Forgets every code, token, grant, journal entry and fault; resets the clock and the deviations to the start. */
  reset(): void;
};

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/** A log id shaped like Coze's (`20241210152726467C48D89D6DB2….`): timestamp then random hex. */
function newLogid(clock: Clock): string {
  const stamp = new Date(clock.now()).toISOString().replace(/\D/g, '').slice(0, 17);
  return `${stamp}${randomToken(15, '0123456789ABCDEF')}`;
}

const isOpenApiPath = (path: string) => path.startsWith('/v1/');

/**
 * Builds the mock Coze server as a Hono app: authorize and consent pages, token endpoint (every grant), device code
 * and verification page, `/v1` resource endpoints and the `/__mock` control API.
 *
 * @example
 * const app = createMockApp({ seed: 'ci' });
 * const res = await app.request('/__mock/fixtures');
 * const { apps } = await res.json();
 */
export function createMockApp(options: MockOptions = {}): MockApp {
  const config = options.config ?? {};
  const clock = options.clock ?? createClock();
  const fixtures = options.fixtures ?? createFixtures({ ...(options.seed ? { seed: options.seed } : {}), config });
  const initialDeviations = (options.deviations ?? []).filter(isDeviation);
  const mock: MockContext = {
    fixtures,
    clock,
    store: new MockStore(clock),
    lifetimes: { ...DEFAULT_LIFETIMES, ...config.lifetimes, ...options.lifetimes },
    deviations: new Set(initialDeviations),
    journal: createJournal(),
    faults: createFaultPlan(),
    baseURL: options.baseURL ?? config.baseURL,
    allowRemoteControl: options.allowRemoteControl ?? config.allowRemoteControl ?? false,
    bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
    findApp: (clientId) => fixtures.apps.find((app) => app.clientId === clientId),
  };
  const reset = () => {
    mock.store.reset();
    mock.journal.clear();
    mock.faults.clear();
    mock.clock.reset();
    mock.deviations.clear();
    for (const d of initialDeviations) mock.deviations.add(d);
  };
  const corsOrigins = new Set(options.corsOrigins ?? []);

  const app = new Hono<MockEnv>();

  // Every reply carries X-Tt-Logid (the JS SDK reads it for error messages) and lands in the journal.
  app.use('*', async (c, next) => {
    const started = performance.now();
    const logid = newLogid(clock);
    c.set('logid', logid);
    await next();
    if (!mock.deviations.has('no-logid-header')) c.res.headers.set('X-Tt-Logid', logid);
    const url = new URL(c.req.url);
    if (!url.pathname.startsWith('/__mock')) {
      const ua = c.req.header('user-agent');
      const grantType = c.get('grantType');
      const clientId = c.get('clientId');
      const errorCode = c.get('errorCode');
      mock.journal.record({
        at: clock.now(),
        method: c.req.method,
        path: url.pathname,
        query: url.search,
        status: c.res.status,
        logid,
        ...(grantType ? { grantType } : {}),
        ...(clientId ? { clientId } : {}),
        ...(errorCode !== undefined ? { error: errorCode } : {}),
        ...(ua ? { userAgent: ua.slice(0, 200) } : {}),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      });
    }
  });

  // Faults planned through the control API answer before any route runs.
  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const fault = mock.faults.take(c.req.method, path);
    if (!fault) return next();
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const message = `fault injected by the control API (rule ${fault.id})`;
    if (isOpenApiPath(path)) return openApiErrorReply(c, openApiErrors.injected(fault.status, message));
    return oauthErrorReply(c, mock, oauthErrors.injected(fault.status, message));
  });

  // One size limit for every body (JSON and forms), chunked or not, before any route reads it.
  app.use(
    '*',
    bodyLimit({
      maxSize: mock.bodyLimitBytes,
      onError: (c) => {
        const error = oauthErrors.payloadTooLarge(mock.bodyLimitBytes);
        if (isOpenApiPath(new URL(c.req.url).pathname)) return openApiErrorReply(c, new OpenApiError(4000, 413, error.message));
        return oauthErrorReply(c, mock, error);
      },
    }),
  );

  // CORS for browser apps (PKCE SPAs) on loopback origins: token, device code and resource endpoints.
  const corsMiddleware = cors({
    origin: (origin) => (LOOPBACK_ORIGIN.test(origin) || corsOrigins.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Coze-Client-User-Agent', 'Agw-Js-Conv'],
    exposeHeaders: ['X-Tt-Logid'],
    maxAge: 600,
  });
  app.use('/api/permission/oauth2/*', corsMiddleware);
  app.use('/v1/*', corsMiddleware);

  app.route('/', createAuthorizeRoutes(mock));
  app.route('/', createDeviceRoutes(mock));
  app.route('/api/permission/oauth2', createTokenRoutes(mock));
  app.route('/v1', createOpenApiRoutes(mock));
  app.route('/', createUnimplementedRoutes(mock));
  app.route('/__mock', createControlRoutes(mock, reset));
  app.get('/', (c) =>
    renderPage(c, {
      title: 'coze-mock',
      body: html`<h1>coze-mock is running</h1>
<p>An offline mock of the Coze OAuth server. Credentials for every app type: <a href="/__mock/fixtures">/__mock/fixtures</a>.</p>`,
    }),
  );

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    if (isOpenApiPath(path)) return openApiErrorReply(c, openApiErrors.notFound(`${c.req.method} ${path}`));
    return oauthErrorReply(c, mock, new OAuthError('invalid_request', 404, `no such endpoint: ${c.req.method} ${path}`));
  });

  app.onError((error, c) => {
    if (error instanceof OAuthError) return oauthErrorReply(c, mock, error);
    if (error instanceof OpenApiError) return openApiErrorReply(c, error);
    // A bug in the mock: still answer in Coze's shape, and say so loudly.
    console.error('[coze-mock] unexpected error:', error);
    const path = new URL(c.req.url).pathname;
    if (isOpenApiPath(path)) return openApiErrorReply(c, new OpenApiError(5000, 500, 'internal error of the mock'));
    return oauthErrorReply(c, mock, new OAuthError('internal_error', 500, 'Service internal error.'));
  });

  return Object.assign(app, { mock, reset });
}
