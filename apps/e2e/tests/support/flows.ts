import { getWebAuthenticationUrl } from '@coze/api';
import type { Page } from '@playwright/test';
import type { CozeMockFixture } from '@coze-mock/testing/playwright';
import { APP_NAMES, appNamed } from './fixtures.js';

/**
 * The authorize URL the SDK builds for one of the suite's apps (default: the "E2E Client" web app).
 *
 * @example
 * await page.goto(authorizeUrl(cozeMock, clientSite.origin, { state: 'xyz' }));
 */
export function authorizeUrl(
  cozeMock: CozeMockFixture,
  clientOrigin: string,
  options: { state?: string; appName?: string; redirectUrl?: string } = {},
): string {
  const app = appNamed(cozeMock.fixtures, options.appName ?? APP_NAMES.client);
  return getWebAuthenticationUrl({
    baseURL: cozeMock.url,
    clientId: app.clientId,
    redirectUrl: options.redirectUrl ?? `${clientOrigin}/callback`,
    state: options.state ?? 'e2e-state',
  });
}

/**
 * Collects every JavaScript dialog and the `window.__pwned` flag that injected markup would set.
 *
 * @example
 * const xss = watchForInjectedScript(page);
 * await page.goto(url);
 * expect(await xss.ran()).toBe(false);
 */
export function watchForInjectedScript(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return {
    dialogs,
    /** True if any injected script or handler ran on the current page, or a dialog opened. */
    ran: async () => dialogs.length > 0 || (await page.evaluate(() => '__pwned' in window)),
    /** Elements the injected markup would create if it were parsed as HTML. */
    injectedElements: () => page.locator('body script, body img[src="x"]').count(),
  };
}
