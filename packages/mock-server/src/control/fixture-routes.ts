import type { MockContext } from '../context.js';
import { oauthErrors } from '../errors.js';
import type { VerbHandlers } from './verbs.js';

/**
 * Fixtures added at run time: `POST /__mock/apps`, `/apps/{id}/disable`, `/users`, `/pats` (revoking: token-routes.ts).
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
  } satisfies VerbHandlers<'addApp' | 'disableApp' | 'addUser' | 'addPat'>;
}
