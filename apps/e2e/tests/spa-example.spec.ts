import type { Page } from '@playwright/test';
import { echoBotId, expect, test } from './support/fixtures.js';
import { saveScreenshot } from './support/screenshots.js';

// apps/spa-example: @coze/api bundled for the browser with esbuild; the whole PKCE flow runs inside Chromium.

/** Signs in through the mock's consent page and waits for the signed-in page. */
async function signIn(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Sign in with Coze' }).click();
  await page.getByRole('button', { name: 'Authorize' }).click();
  await expect(page.getByRole('status')).toContainText('Signed in as');
}

/** Records every text the answer shows, from the page itself, so the test sees each render and not only the last. */
async function recordAnswerRenders(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const answer = document.getElementById('answer') as HTMLElement;
    const renders: string[] = [];
    (window as unknown as { answerRenders: string[] }).answerRenders = renders;
    new MutationObserver(() => renders.push(answer.textContent ?? '')).observe(answer, { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { answerRenders: string[] }).answerRenders);
}

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

  test('after sign-in, chats with the echo bot from the browser: the answer is the echo of what was typed', async ({ page, cozeMock, spaExample }, testInfo) => {
    await signIn(page, spaExample.url);
    const question = 'Hello from Chromium <b>not bold</b> ✓';
    await page.getByLabel('Your message').fill(question);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByTestId('answer')).toHaveText(question);
    await expect(page.getByRole('status')).toHaveText('The bot has answered.');
    await expect(page.locator('#answer b')).toHaveCount(0); // the answer is text, never markup
    await saveScreenshot(page, testInfo, 'spa-example-chat');
    // The chat went from Chromium to the mock with the PKCE token (CORS), not through a server.
    const [chat] = (await cozeMock.control.journal({ path: '/v3/chat' })).filter((entry) => entry.method === 'POST');
    expect(chat).toMatchObject({ status: 200 });
    expect(chat?.userAgent).toContain('Chrome/');
  });

  test('the streamed answer grows in the page as the deltas arrive', async ({ page, cozeMock, spaExample }) => {
    await signIn(page, spaExample.url);
    // The echo bot's next chat: two characters a delta, 150 ms apart.
    await cozeMock.control.setBotScript(echoBotId(cozeMock.fixtures), { chunkSize: 2, delayMs: 150 });
    const renders = await recordAnswerRenders(page);
    const question = 'growing, piece by piece';
    await page.getByLabel('Your message').fill(question);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByTestId('answer')).toHaveText(question);
    const partial = [...new Set(await renders())].filter((text) => text !== '' && text !== question);
    expect(partial.length, `partial renders seen: ${JSON.stringify(partial)}`).toBeGreaterThanOrEqual(2);
    for (const text of partial) expect(question.startsWith(text), `${JSON.stringify(text)} is a beginning of the answer`).toBe(true);
  });

  test('a failed chat is shown as an alert', async ({ page, cozeMock, spaExample }) => {
    await signIn(page, spaExample.url);
    await cozeMock.control.setBotScript(echoBotId(cozeMock.fixtures), { failed: { code: 5000, msg: 'the model is down' } });
    await page.getByLabel('Your message').fill('anyone there?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('alert')).toHaveText('The chat failed: the model is down');
  });
});
