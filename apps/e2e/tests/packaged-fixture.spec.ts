import { createFixtures } from '@coze-mock/server';
import { expect, test } from '@coze-mock/testing/playwright';

// The fixture exactly as users get it from @coze-mock/testing/playwright (the rest of the suite extends it).

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

test('resets the mock’s state before each test (the clock moved by the previous test is back)', async ({ cozeMock }) => {
  const { now } = await cozeMock.control.clock();
  expect(Math.abs(now - Date.now())).toBeLessThan(60_000);
});
