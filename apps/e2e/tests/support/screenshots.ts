import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';

/** Where every page-state screenshot goes: apps/e2e/test-results/screenshots/. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/**
 * Saves a full-page screenshot as `test-results/screenshots/<name>.png` and attaches it to the test's report.
 *
 * @example
 * await saveScreenshot(page, testInfo, 'consent');
 */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
