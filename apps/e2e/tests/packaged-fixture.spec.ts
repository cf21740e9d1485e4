import { createFixtures } from '@coze-mock/server';
import { expect, test as packaged } from '@coze-mock/testing/playwright';

// The fixture exactly as users get it from @coze-mock/testing/playwright (the rest of the suite extends it).

/**
 * Moves the worker's mock clock two hours ahead when the worker starts, before any test's reset, so the reset test
 * below has something to undo even when it runs alone (`-g`), not only after the test that moves the clock.
 */
const test = packaged.extend<object, { clockMovedTo: number }>({
  clockMovedTo: [
    async ({ cozeMock }, use) => {
      await use((await cozeMock.control.advanceClock(7200)).nowSeconds);
    },
    { scope: 'worker', auto: true },
  ],
});

test.use({ cozeMockOptions: { seed: 'fixture-check', config: { redirectUris: ['http://127.0.0.1:3000/callback'] } } });
test.describe.configure({ mode: 'serial' });

test('hands over the worker’s mock: url, fixtures built from the options, a control client', async ({ page, cozeMock }) => {
  expect(cozeMock.url).toBe(`http://127.0.0.1:${cozeMock.port}`);
  expect(cozeMock.fixtures.apps.web.clientId).toBe(createFixtures({ seed: 'fixture-check' }).primary.web.clientId);
  expect(cozeMock.fixtures.apps.web.redirectUris).toContain('http://127.0.0.1:3000/callback');
  expect(await cozeMock.control.fixtures()).toEqual(cozeMock.fixtures);
  await page.goto(cozeMock.url);
  await expect(page.getByRole('heading', { name: 'coze-mock is running' })).toBeVisible();
  await cozeMock.control.advanceClock(3600);
});

test('resets the mock’s state before each test (the clock moved before it is back)', async ({ cozeMock, clockMovedTo }) => {
  const wallSeconds = Math.floor(Date.now() / 1000);
  // The worker fixture did move the clock (else this test would prove nothing) ...
  expect(clockMovedTo - wallSeconds).toBeGreaterThan(7000);
  // ... and the reset before this test brought it back to the wall clock.
  const { nowSeconds } = await cozeMock.control.clock();
  expect(Math.abs(nowSeconds - wallSeconds)).toBeLessThan(60);
});
