import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app.js';
import { OAuthError } from '../errors.js';
import { resolveScope } from './jwt-scope.js';

const { mock } = createMockApp();
const { jwt, channel } = mock.fixtures.primary;
const [personal, team] = mock.fixtures.workspaces;
const bots = channel.botIdList ?? [];

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthError) return `${error.status} ${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
};

describe('resolveScope', () => {
  it('a plain JWT app ignores the scope, whatever its shape (oauth_jwt_channel: channel apps only)', () => {
    expect(resolveScope(mock, jwt, { account_permission: { permission_list: ['listBot'] } })).toEqual({ permissions: jwt.permissions });
    expect(resolveScope(mock, jwt, { account_permission: 'nonsense' })).toEqual({ permissions: jwt.permissions });
  });

  it('a channel app without a scope, or with null members (Go), gets all its permissions', () => {
    expect(resolveScope(mock, channel, undefined)).toEqual({ permissions: channel.permissions });
    expect(resolveScope(mock, channel, { account_permission: null, attribute_constraint: null })).toEqual({ permissions: channel.permissions });
  });

  it('narrows to the account and workspace permissions named, once each', () => {
    const scope = {
      account_permission: { permission_list: ['listBot', 'listWorkspace'] },
      workspace_permission: { workspace_id_list: [personal?.id], permission_list: ['listBot'] },
    };
    expect(resolveScope(mock, channel, scope)).toEqual({ permissions: ['listBot', 'listWorkspace'] });
    expect(resolveScope(mock, channel, { workspace_permission: { permission_list: ['getUserProfile'] } }).permissions).toEqual(['getUserProfile']);
  });

  it('refuses a permission the app lacks, an unknown workspace and a malformed member, naming the field', () => {
    expect(refusal(() => resolveScope(mock, channel, { account_permission: { permission_list: ['chat.admin'] } }))).toBe(
      '400 invalid_request: invalid request: scope (the app lacks chat.admin)',
    );
    expect(refusal(() => resolveScope(mock, channel, { workspace_permission: { workspace_id_list: [team?.id, '999'], permission_list: ['listBot'] } }))).toBe(
      '400 invalid_request: invalid request: scope.workspace_permission.workspace_id_list (unknown workspace 999)',
    );
    expect(refusal(() => resolveScope(mock, channel, { account_permission: { permission_list: 'listBot' } }))).toMatch(
      /^400 invalid_request: invalid request: scope\.account_permission\.permission_list/,
    );
  });

  it('keeps the bots of bot_id_list when they are published to the channel, refuses others', () => {
    const constraint = (ids: string[]) => ({ attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: ids } } });
    expect(resolveScope(mock, channel, constraint([bots[0] as string]))).toEqual({ permissions: channel.permissions, botIds: [bots[0]] });
    expect(refusal(() => resolveScope(mock, channel, constraint(['111'])))).toBe(
      '400 invalid_request: invalid request: scope.attribute_constraint (bot 111 is not published to this channel)',
    );
  });

  it('under its deviations, narrows every app and ignores the bot list', () => {
    const { mock: loose } = createMockApp({ deviations: ['jwt-scope-for-every-app', 'channel-bot-list-ignored'] });
    const looseJwt = loose.fixtures.primary.jwt;
    expect(resolveScope(loose, looseJwt, { account_permission: { permission_list: ['listBot'] } })).toEqual({ permissions: ['listBot'] });
    const ignored = resolveScope(loose, loose.fixtures.primary.channel, { attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: ['111'] } } });
    expect(ignored).toEqual({ permissions: loose.fixtures.primary.channel.permissions });
  });
});
