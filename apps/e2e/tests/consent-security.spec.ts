import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { authorizeUrl } from './support/flows.js';
import { saveScreenshot } from './support/screenshots.js';

/** Opens the consent page as the victim would and returns its authorize_key (the request an attacker wants approved). */
async function openConsent(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await expect(page.getByRole('button', { name: 'Authorize' })).toBeVisible();
  return new URL(page.url()).searchParams.get('authorize_key') ?? '';
}

const isConsentPost = (mockUrl: string) => (response: { url(): string; request(): { method(): string } }) =>
  response.url() === `${mockUrl}/oauth/consent` && response.request().method() === 'POST';

test.describe('consent page: forged requests', () => {
  for (const which of ['sameSite', 'crossSite'] as const) {
    test(`a form auto-submitted from another origin (${which === 'sameSite' ? '127.0.0.1, other port' : 'localhost'}) is refused`, async ({
      page,
      context,
      cozeMock,
      clientSite,
      otherSite,
    }, testInfo) => {
      const authorizeKey = await openConsent(page, authorizeUrl(cozeMock, clientSite.origin));
      otherSite.page(
        '/forge',
        `<!doctype html><title>Win a prize</title>
<form id="forged" method="post" action="${cozeMock.url}/oauth/consent">
<input type="hidden" name="authorize_key" value="${authorizeKey}">
<input type="hidden" name="decision" value="approve">
</form>
<script>document.getElementById('forged').submit()</script>`,
      );
      const attacker = await context.newPage();
      const answer = attacker.waitForResponse(isConsentPost(cozeMock.url));
      await attacker.goto(`${otherSite[which]}/forge`);
      expect((await answer).status()).toBe(403);
      await expect(attacker.getByRole('heading', { name: 'Request refused' })).toBeVisible();
      expect(clientSite.requests).toEqual([]);
      if (which === 'crossSite') await saveScreenshot(attacker, testInfo, 'consent-refused');

      // The person's own page still works: refusing the forgery did not spend their request.
      await page.getByRole('button', { name: 'Authorize' }).click();
      await page.waitForURL(`${clientSite.origin}/callback?**`);
    });
  }

  test('a POST with the browser’s cookie but without the page’s anti-forgery token is refused', async ({ page, cozeMock, clientSite }) => {
    const authorizeKey = await openConsent(page, authorizeUrl(cozeMock, clientSite.origin));
    // page.request shares the browser context's cookies, so only the token is missing; Origin claims the mock itself.
    const post = (form: Record<string, string>) =>
      page.request.post(`${cozeMock.url}/oauth/consent`, { form, headers: { origin: cozeMock.url }, maxRedirects: 0 });
    const withoutToken = await post({ authorize_key: authorizeKey, decision: 'approve' });
    expect(withoutToken.status()).toBe(403);
    expect(await withoutToken.text()).toContain('missing anti-forgery token');
    const madeUpToken = await post({ authorize_key: authorizeKey, decision: 'approve', csrf_token: 'A'.repeat(40) });
    expect(madeUpToken.status()).toBe(403);
    expect(clientSite.requests).toEqual([]);
  });

  test('a POST with this browser’s cookie and token is still refused when it announces another origin', async ({ page, cozeMock, clientSite, otherSite }) => {
    const authorizeKey = await openConsent(page, authorizeUrl(cozeMock, clientSite.origin));
    const token = (await page.locator('input[name="csrf_token"]').getAttribute('value')) ?? '';
    const form = { authorize_key: authorizeKey, decision: 'approve', csrf_token: token };
    const post = (headers: Record<string, string>) =>
      page.request.post(`${cozeMock.url}/oauth/consent`, { form, headers, maxRedirects: 0 });
    const fromOtherOrigin = await post({ origin: otherSite.sameSite });
    expect(fromOtherOrigin.status()).toBe(403);
    expect(await fromOtherOrigin.text()).toContain('form posted from another origin');
    const crossSite = await post({ origin: cozeMock.url, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).toContain('cross-site form submission');
    expect(clientSite.requests).toEqual([]);
  });

  test('a token taken from another browser’s page does not work with this browser’s cookie', async ({ page, browser, cozeMock, clientSite }) => {
    const authorizeKey = await openConsent(page, authorizeUrl(cozeMock, clientSite.origin));
    const attackerContext = await browser.newContext();
    const attackerPage = await attackerContext.newPage();
    await attackerPage.goto(`${cozeMock.url}/oauth/consent?authorize_key=${authorizeKey}`);
    const stolenToken = await attackerPage.locator('input[name="csrf_token"]').getAttribute('value');
    await attackerContext.close();
    const response = await page.request.post(`${cozeMock.url}/oauth/consent`, {
      form: { authorize_key: authorizeKey, decision: 'approve', csrf_token: stolenToken ?? '' },
      headers: { origin: cozeMock.url },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('anti-forgery cookie missing or does not match');
  });
});

test.describe('pages cannot be framed by another origin', () => {
  for (const target of ['consent', 'device'] as const) {
    test(`the ${target} page is blocked inside an iframe`, async ({ page, cozeMock, clientSite, otherSite }) => {
      let url = `${cozeMock.url}/oauth/device`;
      if (target === 'consent') {
        // A fresh consent page URL, obtained the way an attacker would: follow the authorize redirect.
        const start = await page.request.get(authorizeUrl(cozeMock, clientSite.origin), { maxRedirects: 0 });
        url = new URL(start.headers().location ?? '', cozeMock.url).toString();
      }
      otherSite.page(
        '/frame',
        `<!doctype html><title>Click the big button</title>
<iframe src="${url}" width="600" height="600" onload="window.frameLoaded = true"></iframe>`,
      );
      const served = page.waitForResponse((response) => response.url() === url);
      await page.goto(`${otherSite.crossSite}/frame`);
      expect((await served).status()).toBe(200); // the mock answered: the browser, told by its headers, blocked it
      await page.waitForFunction(() => (window as { frameLoaded?: boolean }).frameLoaded === true);
      const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
      expect(frame?.url()).not.toBe(url);
      await expect(page.frameLocator('iframe').getByRole('button')).toHaveCount(0);
    });
  }
});
