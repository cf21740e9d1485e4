import { expect, test } from './support/fixtures.js';
import { saveScreenshot } from './support/screenshots.js';

// apps/spa-example: @coze/api bundled for the browser with esbuild; the whole PKCE flow runs inside Chromium.

test.describe('SPA example (PKCE in the browser)', () => {
  test('Sign in with Coze → consent → back with ?code → token and users.me, all from the browser', async ({ page, cozeMock, spaExample }, testInfo) => {
    await page.goto(spaExample.url);
    await expect(page.getByRole('status')).toHaveText('Not signed in.');
    await page.getByRole('button', { name: 'Sign in with Coze' }).click();

    await expect(page.getByRole('heading', { name: 'SPA example wants to access your Coze account' })).toBeVisible();
    await page.getByRole('button', { name: 'Authorize' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hello, ${cozeMock.fixtures.user.nick_name}`);
    await expect(page.getByRole('status')).toContainText(`Signed in as ${cozeMock.fixtures.user.user_name}`);
    await expect(page.locator('#access-token')).toHaveText(/^sha256:[0-9a-f]{12}$/);
    expect(new URL(page.url()).search).toBe(''); // the code is gone from the address bar
    await saveScreenshot(page, testInfo, 'spa-example-signed-in');

    // The token exchange and users.me came from Chromium itself (CORS), not from a server.
    const fromBrowser = (path: string) => cozeMock.control.journal({ path }).then((entries) => entries.filter((e) => e.method !== 'OPTIONS'));
    const [exchange] = await fromBrowser('/api/permission/oauth2/token');
    expect(exchange).toMatchObject({ grantType: 'authorization_code', status: 200 });
    expect(exchange?.userAgent).toContain('Chrome/');
    const [me] = await fromBrowser('/v1/users/me');
    expect(me).toMatchObject({ status: 200 });
    expect(me?.userAgent).toContain('Chrome/');
  });

  test('a pat_ token is refused in the browser unless allowPersonalAccessTokenInBrowser is set', async ({ page, spaExample }) => {
    await page.goto(spaExample.url);
    await expect(page.locator('#pat-default')).toHaveText(
      'refused: Browser environments do not support authentication using Personal Access Token (PAT) by default.',
    );
    await expect(page.locator('#pat-allowed')).toHaveText('accepted');
  });

  test('Deny comes back as a clear message', async ({ page, spaExample }) => {
    await page.goto(spaExample.url);
    await page.getByRole('button', { name: 'Sign in with Coze' }).click();
    await page.getByRole('button', { name: 'Deny' }).click();
    await expect(page.getByRole('alert')).toHaveText('Sign-in was cancelled: access_denied.');
  });
});
