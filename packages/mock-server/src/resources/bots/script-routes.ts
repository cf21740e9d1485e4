import type { MockContext } from '../../context.js';
import { oauthErrors } from '../../errors.js';
import type { VerbHandlers } from '../../control/verbs.js';

/**
 * The control API's bot scripts (verbs of control/verbs.ts, under `/__mock` and its loopback and cross-site guard):
 * `POST /__mock/bots/{bot_id}/script` queues how the bot's next chats go, `GET` lists the queue, `DELETE` empties
 * it. An unknown bot is a 404.
 *
 * @example
 * mountVerbs(routes, mock, botScriptHandlers(mock));
 */
export function botScriptHandlers(mock: MockContext) {
  const knownBot = (botId: string) => {
    if (!mock.fixtures.bots.some((bot) => bot.id === botId)) throw oauthErrors.unknownId('bot', botId);
    return botId;
  };
  const scripts = () => mock.store.resources.scripts;
  return {
    setBotScript: ({ bot_id, ...script }) => scripts().add(knownBot(bot_id), script),
    botScripts: ({ bot_id }) => ({ scripts: scripts().list(knownBot(bot_id)) }),
    clearBotScripts: ({ bot_id }) => ({ ok: true, removed: scripts().clear(knownBot(bot_id)) }),
  } satisfies VerbHandlers<'setBotScript' | 'botScripts' | 'clearBotScripts'>;
}
