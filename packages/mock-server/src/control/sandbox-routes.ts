import { Hono } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { oauthErrors } from '../errors.js';
import { toPublicFixtures } from '../fixtures/index.js';
import { publicOrigin, readJsonBody } from '../http.js';
import type { Sandboxes } from '../sandboxes/index.js';
import { sandboxBody } from './schemas.js';

/** The parts of a sandbox's mock app the control API shows. */
interface SandboxMock {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
  close(): void;
  mock: MockContext;
}

/**
 * `POST /__mock/sandboxes` `{seed?}` → `{id, baseURL, fixtures}`, `GET /__mock/sandboxes`, `DELETE /__mock/sandboxes/{id}`.
 *
 * @example
 * createControlRoutes(mock, reset, createSandboxRoutes(mock, sandboxes));
 */
export function createSandboxRoutes(mock: MockContext, sandboxes: Sandboxes<SandboxMock>) {
  return new Hono<MockEnv>()
    .post('/sandboxes', async (c) => {
      const { seed } = await readJsonBody(c, mock, sandboxBody);
      const sandbox = sandboxes.create(seed);
      const baseURL = `${publicOrigin(mock)}${sandbox.basePath}`;
      const { mock: inner } = sandbox.app;
      return c.json({ id: sandbox.id, baseURL, fixtures: toPublicFixtures(inner.fixtures, baseURL, inner.live.allApps()) }, 201);
    })
    .get('/sandboxes', (c) => c.json({ sandboxes: sandboxes.list().map(({ id, basePath }) => ({ id, baseURL: `${publicOrigin(mock)}${basePath}` })) }))
    .delete('/sandboxes/:id', (c) => {
      const id = c.req.param('id');
      if (!sandboxes.delete(id)) throw oauthErrors.unknownId('sandbox', id);
      return c.json({ ok: true });
    });
}
