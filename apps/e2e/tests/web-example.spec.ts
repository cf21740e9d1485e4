import { getWebAuthenticationUrl } from '@coze/api';
import { APP_NAMES, appNamed, echoBotId, expect, test } from './support/fixtures.js';
import { saveScreenshot } from './support/screenshots.js';

// apps/web-example, a Hono server using @coze/api server-side, driven through Chromium against the mock.

test.describe('web example (authorization code flow, server side)', () => {
  test('Sign in with Coze → consent → the user’s name; Refresh token rotates the token', async ({ page, cozeMock, webExample }, testInfo) => {
    await page.goto(webExample.url);
    await saveScreenshot(page, testInfo, 'web-example-signed-out');
    await page.getByRole('button', { name: 'Sign in with Coze' }).click();

    await expect(page.getByRole('heading', { name: `${APP_NAMES.web} wants to access your Coze account` })).toBeVisible();
    await page.getByRole('button', { name: 'Authorize' }).click();

    await page.waitForURL(webExample.url);
    await expect(page.getByTestId('user-name')).toHaveText(cozeMock.fixtures.user.nick_name);
    await saveScreenshot(page, testInfo, 'web-example-signed-in');
    const before = {
      access: await page.getByTestId('access-token').textContent(),
      refresh: await page.getByTestId('refresh-token').textContent(),
      expires: await page.getByTestId('expires-at').textContent(),
    };
    expect(before.access).toMatch(/^sha256:[0-9a-f]{12}$/);

    await cozeMock.control.advanceClock(60); // so the new expiry is visibly later
    await page.getByRole('button', { name: 'Refresh token' }).click();
    await expect(page.getByTestId('rotation')).toContainText(`${before.access} →`);
    await expect(page.getByTestId('access-token')).not.toHaveText(before.access ?? '');
    await expect(page.getByTestId('refresh-token')).not.toHaveText(before.refresh ?? '');
    const expiresAfter = Date.parse((await page.getByTestId('expires-at').textContent()) ?? '');
    expect(expiresAfter).toBeGreaterThan(Date.parse(before.expires ?? ''));
    await saveScreenshot(page, testInfo, 'web-example-refreshed');

    // The refresh went through the SDK to the mock's token endpoint, and no token ever reached the page.
    const grants = (await cozeMock.control.journal({ path: '/api/permission/oauth2/token' })).map((entry) => entry.grantType);
    expect(grants).toEqual(['authorization_code', 'refresh_token']);
    expect(await page.content()).not.toMatch(/czu_|code_/);
  });

  test('Deny brings the person back signed out, with the reason', async ({ page, webExample }) => {
    await page.goto(webExample.url);
    await page.getByRole('button', { name: 'Sign in with Coze' }).click();
    await page.getByRole('button', { name: 'Deny' }).click();
    await expect(page.getByRole('alert')).toHaveText('Sign-in was cancelled: access_denied (the user denied the request).');
    await expect(page.getByRole('button', { name: 'Sign in with Coze' })).toBeVisible();
  });

  test('a callback whose state is not this browser’s is refused (login CSRF)', async ({ page, cozeMock, webExample }) => {
    // An attacker consents with their own browser and sends the victim the callback link with the attacker's code.
    const app = appNamed(cozeMock.fixtures, APP_NAMES.web);
    const redirectUrl = new URL('/callback', webExample.url).toString();
    const url = getWebAuthenticationUrl({ baseURL: cozeMock.url, clientId: app.clientId, redirectUrl, state: 'attacker-state' });
    const attackers = await cozeMock.control.completeConsent(url);

    const response = await page.goto(attackers.location);
    expect(response?.status()).toBe(400);
    await expect(page.getByRole('alert')).toContainText('The state does not match');
    await page.goto(webExample.url);
    await expect(page.getByRole('button', { name: 'Sign in with Coze' })).toBeVisible();
    expect(await cozeMock.control.journal({ path: '/api/permission/oauth2/token' })).toEqual([]);
  });

  test('after sign-in, the server chats with the echo bot and the page shows the echo of what was typed', async ({ page, cozeMock, webExample }, testInfo) => {
    await page.goto(webExample.url);
    await page.getByRole('button', { name: 'Sign in with Coze' }).click();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await expect(page.getByTestId('user-name')).toHaveText(cozeMock.fixtures.user.nick_name);
    const question = 'Hello from the server <i>side</i> ✓';
    await page.getByLabel('Your message').fill(question);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByTestId('question')).toHaveText(question);
    await expect(page.getByTestId('answer')).toHaveText(question);
    await expect(page.locator('[data-testid="answer"] i')).toHaveCount(0); // escaped, never markup
    await saveScreenshot(page, testInfo, 'web-example-chat');
    // The chat went from the web server with the user's token (the SDK in Node), not from Chromium.
    const [chat] = await cozeMock.control.journal({ path: '/v3/chat' });
    expect(chat).toMatchObject({ method: 'POST', status: 200 });
    expect(chat?.userAgent).toMatch(/^coze-js\//);
    expect(await page.content()).not.toMatch(/czu_/);
  });

  test('a failed chat is shown as an alert beside what was asked', async ({ page, cozeMock, webExample }) => {
    await page.goto(webExample.url);
    await page.getByRole('button', { name: 'Sign in with Coze' }).click();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await cozeMock.control.setBotScript(echoBotId(cozeMock.fixtures), { failed: { code: 5000, msg: 'the model is down' } });
    await page.getByLabel('Your message').fill('anyone there?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('alert')).toHaveText('The chat failed: the model is down');
    await expect(page.getByTestId('question')).toHaveText('anyone there?');
  });
});
