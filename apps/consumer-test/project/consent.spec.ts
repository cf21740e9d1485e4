// A user's Playwright file, installed from the packed tarballs: the consent page through @coze-mock/testing/playwright.
import { getWebAuthenticationUrl, getWebOAuthToken } from '@coze/api';
import { expect, test } from '@coze-mock/testing/playwright';

// The user's app would serve this callback; here nothing does: the test reads the code off the browser's request.
const CALLBACK = 'http://127.0.0.1:3000/callback';
test.use({ cozeMockOptions: { config: { redirectUris: [CALLBACK] } } });

test('a person authorizes on the consent page and the code is exchanged', async ({ page, cozeMock }) => {
  const { clientId, clientSecret } = cozeMock.fixtures.apps.web;
  await page.goto(getWebAuthenticationUrl({ baseURL: cozeMock.url, clientId, redirectUrl: CALLBACK, state: 'consumer-state' }));
  await expect(page.getByText(`Signed in as ${cozeMock.fixtures.user.nick_name}`)).toBeVisible();
  const callback = page.waitForRequest((request) => request.url().startsWith(`${CALLBACK}?`));
  await page.getByRole('button', { name: 'Authorize' }).click();
  const back = new URL((await callback).url()).searchParams;
  expect(back.get('state')).toBe('consumer-state');
  const token = await getWebOAuthToken({ baseURL: cozeMock.url, clientId, clientSecret, redirectUrl: CALLBACK, code: back.get('code') ?? '' });
  expect(token.access_token).toMatch(/^czu_/);
});
