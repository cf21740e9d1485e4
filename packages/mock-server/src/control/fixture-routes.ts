import { Hono } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { oauthErrors } from '../errors.js';
import { readJsonBody } from '../http.js';
import { appBody, patBody, revokeBody, userBody } from './schemas.js';

/**
 * Fixtures added at run time: `POST /__mock/apps`, `/apps/{id}/disable`, `/users`, `/pats`, `/tokens/revoke`.
 * All of it is gone after `reset`; the seeded fixtures stay (see fixtures/runtime.ts).
 *
 * @example
 * control.route('/', createFixtureRoutes(mock));
 */
export function createFixtureRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .post('/apps', async (c) => c.json(await mock.live.addApp(await readJsonBody(c, mock, appBody)), 201))
    .post('/apps/:id/disable', (c) => {
      const clientId = c.req.param('id');
      if (!mock.live.disableApp(clientId)) throw oauthErrors.unknownId('app', clientId);
      return c.json({ ok: true, clientId, disabled: true });
    })
    .post('/users', async (c) => c.json(mock.live.addUser(await readJsonBody(c, mock, userBody)), 201))
    .post('/pats', async (c) => c.json(mock.live.addPat(await readJsonBody(c, mock, patBody), mock.clock.nowSeconds()), 201))
    .post('/tokens/revoke', async (c) => {
      const { token } = await readJsonBody(c, mock, revokeBody);
      const revoked = revokeToken(mock, token);
      if (!revoked) throw oauthErrors.unknownId('live token with that value');
      return c.json({ ok: true, revoked });
    });
}

/** Revokes a PAT (until reset), or an access or refresh token (its record is deleted). Which kind it was, if any. */
function revokeToken(mock: MockContext, token: string): 'pat' | 'access_token' | 'refresh_token' | undefined {
  if (token.startsWith('pat_')) return mock.live.revokePat(token) ? 'pat' : undefined;
  if (mock.store.accessTokens.get(token)) {
    mock.store.accessTokens.delete(token);
    return 'access_token';
  }
  if (mock.store.refreshTokens.get(token)) {
    mock.store.refreshTokens.delete(token);
    return 'refresh_token';
  }
  return undefined;
}
