import type { Hono } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { oauthErrors } from '../errors.js';
import { prepareFixtureKeys, toPublicFixtures } from '../fixtures/index.js';
import { publicOrigin } from '../http.js';
import type { Sandboxes } from '../sandboxes/index.js';
import { mountVerbs } from './mount.js';
import type { VerbHandlers } from './verbs.js';

/** The parts of a sandbox's mock app the control API shows. */
interface SandboxMock {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
  close(): void;
  mock: MockContext;
}

/**
 * `POST /__mock/sandboxes` `{seed?}` → `{id, baseURL, fixtures}`, `GET /__mock/sandboxes`, `DELETE /__mock/sandboxes/{id}`:
 * the root server's verbs (a sandbox has none), mounted by `createControlRoutes`.
 *
 * @example
 * createControlRoutes(mock, reset, sandboxVerbs(mock, sandboxes));
 */
export function sandboxVerbs(mock: MockContext, sandboxes: Sandboxes<SandboxMock>): (routes: Hono<MockEnv>) => void {
  const handlers = {
    createSandbox: async ({ seed }) => {
      // A new seed's key search runs off the event loop here, not inside the synchronous build of the sandbox.
      if (seed) await prepareFixtureKeys(seed);
      const sandbox = sandboxes.create(seed);
      const baseURL = `${publicOrigin(mock)}${sandbox.basePath}`;
      const { mock: inner } = sandbox.app;
      return { id: sandbox.id, baseURL, fixtures: toPublicFixtures(inner.fixtures, baseURL, inner.live.allApps()) };
    },
    sandboxes: () => ({ sandboxes: sandboxes.list().map(({ id, basePath }) => ({ id, baseURL: `${publicOrigin(mock)}${basePath}` })) }),
    deleteSandbox: ({ id }) => {
      if (!sandboxes.delete(id)) throw oauthErrors.unknownId('sandbox', id);
      return { ok: true };
    },
  } satisfies VerbHandlers<'createSandbox' | 'sandboxes' | 'deleteSandbox'>;
  return (routes) => mountVerbs(routes, mock, handlers);
}
