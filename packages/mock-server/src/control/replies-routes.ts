import type { MockContext } from '../context.js';
import { oauthErrors } from '../errors.js';
import { addFault, listFaults } from '../replies/faults.js';
import type { VerbHandlers } from './verbs.js';

/**
 * Scripted replies (`/__mock/replies`) and their shorthand, faults (`/__mock/faults`).
 *
 * @example
 * mountVerbs(routes, mock, repliesHandlers(mock));
 */
export function repliesHandlers(mock: MockContext) {
  return {
    addReply: (rule) => mock.replies.add(rule),
    replies: () => ({ replies: mock.replies.list() }),
    clearReplies: () => {
      mock.replies.clear();
      return { ok: true };
    },
    deleteReply: ({ id }) => {
      if (!mock.replies.delete(id)) throw oauthErrors.unknownId('scripted reply', id);
      return { ok: true };
    },
    faults: () => ({ faults: listFaults(mock.replies) }),
    addFault: (input) => ({ fault: addFault(mock.replies, input) }),
    clearFaults: () => {
      mock.replies.clear('faults');
      return { ok: true };
    },
  } satisfies VerbHandlers<'addReply' | 'replies' | 'clearReplies' | 'deleteReply' | 'faults' | 'addFault' | 'clearFaults'>;
}
