import type { Context, Hono } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { ENDPOINTS } from '../endpoints.js';
import { toPublicFixtures } from '../fixtures/index.js';
import { publicOrigin } from '../http.js';
import { renderInspector } from './page.js';
import { inspectorScript } from './script.js';
import { INSPECTOR_STYLES } from './styles.js';

/**
 * The inspector, `GET /__mock/` (and `${sandbox baseURL}/__mock/` in each sandbox): a page the mock serves itself,
 * with its script and stylesheet as two more same-origin files. Everything it shows or does goes through the control
 * API, so it is as loopback-only and CSRF-guarded as the rest of `/__mock` (middleware/control-guard); it has no way
 * in of its own. No inline script or style: the Content-Security-Policy allows only this origin's files and calls.
 */

/** Scripts, styles and calls from this origin only; nothing framed, no form posts, no base URL games. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

function secureHeaders(c: Context<MockEnv>, contentType: string): void {
  c.header('Content-Type', contentType);
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  // The page shows credentials (the fixtures'): never kept by a cache.
  c.header('Cache-Control', 'no-store');
}

/**
 * Mounts the page at `/__mock/` (`/__mock` redirects there, so the page's relative world is its folder) and its two
 * files. `sandboxes`: whether this mock has the sandbox verbs (the server's own mock, unless they are turned off).
 *
 * @example
 * mountInspector(app, mock, { sandboxes: true });
 */
export function mountInspector(app: Hono<MockEnv>, mock: MockContext, { sandboxes }: { sandboxes: boolean }): void {
  const base = `${mock.options.basePath}${ENDPOINTS.control}`;
  const inSandbox = mock.options.basePath !== '';
  app.get(ENDPOINTS.control, (c) => c.redirect(`${base}/`, 302));
  app.get(`${ENDPOINTS.control}/`, async (c) => {
    secureHeaders(c, 'text/html; charset=utf-8');
    const fixtures = toPublicFixtures(mock.fixtures, publicOrigin(mock), mock.live.allApps());
    return c.body(String(await renderInspector({ base, inSandbox, sandboxes, fixtures })));
  });
  app.get(`${ENDPOINTS.control}/inspector/app.js`, (c) => {
    secureHeaders(c, 'text/javascript; charset=utf-8');
    return c.body(inspectorScript());
  });
  app.get(`${ENDPOINTS.control}/inspector/app.css`, (c) => {
    secureHeaders(c, 'text/css; charset=utf-8');
    return c.body(INSPECTOR_STYLES);
  });
}
