/**
 * Vitest fixtures and helpers: `test` with `cozeMock`, `useCozeMock()`, `useCozeMockSandbox()`, `startCozeMock()`.
 *
 * @module @coze-mock/testing/vitest
 */
import { createControlClient, type ControlClient, type SandboxHandle, type StartOptions } from '@coze-mock/server';
import { afterAll, beforeEach, expect, inject, test as baseTest } from 'vitest';
import { startCozeMock, type CozeMockFixture } from './start-coze-mock.js';
import type { ProvidedCozeMock } from './vitest-global-setup.js';

/**
 * Vitest helpers for testing your own code against the Coze mock: a `test` with a file-scoped `cozeMock` fixture (one
 * mock per test file, so files may run in parallel: set vitest's `maxWorkers`), `useCozeMock()` for the mock of the global setup in
 * `@coze-mock/testing/vitest-global-setup`, and a plain `startCozeMock()` for `beforeAll`. Keep `environment: 'node'`:
 * `@coze/api` treats any `window` as a browser.
 */

/**
 * Vitest's `test` with a file-scoped **`cozeMock`** fixture. Before each test the mock forgets codes, tokens, grants,
 * the journal and faults, and its clock goes back to now (fixtures stay); turn that off with
 * `test.override({ cozeMockResetEachTest: false })`. Mock options (seed, extra redirect URIs, lifetimes …) go in
 * `cozeMockOptions`, overridden at the top of a file.
 *
 * @example
 * import { test, expect } from '@coze-mock/testing/vitest';
 * import { CozeAPI } from '@coze/api';
 *
 * test('my code reads the user', async ({ cozeMock }) => {
 *   const client = new CozeAPI({ token: cozeMock.fixtures.pat, baseURL: cozeMock.url });
 *   expect((await client.users.me()).user_id).toBe(cozeMock.fixtures.user.user_id);
 * });
 */
export const test = baseTest
  .extend('cozeMockOptions', { scope: 'file' }, {} as StartOptions)
  .extend('cozeMock', { scope: 'file' }, async ({ cozeMockOptions }, { onCleanup }) => {
    const mock = await startCozeMock(cozeMockOptions);
    onCleanup(() => mock.close());
    const { close: _close, ...fixture } = mock;
    return fixture as CozeMockFixture;
  })
  .extend('cozeMockResetEachTest', true as boolean)
  .extend('cozeMockAutoReset', { auto: true }, async ({ cozeMock, cozeMockResetEachTest }) => {
    if (cozeMockResetEachTest) cozeMock.server.app.reset();
  });

/**
 * In a test file, the mock started by `cozeMockGlobalSetup` (`@coze-mock/testing/vitest-global-setup`): its URL,
 * fixtures and a control client.
 *
 * @example
 * const { url, fixtures, control } = useCozeMock();
 * await control.advanceClock(301);
 */
export function useCozeMock(): ProvidedCozeMock & { control: ControlClient } {
  const provided = inject('cozeMock');
  if (!provided) {
    throw new Error('no coze mock was provided: add a global setup file exporting cozeMockGlobalSetup() (@coze-mock/testing/vitest-global-setup) to test.globalSetup');
  }
  return { ...provided, control: createControlClient(provided.url) };
}

/** Each test file's sandbox, by the file's path. */
const fileSandboxes = new Map<string, Promise<SandboxHandle>>();

/** Options of {@link useCozeMockSandbox}. */
export interface CozeMockSandboxOptions {
  /** The sandbox's own fixture seed (its own ids, secrets and keys); default: the server's fixtures. */
  seed?: string;
  /**
   * Reset the sandbox before each test of the file, as the `cozeMock` fixture does by default (codes, tokens, grants,
   * journal, replies and run-time fixtures forgotten, clock back to now). Default `false`: what a file sets up at its
   * top level (an app, a PAT) stays for all its tests.
   */
  resetEachTest?: boolean;
}

/**
 * In a test file, **this file's own sandbox** on the mock started by `cozeMockGlobalSetup`: an independent mock (own
 * state, clock, replies, journal, run-time fixtures) served under `/__sandbox/{id}` of the one shared server, so
 * `reset()` or `advanceClock()` here never disturbs another file running in parallel. Created on the first call in a
 * file (later calls in that file return the same one), deleted after the file. Call it at the top level of the file
 * (or in a `describe` body): it registers the file's hooks.
 *
 * @example
 * const { baseURL, fixtures, control } = await useCozeMockSandbox({ resetEachTest: true });
 * const client = new CozeAPI({ token: fixtures.pat, baseURL });
 * await control.advanceClock(3600); // this file only, and undone before the next test
 */
export function useCozeMockSandbox(options: CozeMockSandboxOptions = {}): Promise<SandboxHandle> {
  // Keyed by the file being collected: with vitest's `isolate: false` files share this module, and one file's
  // sandbox must never be handed to the next (nor its hooks skipped there).
  const file = expect.getState().testPath ?? '';
  let sandbox = fileSandboxes.get(file);
  if (!sandbox) {
    const { control } = useCozeMock();
    const created = control.createSandbox(options.seed === undefined ? {} : { seed: options.seed });
    sandbox = created;
    fileSandboxes.set(file, created);
    if (options.resetEachTest) beforeEach(async () => (await created).control.reset());
    afterAll(async () => {
      fileSandboxes.delete(file);
      await control.deleteSandbox((await created).id);
    });
  }
  return sandbox;
}

export { expect } from 'vitest';
export { startCozeMock, type CozeMockFixture } from './start-coze-mock.js';
export type { ProvidedCozeMock } from './vitest-global-setup.js';
