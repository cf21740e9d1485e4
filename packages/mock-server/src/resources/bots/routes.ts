import { Hono } from 'hono';
import * as z from 'zod';
import type { MockContext, MockEnv } from '../../context.js';
import { ENDPOINTS } from '../../endpoints.js';
import { openApiReply } from '../../http.js';
import { callerWith, reachableBot } from '../shared/access.js';
import { parseQuery } from '../request.js';
import { once } from '../shared/once.js';
import { botInfo } from './info.js';

const botQuery = once(() => z.object({ is_published: z.enum(['true', 'false']).optional() }));
const onlineInfoQuery = once(() => z.object({ bot_id: z.string().min(1, 'required').max(64) }));

/**
 * One bot's configuration (coze-openapi.yaml OpenGetBotInfo `GET /v1/bots/{bot_id}`, GetBotOnlineInfo
 * `GET /v1/bot/get_online_info?bot_id=`), behind `listBot`, the permission of the bot lists. The older call shows
 * published bots only (4015 for the draft bot); the newer one shows drafts too unless `is_published=true`.
 *
 * @example
 * app.route('/', createBotRoutes(mock));
 */
export function createBotRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .get(ENDPOINTS.bot, (c) => {
      const caller = callerWith(c, mock, 'listBot');
      const query = parseQuery(c, botQuery());
      const bot = reachableBot(mock, caller, c.req.param('bot_id'), { published: query.is_published === 'true' });
      return openApiReply(c, botInfo(bot));
    })
    .get(ENDPOINTS.botOnlineInfo, (c) => {
      const caller = callerWith(c, mock, 'listBot');
      const query = parseQuery(c, onlineInfoQuery());
      return openApiReply(c, botInfo(reachableBot(mock, caller, query.bot_id, { published: true })));
    });
}
