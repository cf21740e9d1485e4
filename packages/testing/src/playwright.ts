/**
 * Playwright fixtures: `cozeMock` (one mock per worker) and `cozeSandbox` (one sandbox per test).
 *
 * @module @coze-mock/testing/playwright
 */
import { test as base, expect } from '@playwright/test';
import type { SandboxHandle, StartOptions } from '@coze-mock/server';
import { startCozeMock, type CozeMockFixture } from './start-coze-mock.js';

export type { CozeMockFixture };

/**
 * A Playwright fixture for testing your own app against the Coze mock in a real browser.
 *
 * Each Playwright worker starts one mock on 127.0.0.1 with a free port (port 0) and hands it to every test of that
 * worker as `cozeMock`. Before each test the mock forgets codes, tokens, grants and the journal and its clock goes
 * back to now (turn off with `cozeMockResetEachTest: false`); the fixtures (apps, secrets, users) stay.
 */

/** Worker-scoped options and fixtures added by {@link test}. */
export interface CozeMockWorkerFixtures {
  /**
   * Options for `startMockServer` (seed, config with extra apps and redirect URIs, lifetimes …). `port` defaults
   * to 0. Set it with `test.use({ cozeMockOptions: … })` at the top of a file, or in `playwright.config.ts`.
   */
  cozeMockOptions: StartOptions;
  /** The worker's running mock. */
  cozeMock: CozeMockFixture;
}

/** Test-scoped options added by {@link test}. */
export interface CozeMockTestFixtures {
  /** Reset the mock's state (not its fixtures) before each test. Default true. */
  cozeMockResetEachTest: boolean;
  /** Internal: performs the reset. Automatic; never needs to be named. */
  cozeMockAutoReset: void;
  /**
   * A sandbox of the worker's mock for this test alone (`POST /__mock/sandboxes`): its own state, clock, replies and
   * journal under `baseURL`, deleted after the test. Created only for tests that name it.
   */
  cozeSandbox: SandboxHandle;
}

/**
 * Playwright's `test`, extended with a worker-scoped `cozeMock` fixture.
 *
 * @example
 * // my-app.spec.ts
 * import { test, expect } from '@coze-mock/testing/playwright';
 *
 * test.use({ cozeMockOptions: { config: { redirectUris: ['http://127.0.0.1:3000/callback'] } } });
 *
 * test('signs in with Coze', async ({ page, cozeMock }) => {
 *   const { clientId } = cozeMock.fixtures.apps.web;
 *   // start your app with baseURL = cozeMock.url and this clientId, then:
 *   await page.goto('http://127.0.0.1:3000/');
 *   await page.getByRole('button', { name: 'Sign in with Coze' }).click();
 *   await page.getByRole('button', { name: 'Authorize' }).click();
 *   await expect(page.getByText(cozeMock.fixtures.user.nick_name)).toBeVisible();
 * });
 */
export const test = base.extend<CozeMockTestFixtures, CozeMockWorkerFixtures>({
  cozeMockOptions: [{}, { scope: 'worker', option: true }],
  cozeMock: [
    async ({ cozeMockOptions }, use) => {
      const { close, ...mock } = await startCozeMock(cozeMockOptions);
      await use(mock);
      await close();
    },
    { scope: 'worker', title: 'coze mock server' },
  ],
  cozeMockResetEachTest: [true, { option: true }],
  cozeMockAutoReset: [
    async ({ cozeMock, cozeMockResetEachTest }, use) => {
      if (cozeMockResetEachTest) cozeMock.server.app.reset();
      await use();
    },
    { auto: true },
  ],
  cozeSandbox: async ({ cozeMock }, use) => {
    const sandbox = await cozeMock.control.createSandbox();
    await use(sandbox);
    await cozeMock.control.deleteSandbox(sandbox.id);
  },
});

export { expect };
