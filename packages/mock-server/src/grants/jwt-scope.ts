import * as z from 'zod';
import type { MockContext } from '../context.js';
import { describeIssue, oauthErrors } from '../errors.js';

import type { AccessTokenRecord } from '../state/index.js';
import { APP_TYPES, type App, type Permission } from '../fixtures/types.js';

/**
 * The JWT grant's `scope` (oauth_jwt_channel "Scope object"). It takes effect for channel apps only: any other JWT app
 * ignores it and its token carries every permission the app was granted. Each member may be absent or `null`, because
 * coze-go sends `account_permission: null` when unset and coze-py sends `attribute_constraint: null`
 * (coze-go auth.go `Scope`; coze-py cozepy/auth/__init__.py `Scope.build_bot_chat`).
 */

const ids = z.array(z.string().min(1).max(128)).max(100);
const scopeSchema = z
  .object({
    account_permission: z.object({ permission_list: ids }).nullish(),
    attribute_constraint: z
      .object({ connector_bot_chat_attribute: z.object({ bot_id_list: ids }).nullish() })
      .nullish(),
    // coze-go `ScopeWorkspacePermission`: accepted and checked like the account permissions.
    workspace_permission: z.object({ workspace_id_list: ids.nullish(), permission_list: ids }).nullish(),
  })
  .nullish();

/** What a scope grants a channel token: its permissions and, when constrained, the only bots it may reach. */
export interface ScopeGrant {
  /** The app's own list when the scope does not narrow it (shared, like every token's: never mutate). */
  permissions: readonly Permission[];
  botIds?: string[];
}

// The bot constraint of a channel token, beside the token record (records are owned by the state module).
const botConstraints = new WeakMap<AccessTokenRecord, readonly string[]>();

/**
 * Remembers the bots a channel token is limited to.
 *
 * @example
 * constrainToBots(access, ['7380…']);
 */
export function constrainToBots(record: AccessTokenRecord, botIds: readonly string[] | undefined): void {
  if (botIds) botConstraints.set(record, [...botIds]);
}

/**
 * The bots a token may see (undefined: no constraint).
 *
 * @example
 * botsAllowedFor(record)?.includes(bot.id);
 */
export const botsAllowedFor = (record: AccessTokenRecord | undefined): readonly string[] | undefined =>
  record ? botConstraints.get(record) : undefined;

/**
 * Resolves the permissions (and bot constraint) of a JWT token from the request's `scope`. Plain JWT apps ignore the
 * scope (oauth_jwt_channel: "only takes effect when a channel calls"); a channel app may narrow its permissions and
 * name bots published to its channel, never more: anything else → 400 `invalid_request` naming the field.
 *
 * @example
 * resolveScope(mock, app, { account_permission: { permission_list: ['Connector.botChat'] } });
 */
export function resolveScope(mock: MockContext, app: App, rawScope: unknown): ScopeGrant {
  const narrowsEveryApp = mock.deviations.has('jwt-scope-for-every-app');
  if (!APP_TYPES[app.type].channel && !narrowsEveryApp) return { permissions: app.permissions };
  const parsed = scopeSchema.safeParse(rawScope);
  if (!parsed.success) {
    const { field, why } = describeIssue(parsed.error);
    throw oauthErrors.invalidRequest(field === 'body' ? 'scope' : `scope.${field}`, why);
  }
  const scope = parsed.data;
  const requested = [...(scope?.account_permission?.permission_list ?? []), ...(scope?.workspace_permission?.permission_list ?? [])];
  const missing = requested.filter((p) => !app.permissions.includes(p));
  if (missing.length) throw oauthErrors.invalidRequest('scope', `the app lacks ${missing.join(', ')}`);
  const unknownWorkspaces = (scope?.workspace_permission?.workspace_id_list ?? []).filter((id) => !mock.fixtures.workspaces.some((w) => w.id === id));
  if (unknownWorkspaces.length) throw oauthErrors.invalidRequest('scope.workspace_permission.workspace_id_list', `unknown workspace ${unknownWorkspaces.join(', ')}`);
  const botIds = scope?.attribute_constraint?.connector_bot_chat_attribute?.bot_id_list;
  if (botIds && !mock.deviations.has('channel-bot-list-ignored')) {
    const published = app.botIdList ?? [];
    const strangers = botIds.filter((id) => !published.includes(id));
    if (strangers.length) throw oauthErrors.invalidRequest('scope.attribute_constraint', `bot ${strangers.join(', ')} is not published to this channel`);
  }
  const permissions = requested.length ? [...new Set(requested)] : [...app.permissions];
  return { permissions, ...(botIds && !mock.deviations.has('channel-bot-list-ignored') ? { botIds: [...botIds] } : {}) };
}
