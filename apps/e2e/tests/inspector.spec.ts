import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { CozeAPI, getDeviceCode, getDeviceToken, getJWTToken, getWebAuthenticationUrl, getWebOAuthToken, refreshOAuthToken } from '@coze/api';
import type { Page } from '@playwright/test';
import type { CozeMockFixture } from '@coze-mock/testing/playwright';
import { expect, test } from './support/fixtures.js';
import { saveScreenshot } from './support/screenshots.js';

/**
 * The inspector (`GET /__mock/`) in Chromium, as a person uses it while the SDK runs in Node: approving a device code,
 * moving the clock until a token expires, reading why a JWT was refused. Its README screenshot is taken here.
 */

/**
 * The README's screenshot, taken by this suite: into test-results on every run, and over the committed
 * docs/inspector.png when COZE_UPDATE_README_SCREENSHOT=1 (so a plain run leaves the tree clean).
 */
const README_SCREENSHOT = process.env.COZE_UPDATE_README_SCREENSHOT === '1'
  ? fileURLToPath(new URL('../../../docs/inspector.png', import.meta.url))
  : fileURLToPath(new URL('../test-results/screenshots/inspector-readme.png', import.meta.url));

/** Opens the inspector and fails the test on any request that leaves the mock's origin. */
async function openInspector(page: Page, baseURL: string): Promise<void> {
  const origin = new URL(baseURL).origin;
  page.on('request', (request) => {
    if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith('data:')) throw new Error(`the inspector asked ${request.url()}`);
  });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${baseURL}/__mock/`);
  await expect(page.getByText('live', { exact: true })).toBeVisible();
}

/** Web-app tokens for the ready-made web app, with the control API playing the person at the consent page. */
async function webTokens(cozeMock: CozeMockFixture) {
  const { clientId, clientSecret, redirectUris } = cozeMock.fixtures.apps.web;
  const redirectUrl = redirectUris[0] as string;
  const { code } = await cozeMock.control.completeConsent(getWebAuthenticationUrl({ baseURL: cozeMock.url, clientId, redirectUrl, state: 'inspector' }));
  return getWebOAuthToken({ baseURL: cozeMock.url, clientId, clientSecret, redirectUrl, code: code as string });
}

test.describe('the inspector', () => {
  test('a device code approved from the page completes the SDK\'s polling', async ({ page, cozeMock }) => {
    await openInspector(page, cozeMock.url);
    const { clientId } = cozeMock.fixtures.apps.device;
    const device = await getDeviceCode({ baseURL: cozeMock.url, clientId });
    await expect(getDeviceToken({ baseURL: cozeMock.url, clientId, deviceCode: device.device_code })).rejects.toMatchObject({ rawError: { error: 'authorization_pending' } });

    const panel = page.getByRole('region', { name: 'Device codes' });
    await expect(panel.getByText(device.user_code)).toBeVisible();
    await panel.getByRole('button', { name: `Approve ${device.user_code}` }).click();
    await expect(page.getByRole('status')).toHaveText(`${device.user_code} approved`);
    await expect(panel.getByText('approved')).toBeVisible();

    // Past the polling interval on the mock's clock (no real sleep), then the SDK's polling loop gets its token.
    await cozeMock.control.advanceClock(device.interval);
    const token = await getDeviceToken({ baseURL: cozeMock.url, clientId, deviceCode: device.device_code, poll: true });
    expect(token.access_token).toMatch(/^czu_/);
    await expect(page.getByRole('region', { name: 'Tokens' }).getByText('device_code')).toBeVisible();
  });

  test('a clock advance expires a token, the SDK refreshes it, the page shows the family', async ({ page, cozeMock }) => {
    await openInspector(page, cozeMock.url);
    const first = await webTokens(cozeMock);
    expect((await new CozeAPI({ token: first.access_token, baseURL: cozeMock.url }).users.me()).user_id).toBe(cozeMock.fixtures.user.user_id);

    const tokens = page.getByRole('region', { name: 'Tokens' });
    await expect(tokens.getByText(/live/)).toBeVisible();
    await page.getByRole('button', { name: '+1 h: advance the clock by an hour' }).click();
    await expect(page.getByRole('status')).toHaveText('Clock advanced by 1 h');
    await expect(tokens.getByText('expired', { exact: true })).toBeVisible();
    await expect(new CozeAPI({ token: first.access_token, baseURL: cozeMock.url }).users.me()).rejects.toMatchObject({ code: 4100 });

    const { clientId, clientSecret } = cozeMock.fixtures.apps.web;
    const second = await refreshOAuthToken({ baseURL: cozeMock.url, clientId, clientSecret, refreshToken: first.refresh_token });
    expect((await new CozeAPI({ token: second.access_token, baseURL: cozeMock.url }).users.me()).user_id).toBe(cozeMock.fixtures.user.user_id);

    // The refresh shows in the traffic; its row opens to the tokens it issued and their family.
    await page.getByLabel('Grant').selectOption('refresh_token');
    const row = page.getByRole('list', { name: 'Requests, newest first' }).getByRole('button').first();
    await expect(row).toContainText('200');
    await row.click();
    await page.locator('summary', { hasText: 'Access token issued' }).click();
    const family = page.getByRole('list', { name: 'Refresh family, oldest first' });
    await expect(family.getByRole('listitem')).toHaveText([/access token: expired/, /refresh token: rotated/, /access token: live.*\(this one\)/, /refresh token: live/]);
  });

  test('a JWT with a wrong kid shows why it was refused (the README screenshot)', async ({ page, cozeMock }) => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await openInspector(page, cozeMock.url);
    await new CozeAPI({ token: cozeMock.fixtures.pat, baseURL: cozeMock.url }).users.me();
    const { appId, privateKey } = cozeMock.fixtures.apps.jwt;
    await expect(getJWTToken({ baseURL: cozeMock.url, appId, keyid: 'not-a-registered-kid', aud: 'api.coze.cn', privateKey })).rejects.toThrow();

    await page.getByLabel('Status').selectOption('4xx');
    const row = page.getByRole('list', { name: 'Requests, newest first' }).getByRole('button', { name: /jwt-bearer/ });
    await expect(row).toContainText('invalid_client');
    // By keyboard: the row is a button that opens with Enter.
    await row.focus();
    await page.keyboard.press('Enter');
    await expect(row).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByText('Refused: invalid jwt: kid not been registred')).toBeVisible();
    await expect(page.getByText('"kid": "not-a-registered-kid"')).toBeVisible();
    await expect(page.getByText(`"iss": "${appId}"`)).toBeVisible();
    await page.screenshot({ path: README_SCREENSHOT });
  });

  test('passes axe-core with no serious or critical violation, and is usable at phone width', async ({ page, cozeMock }, testInfo) => {
    await openInspector(page, cozeMock.url);
    await webTokens(cozeMock);
    await getDeviceCode({ baseURL: cozeMock.url, clientId: cozeMock.fixtures.apps.device.clientId });
    await page.getByRole('list', { name: 'Requests, newest first' }).getByRole('button', { name: /authorization_code/ }).click();
    await page.locator('summary', { hasText: 'Access token issued' }).click();
    await expect(page.getByRole('list', { name: 'Refresh family, oldest first' })).toBeVisible();
    const serious = async () =>
      (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
    expect(await serious()).toEqual([]);

    await page.setViewportSize({ width: 360, height: 740 });
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)).toBe(false);
    await expect(page.getByRole('button', { name: '+1 min: advance the clock by a minute' })).toBeInViewport();
    expect(await serious()).toEqual([]);
    await saveScreenshot(page, testInfo, 'inspector-360px');
  });

  test('each sandbox has its own inspector, showing only that sandbox\'s traffic', async ({ page, cozeMock, cozeSandbox }) => {
    await fetch(`${cozeMock.url}/v1/workspaces`);
    await openInspector(page, cozeSandbox.baseURL);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('sandbox');
    await new CozeAPI({ token: cozeSandbox.fixtures.pat, baseURL: cozeSandbox.baseURL }).users.me();
    const rows = page.getByRole('list', { name: 'Requests, newest first' }).getByRole('button');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('/v1/users/me');
    await page.getByRole('button', { name: '+1 day: advance the clock by a day' }).click();
    expect((await cozeSandbox.control.clock()).nowSeconds - (await cozeMock.control.clock()).nowSeconds).toBeGreaterThan(86_000);
  });
});
