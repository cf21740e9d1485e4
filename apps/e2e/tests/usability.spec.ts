import { getDeviceCode } from '@coze/api';
import type { Page } from '@playwright/test';
import { APP_NAMES, expect, test } from './support/fixtures.js';
import { authorizeUrl } from './support/flows.js';
import { saveScreenshot } from './support/screenshots.js';

const BRAND = 'rgb(77, 83, 232)';

/** True if the page is wider than the viewport (the reader would have to scroll sideways). */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

test.describe('pages a person can use', () => {
  test('consent page: keyboard only, focus visible, Authorize then Deny in tab order', async ({ page, cozeMock, clientSite }) => {
    await page.goto(authorizeUrl(cozeMock, clientSite.origin, { state: 'keys' }));
    await expect(page).toHaveTitle(`Authorize ${APP_NAMES.client} · Coze (mock)`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const authorize = page.getByRole('button', { name: 'Authorize' });
    await expect(authorize).toBeFocused();
    await page.keyboard.press('Tab');
    const deny = page.getByRole('button', { name: 'Deny' });
    await expect(deny).toBeFocused();
    await expect(deny).toHaveCSS('outline-style', 'solid');
    await page.keyboard.press('Shift+Tab');
    await expect(authorize).toBeFocused();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${clientSite.origin}/callback?**`);
    expect(new URL(page.url()).searchParams.get('state')).toBe('keys');
  });

  test('device page: the field is labelled and described, the buttons are named', async ({ page, cozeMock }) => {
    await page.goto(`${cozeMock.url}/oauth/device`);
    const field = page.getByRole('textbox', { name: 'Device code' });
    await expect(field).toBeFocused();
    await expect(field).toHaveAccessibleDescription('Like WDJB-MJHT. Case and dash do not matter.');
    await expect(page.getByRole('button')).toHaveText(['Approve', 'Deny']);
  });

  test('pages are styled, not bare HTML', async ({ page, cozeMock }) => {
    await page.goto(`${cozeMock.url}/oauth/device`);
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCSS('background-color', BRAND);
    await expect(page.locator('.card')).toHaveCSS('border-radius', '12px');
    // The sans-serif stack applies (it did not while the stylesheet's quotes were HTML-escaped).
    await expect(page.locator('body')).toHaveCSS('font-family', /Arial.*sans-serif$/);
  });

  test.describe('at 360 px wide', () => {
    test.use({ viewport: { width: 360, height: 740 } });

    test('consent page (with a long app name) needs no sideways scrolling', async ({ page, cozeMock, clientSite }, testInfo) => {
      await page.goto(authorizeUrl(cozeMock, clientSite.origin, { appName: APP_NAMES.hostile }));
      await expect(page.getByRole('button', { name: 'Authorize' })).toBeInViewport();
      expect(await scrollsSideways(page)).toBe(false);
      await saveScreenshot(page, testInfo, 'consent-360px');
    });

    test('device page with an error needs no sideways scrolling', async ({ page, cozeMock }, testInfo) => {
      const device = await getDeviceCode({ baseURL: cozeMock.url, clientId: cozeMock.fixtures.apps.device.clientId });
      await page.goto(device.verification_uri);
      await page.getByLabel('Device code').fill('nope-nope');
      await page.getByRole('button', { name: 'Approve' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      expect(await scrollsSideways(page)).toBe(false);
      await saveScreenshot(page, testInfo, 'device-error-360px');
    });

    test('error page needs no sideways scrolling', async ({ page, cozeMock, clientSite }) => {
      const long = `${clientSite.origin}/${'a-very-long-path-segment-'.repeat(8)}`;
      await page.goto(authorizeUrl(cozeMock, clientSite.origin, { redirectUrl: long }));
      await expect(page.getByRole('heading', { name: 'Redirect URI not registered' })).toBeVisible();
      expect(await scrollsSideways(page)).toBe(false);
    });
  });
});
