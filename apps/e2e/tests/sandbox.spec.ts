import { getDeviceCode, getDeviceToken, getWebAuthenticationUrl, getWebOAuthToken } from '@coze/api';
import { expect, test } from './support/fixtures.js';
import { saveScreenshot } from './support/screenshots.js';

/**
 * A sandbox (`POST /__mock/sandboxes`) is a whole mock under `/__sandbox/{id}` of the same server: its consent and
 * device pages must work in a real browser with the sandbox's base URL as the SDK's `baseURL`, staying inside the
 * prefix (links, form actions, redirects) and scoping their cookie to it.
 */
test.describe('sandbox pages', () => {
  test('the consent page of a sandbox works in Chromium with an app created in that sandbox', async ({ page, context, cozeSandbox, clientSite }, testInfo) => {
    const redirectUrl = `${clientSite.origin}/callback`;
    const app = await cozeSandbox.control.addApp({ type: 'web', name: 'Sandboxed Client', redirectUris: [redirectUrl] });
    const url = getWebAuthenticationUrl({ baseURL: cozeSandbox.baseURL, clientId: app.clientId, redirectUrl, state: 'sb-state' });
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Sandboxed Client wants to access your Coze account' })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe(`${new URL(cozeSandbox.baseURL).pathname}/oauth/consent`);
    const [cookie] = await context.cookies(page.url());
    expect(cookie?.path).toBe(`${new URL(cozeSandbox.baseURL).pathname}/oauth`);
    await saveScreenshot(page, testInfo, 'sandbox-consent');

    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(`${redirectUrl}?**`);
    const back = new URL(page.url()).searchParams;
    expect(back.get('state')).toBe('sb-state');
    const token = await getWebOAuthToken({
      baseURL: cozeSandbox.baseURL,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUrl,
      code: back.get('code') ?? '',
    });
    expect(token.access_token).toMatch(/^czu_/);
    expect(await cozeSandbox.control.introspect(token.access_token)).toMatchObject({ active: true, clientId: app.clientId });
  });

  test('the device page of a sandbox approves a code the SDK asked that sandbox for', async ({ page, cozeSandbox }) => {
    const { clientId } = cozeSandbox.fixtures.apps.device;
    const code = await getDeviceCode({ baseURL: cozeSandbox.baseURL, clientId });
    expect(code.verification_uri).toBe(`${cozeSandbox.baseURL}/oauth/device`);
    await page.goto(`${code.verification_uri}?user_code=${code.user_code}`);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('heading', { name: 'Device connected' })).toBeVisible();
    await cozeSandbox.control.advanceClock(5);
    const token = await getDeviceToken({ baseURL: cozeSandbox.baseURL, clientId, deviceCode: code.device_code });
    expect(token.access_token).toMatch(/^czu_/);
  });
});
