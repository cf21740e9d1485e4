import { Hono } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { ENDPOINTS } from '../../endpoints.js';
import { oauthErrors } from '../../errors.js';
import { readJsonBody } from '../../http.js';
import { botScriptBody } from './schemas.js';

/**
 * The control API's bot scripts, under `/__mock` (so behind its loopback and cross-site guard):
 * `POST /__mock/bots/{bot_id}/script` queues how the bot's next chats go, `GET` lists the queue, `DELETE` empties it.
 *
 * @example
 * app.route('/__mock', createBotScriptRoutes(mock));
 */
export function createBotScriptRoutes(mock: MockContext) {
  const knownBot = (botId: string) => {
    if (!mock.fixtures.bots.some((bot) => bot.id === botId)) throw oauthErrors.unknownId('bot', botId);
    return botId;
  };
  const scripts = () => mock.store.resources.scripts;
  return new Hono<MockEnv>()
    .post(ENDPOINTS.botScript, async (c) => {
      const botId = knownBot(c.req.param('bot_id'));
      const script = await readJsonBody(c, mock, botScriptBody, { keepNulls: true });
      return c.json(scripts().add(botId, script), 201);
    })
    .get(ENDPOINTS.botScript, (c) => c.json({ scripts: scripts().list(knownBot(c.req.param('bot_id'))) }))
    .delete(ENDPOINTS.botScript, (c) => c.json({ ok: true, removed: scripts().clear(knownBot(c.req.param('bot_id'))) }));
}
