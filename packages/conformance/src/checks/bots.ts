import { assert } from './assert.js';
import { defineChecks } from './check.js';
import { patClient, requireCall } from './chat-support.js';

/** One bot's information through the SDK (coze-openapi.yaml GetBotOnlineInfo, OpenGetBotInfo; coze-js `Bots`). */

/** The BotInfo members the checks read, with the JSON type each SDK reads them as. */
const BOT_INFO_TYPES = { bot_id: 'string', name: 'string', description: 'string', icon_url: 'string', create_time: 'number', update_time: 'number', version: 'string' } as const;

function expectBotInfo(info: Record<string, unknown> | undefined, botId: string): void {
  assert.ok(info && typeof info === 'object', `expected BotInfo, got ${JSON.stringify(info)}`);
  assert.equal(info.bot_id, botId, 'the bot asked about');
  for (const [field, type] of Object.entries(BOT_INFO_TYPES)) assert.equal(typeof info[field], type, `BotInfo.${field} must be a ${type}: ${JSON.stringify(info)}`);
  assert.equal(typeof info.prompt_info, 'object', 'BotInfo.prompt_info is an object');
}

export const botChecks = defineChecks('bots', [
  {
    id: 'bots.retrieve',
    title: 'bots.retrieve({bot_id}) (GET /v1/bot/get_online_info) answers the published echo bot\'s BotInfo',
    source: '@coze/api Bots.retrieve; coze-openapi.yaml GetBotOnlineInfo, BotInfo',
    covers: ['bot.info'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const bot = ctx.cred('bots').echo;
      expectBotInfo((await patClient(ctx).bots.retrieve({ bot_id: bot })) as unknown as Record<string, unknown>, bot);
    },
  },
  {
    id: 'bots.retrieve-new',
    title: 'bots.retrieveNew(bot_id) (GET /v1/bots/{bot_id}) answers the tool bot\'s BotInfo',
    source: '@coze/api Bots.retrieveNew; coze-openapi.yaml OpenGetBotInfo',
    covers: ['bot.info'],
    needs: ['pat', 'bots'],
    async run(ctx) {
      const client = patClient(ctx);
      requireCall(ctx, client.bots.retrieveNew, 'bots.retrieveNew', 'added after 1.2.0');
      const bot = ctx.cred('bots').tool;
      expectBotInfo((await client.bots.retrieveNew(bot)) as unknown as Record<string, unknown>, bot);
    },
  },
]);
