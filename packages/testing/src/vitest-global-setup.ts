/**
 * `cozeMockGlobalSetup()`: one mock for the whole vitest run.
 *
 * @module @coze-mock/testing/vitest-global-setup
 */
import type { PublicFixtures, StartOptions } from '@coze-mock/server';
import type { TestProject } from 'vitest/node';
import { startCozeMock } from './start-coze-mock.js';

/**
 * The vitest global setup half of `@coze-mock/testing`: it runs in vitest's main process, so it must not import
 * `vitest` itself (the fixture half is `@coze-mock/testing/vitest`).
 */

/** What a global setup provides to every test file (see {@link cozeMockGlobalSetup}). */
export interface ProvidedCozeMock {
  url: string;
  fixtures: PublicFixtures;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cozeMock: ProvidedCozeMock;
  }
}

/**
 * A vitest global setup that starts one mock for the whole run (in vitest's main process) and provides its URL and
 * fixtures to every test file; read them with `useCozeMock()` from `@coze-mock/testing/vitest`. All files share that
 * one mock, its state and its clock: prefer the `test` fixture when tests move the clock.
 *
 * @example
 * // test/coze-mock.setup.ts — then in vitest.config.ts: test: { globalSetup: ['./test/coze-mock.setup.ts'] }
 * import { cozeMockGlobalSetup } from '@coze-mock/testing/vitest-global-setup';
 * export default cozeMockGlobalSetup({ config: { redirectUris: ['http://127.0.0.1:3000/callback'] } });
 */
export function cozeMockGlobalSetup(options: StartOptions = {}) {
  return async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
    const mock = await startCozeMock(options);
    project.provide('cozeMock', { url: mock.url, fixtures: mock.fixtures });
    return () => mock.close();
  };
}
