import { replayCassette } from '../cassettes/index.js';
import type { MockContext } from '../context.js';
import type { VerbHandlers } from './verbs.js';

/**
 * Recorded cassettes (`/__mock/cassettes`): their exchanges become scripted replies of source `cassettes`, listed
 * with the others by `GET /__mock/replies` and gone on reset like them.
 *
 * @example
 * mountVerbs(routes, mock, cassetteHandlers(mock));
 */
export function cassetteHandlers(mock: MockContext) {
  return {
    loadCassette: ({ cassette, speed }) => replayCassette(mock, cassette, { speed }),
    clearCassettes: () => {
      mock.replies.clear('cassettes');
      return { ok: true };
    },
  } satisfies VerbHandlers<'loadCassette' | 'clearCassettes'>;
}
