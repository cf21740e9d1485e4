import { Hono } from 'hono';
import type { MockContext, MockEnv } from '../context.js';
import { oauthErrors } from '../errors.js';
import { readJsonBody } from '../http.js';
import { addFault, listFaults } from '../replies/faults.js';
import { faultBody, replyRuleBody } from './schemas.js';

/**
 * Scripted replies (`/__mock/replies`) and their shorthand, faults (`/__mock/faults`).
 *
 * @example
 * control.route('/', createRepliesRoutes(mock));
 */
export function createRepliesRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .post('/replies', async (c) => {
      const rule = mock.replies.add(await readJsonBody(c, mock, replyRuleBody, { keepNulls: true }));
      return c.json(rule, 201);
    })
    .get('/replies', (c) => c.json({ replies: mock.replies.list() }))
    .delete('/replies', (c) => {
      mock.replies.clear();
      return c.json({ ok: true });
    })
    .delete('/replies/:id', (c) => {
      const id = c.req.param('id');
      if (!mock.replies.delete(id)) throw oauthErrors.unknownId('scripted reply', id);
      return c.json({ ok: true });
    })
    .get('/faults', (c) => c.json({ faults: listFaults(mock.replies) }))
    .post('/faults', async (c) => c.json({ fault: addFault(mock.replies, await readJsonBody(c, mock, faultBody)) }))
    .delete('/faults', (c) => {
      mock.replies.clear('faults');
      return c.json({ ok: true });
    });
}
