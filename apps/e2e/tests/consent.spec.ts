import { getWebOAuthToken } from '@coze/api';
import { APP_NAMES, appNamed, expect, test } from './support/fixtures.js';
import { authorizeUrl, watchForInjectedScript } from './support/flows.js';
import { saveScreenshot } from './support/screenshots.js';

test.describe('consent page', () => {
  test('Authorize sends the browser to the registered redirect_uri with a code and the same state', async ({ page, cozeMock, clientSite }, testInfo) => {
    await page.goto(authorizeUrl(cozeMock, clientSite.origin, { state: 'opaque-state-42' }));
    await expect(page.getByRole('heading', { name: `${APP_NAMES.client} wants to access your Coze account` })).toBeVisible();
    await expect(page.getByText(`Signed in as ${cozeMock.fixtures.user.nick_name}`)).toBeVisible();
    await saveScreenshot(page, testInfo, 'consent');

    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(`${clientSite.origin}/callback?**`);
    const back = new URL(page.url());
    expect(back.searchParams.get('state')).toBe('opaque-state-42');
    const code = back.searchParams.get('code') ?? '';
    expect(code).toMatch(/^code_/);

    // The code is real: the SDK exchanges it (server side, as a web app would).
    const app = appNamed(cozeMock.fixtures, APP_NAMES.client);
    const token = await getWebOAuthToken({
      baseURL: cozeMock.url,
      clientId: app.clientId,
      clientSecret: app.clientSecrets[0] as string,
      redirectUrl: `${clientSite.origin}/callback`,
      code,
    });
    expect(token.access_token).toMatch(/^czu_/);
  });

  test('Deny sends the browser back with error=access_denied and the same state', async ({ page, cozeMock, clientSite }) => {
    await page.goto(authorizeUrl(cozeMock, clientSite.origin, { state: 'deny-me' }));
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(`${clientSite.origin}/callback?**`);
    const back = new URL(page.url()).searchParams;
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('state')).toBe('deny-me');
    expect(back.has('code')).toBe(false);
  });

  test('an unknown client_id shows an error page and redirects nowhere', async ({ page, cozeMock, clientSite }, testInfo) => {
    const url = new URL(authorizeUrl(cozeMock, clientSite.origin));
    url.searchParams.set('client_id', '99999999999999999999999999999999.app.coze');
    const response = await page.goto(url.toString());
    expect(response?.status()).toBe(400);
    await expect(page.getByRole('heading', { name: 'Unknown application' })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(cozeMock.url);
    expect(clientSite.requests).toEqual([]);
    await expect(page.getByRole('button')).toHaveCount(0);
    await saveScreenshot(page, testInfo, 'consent-error');
  });

  test('an unregistered redirect_uri shows an error page and is never visited', async ({ page, cozeMock, clientSite, otherSite }) => {
    const unregistered = `${otherSite.sameSite}/callback`;
    const response = await page.goto(authorizeUrl(cozeMock, clientSite.origin, { redirectUrl: unregistered }));
    expect(response?.status()).toBe(400);
    await expect(page.getByRole('heading', { name: 'Redirect URI not registered' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText(unregistered);
    expect(new URL(page.url()).origin).toBe(cozeMock.url);
    expect(otherSite.requests).toEqual([]);
    expect(clientSite.requests).toEqual([]);
  });
});

test.describe('consent page escapes what it is sent', () => {
  const injection = `"><script>window.__pwned = "state"</script><img src="x" onerror="window.__pwned = 'img'">`;

  // The mock never renders state (it rides in the pending authorization), so this proves the round trip and that it
  // stays out of the page; the tests below cover the places where attacker input IS rendered.
  test('markup in state stays out of the consent page and comes back byte for byte', async ({ page, cozeMock, clientSite }) => {
    await page.goto(authorizeUrl(cozeMock, clientSite.origin, { state: injection }));
    await expect(page.getByRole('button', { name: 'Authorize' })).toBeVisible();
    expect(await page.content()).not.toContain('__pwned = "state"');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(`${clientSite.origin}/callback?**`);
    expect(new URL(page.url()).searchParams.get('state')).toBe(injection);
  });

  test('markup in an app name is shown as text and never runs', async ({ page, cozeMock, clientSite }) => {
    const xss = watchForInjectedScript(page);
    await page.goto(authorizeUrl(cozeMock, clientSite.origin, { appName: APP_NAMES.hostile }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${APP_NAMES.hostile} wants to access your Coze account`);
    await expect(page.locator('dd').first()).toHaveText(APP_NAMES.hostile);
    expect(await xss.injectedElements()).toBe(0);
    expect(await xss.ran()).toBe(false);
  });

  test('markup in an unregistered redirect_uri is shown as text on the error page', async ({ page, cozeMock, clientSite }) => {
    const xss = watchForInjectedScript(page);
    const hostileUri = `${clientSite.origin}/evil?x=${injection}`;
    await page.goto(authorizeUrl(cozeMock, clientSite.origin, { redirectUrl: hostileUri }));
    await expect(page.getByRole('heading', { name: 'Redirect URI not registered' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('<script>window.__pwned = "state"</script>');
    expect(await xss.injectedElements()).toBe(0);
    expect(await xss.ran()).toBe(false);
  });

  test('markup in a user_code typed into the device page is shown as text in the field and never runs', async ({ page, cozeMock }) => {
    const xss = watchForInjectedScript(page);
    await page.goto(`${cozeMock.url}/oauth/device?user_code=${encodeURIComponent(injection)}`);
    const field = page.getByLabel('Device code');
    await expect(field).toBeVisible();
    // The page shows what was typed back in the field, normalised like a user code: the first 64 characters, upper
    // case, no dashes or spaces, a dash after the fourth.
    const typed = injection.slice(0, 64).toUpperCase().replace(/[\s-]/g, '');
    await expect(field).toHaveValue(`${typed.slice(0, 4)}-${typed.slice(4)}`);
    expect(await page.locator('body script, body img').count()).toBe(0);
    expect(await xss.ran()).toBe(false);
  });
});
