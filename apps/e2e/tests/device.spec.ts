import { getDeviceCode, getDeviceToken, type DeviceCodeData } from '@coze/api';
import type { Page } from '@playwright/test';
import type { CozeMockFixture } from '@coze-mock/testing/playwright';
import { expect, test } from './support/fixtures.js';
import { watchForInjectedScript } from './support/flows.js';
import { saveScreenshot } from './support/screenshots.js';

// The SDK half runs here, in Node, as a CLI or TV app would; the person's half runs in Chromium. No real waiting:
// the test polls once by hand and moves the mock's clock past the 5 s interval instead of sleeping.

async function startDeviceFlow(cozeMock: CozeMockFixture): Promise<DeviceCodeData> {
  return getDeviceCode({ baseURL: cozeMock.url, clientId: cozeMock.fixtures.apps.device.clientId });
}

async function pollOnce(cozeMock: CozeMockFixture, device: DeviceCodeData) {
  await cozeMock.control.advanceClock(device.interval);
  return getDeviceToken({ baseURL: cozeMock.url, clientId: cozeMock.fixtures.apps.device.clientId, deviceCode: device.device_code });
}

/** Types the code the way people do: lower case, no dash. */
async function typeCode(page: Page, userCode: string) {
  await page.getByLabel('Device code').fill(userCode.toLowerCase().replace('-', ''));
}

test.describe('device page', () => {
  test('typing the code in lower case without the dash and approving by keyboard lets the SDK get a token', async ({ page, cozeMock }, testInfo) => {
    const device = await startDeviceFlow(cozeMock);
    await expect(pollOnce(cozeMock, device)).rejects.toMatchObject({ rawError: { error: 'authorization_pending' } });

    await page.goto(device.verification_uri);
    await expect(page.getByRole('heading', { name: 'Connect a device' })).toBeVisible();
    await typeCode(page, device.user_code);
    await saveScreenshot(page, testInfo, 'device-form');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Approve' })).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { name: 'Device connected' })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Mock Device App can now use your account');
    await saveScreenshot(page, testInfo, 'device-success');

    const token = await pollOnce(cozeMock, device);
    expect(token.access_token).toMatch(/^czu_/);
  });

  test('the link with ?user_code= prefills the code, and Enter in the field approves', async ({ page, cozeMock }) => {
    const device = await startDeviceFlow(cozeMock);
    await page.goto(`${device.verification_uri}?user_code=${device.user_code}`);
    await expect(page.getByLabel('Device code')).toHaveValue(device.user_code);
    await page.getByLabel('Device code').press('Enter');
    await expect(page.getByRole('heading', { name: 'Device connected' })).toBeVisible();
    expect((await pollOnce(cozeMock, device)).access_token).toMatch(/^czu_/);
  });

  test('Deny makes the SDK fail with access_denied', async ({ page, cozeMock }, testInfo) => {
    const device = await startDeviceFlow(cozeMock);
    await page.goto(device.verification_uri);
    await typeCode(page, device.user_code);
    await page.getByRole('button', { name: 'Deny' }).click();
    await expect(page.getByRole('heading', { name: 'Request denied' })).toBeVisible();
    await saveScreenshot(page, testInfo, 'device-denied');
    await expect(pollOnce(cozeMock, device)).rejects.toMatchObject({ rawError: { error: 'access_denied' } });
  });

  test('a wrong code shows a clear message and approves nothing', async ({ page, cozeMock }, testInfo) => {
    const device = await startDeviceFlow(cozeMock);
    await page.goto(device.verification_uri);
    await page.getByLabel('Device code').fill('ZZZZ-ZZZZ');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('alert')).toHaveText('That code is not valid. Check the code shown on your device and try again.');
    await expect(page.getByLabel('Device code')).toHaveAttribute('aria-invalid', 'true');
    await saveScreenshot(page, testInfo, 'device-error');
    await expect(pollOnce(cozeMock, device)).rejects.toMatchObject({ rawError: { error: 'authorization_pending' } });
  });

  test('an expired code (the mock clock moved 301 s) shows a clear message', async ({ page, cozeMock }, testInfo) => {
    const device = await startDeviceFlow(cozeMock);
    await page.goto(device.verification_uri);
    await typeCode(page, device.user_code);
    await cozeMock.control.advanceClock(301);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('alert')).toHaveText('That code has expired. Start again on your device to get a new one.');
    await saveScreenshot(page, testInfo, 'device-expired');
    await expect(pollOnce(cozeMock, device)).rejects.toMatchObject({ rawError: { error: 'expired_token' } });
  });

  test('markup in ?user_code= is shown as text and never runs', async ({ page, cozeMock }) => {
    const xss = watchForInjectedScript(page);
    const injection = `"><script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">`;
    await page.goto(`${cozeMock.url}/oauth/device?user_code=${encodeURIComponent(injection)}`);
    // The field shows the quote and the markup as typed (upper-cased, dash after four characters): escaped, not parsed.
    await expect(page.getByLabel('Device code')).toHaveValue(/^"><S-CRIPT>/);
    expect(await xss.injectedElements()).toBe(0);
    expect(await xss.ran()).toBe(false);
  });

  test('a form auto-submitted from another origin is refused', async ({ page, cozeMock, otherSite }) => {
    const device = await startDeviceFlow(cozeMock);
    otherSite.page(
      '/forge-device',
      `<!doctype html><form id="f" method="post" action="${cozeMock.url}/oauth/device">
<input name="user_code" value="${device.user_code}"><input name="decision" value="approve"></form>
<script>document.getElementById('f').submit()</script>`,
    );
    await page.goto(`${otherSite.sameSite}/forge-device`);
    await expect(page.getByRole('alert')).toContainText('This request could not be verified');
    await expect(pollOnce(cozeMock, device)).rejects.toMatchObject({ rawError: { error: 'authorization_pending' } });
  });
});
