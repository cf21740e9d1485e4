import { describe } from 'vitest';
import { expect, test } from '../src/vitest.js';

// File-scoped options are set at the top of the file, before any describe.
test.override({ cozeMockOptions: { seed: 'another-team', config: { redirectUris: ['http://127.0.0.1:3999/callback'] } } });

describe('cozeMockOptions', () => {
  test('start the file\'s mock with a seed and extra redirect URIs', async ({ cozeMock }) => {
    expect(cozeMock.fixtures.apps.web.redirectUris).toContain('http://127.0.0.1:3999/callback');
    expect(cozeMock.server.app.mock.fixtures.seed).toBe('another-team');
  });
});

describe('cozeMockResetEachTest: false', () => {
  test.override({ cozeMockResetEachTest: false });
  let clockAfterAdvance = 0;

  test('a test moves the clock two hours ahead', async ({ cozeMock }) => {
    const before = (await cozeMock.control.clock()).nowSeconds;
    clockAfterAdvance = (await cozeMock.control.advanceClock(7200)).nowSeconds;
    expect(clockAfterAdvance - before).toBeGreaterThanOrEqual(7200);
  });

  test('the next test keeps it: the clock is still two hours ahead of the wall clock', async ({ cozeMock }) => {
    // Proves the previous test ran here (else there is nothing to keep), then that no reset came in between.
    expect(clockAfterAdvance - Date.now() / 1000).toBeGreaterThan(7000);
    const { nowSeconds } = await cozeMock.control.clock();
    expect(nowSeconds).toBeGreaterThanOrEqual(clockAfterAdvance);
    expect(nowSeconds - Date.now() / 1000).toBeGreaterThan(7000);
  });
});
