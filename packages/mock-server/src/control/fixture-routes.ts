import type { MockContext } from '../context.js';
import { oauthErrors } from '../errors.js';
import type { VerbHandlers } from './verbs.js';

/**
 * Fixtures added at run time: `POST /__mock/apps`, `/apps/{id}/disable`, `/users`, `/pats`, `/tokens/revoke`.
 * All of it is gone after `reset`; the seeded fixtures stay (see fixtures/runtime.ts).
 *
 * @example
 * mountVerbs(routes, mock, fixtureHandlers(mock));
 */
export function fixtureHandlers(mock: MockContext) {
  return {
    addApp: (input) => mock.live.addApp(input),
    disableApp: ({ id }) => {
      if (!mock.live.disableApp(id)) throw oauthErrors.unknownId('app', id);
      return { ok: true, clientId: id, disabled: true };
    },
    addUser: (input) => mock.live.addUser(input),
    addPat: (input) => mock.live.addPat(input, mock.clock.nowSeconds()),
    revokeToken: ({ token }) => {
      const revoked = revokeToken(mock, token);
      if (!revoked) throw oauthErrors.unknownId('live token with that value');
      return { ok: true, revoked };
    },
  } satisfies VerbHandlers<'addApp' | 'disableApp' | 'addUser' | 'addPat' | 'revokeToken'>;
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
