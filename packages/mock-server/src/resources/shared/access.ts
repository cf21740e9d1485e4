import type { Context } from 'hono';
import { authenticate } from '../../auth/index.js';
import type { Caller, MockContext, MockEnv } from '../../context.js';
import { openApiErrors } from '../../errors.js';
import { BOT_CHAT_PERMISSION, type Bot, type Permission } from '../../fixtures/types.js';

export type { Caller } from '../../context.js';

/**
 * Who may call the chat, conversation, message, file and bot endpoints, and which bots they reach. The token check
 * itself is auth/'s, as for every OpenAPI route (401 code 4100); this adds a permission with an alternative (403 code
 * 4101, naming it) and the reach of a bot.
 */

/**
 * The caller, if the token holds `permission` (or one of `alternatives`); else the 4101 naming `permission`.
 *
 * @example
 * const caller = callerWith(c, mock, 'conversation');
 */
export function callerWith(c: Context<MockEnv>, mock: MockContext, permission: Permission, ...alternatives: Permission[]): Caller {
  const caller = authenticate(c, mock);
  if (!caller.permissions.includes(permission) && !alternatives.some((p) => caller.permissions.includes(p))) {
    throw openApiErrors.permissionDenied(permission);
  }
  return caller;
}

/**
 * A caller who may chat: `chat`, or a channel token's `Connector.botChat`, which oauth_jwt_channel calls the chat
 * permission.
 *
 * @example
 * const caller = chatCaller(c, mock);
 */
export const chatCaller = (c: Context<MockEnv>, mock: MockContext): Caller => callerWith(c, mock, 'chat', BOT_CHAT_PERMISSION);

/**
 * The fixture bot `botId`, if the caller may reach it: 404 code 4200 for an unknown bot, 403 code 4101 for a bot of a
 * workspace the token does not cover or outside a channel token's `bot_id_list`, and, when `published` is asked for,
 * 400 code 4015 for a bot never published.
 *
 * @example
 * const bot = reachableBot(mock, caller, body.bot_id, { published: true });
 */
export function reachableBot(mock: MockContext, caller: Caller, botId: string, options: { published: boolean }): Bot {
  const bot = mock.fixtures.bots.find((b) => b.id === botId);
  if (!bot) throw openApiErrors.notFound(`bot ${botId}`);
  if (caller.workspaceIds && !caller.workspaceIds.includes(bot.workspace_id)) throw openApiErrors.permissionDenied(`workspace ${bot.workspace_id}`);
  if (caller.botIds && !caller.botIds.includes(bot.id)) throw openApiErrors.permissionDenied(`bot ${bot.id}`);
  if (options.published && !bot.is_published) throw openApiErrors.botNotPublished(bot.id);
  return bot;
}
