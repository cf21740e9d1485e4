import * as z from 'zod';
import type { MockContext } from '../context.js';
import { openApiErrors } from '../errors.js';
import type { Workspace } from '../fixtures/types.js';

/**
 * The filters of `GET /v1/workspaces` (list_workspace "Query"): `enterprise_id` lists the caller's workspaces in that
 * enterprise without the personal space; `user_id` + `coze_account_id` (only together) list that user's workspaces in
 * that organisation, again without the personal space. On the personal edition `coze_account_id` is the user id.
 */
export const workspaceFilterSchema = z.object({
  enterprise_id: z.string().max(128).optional(),
  user_id: z.string().max(64).optional(),
  coze_account_id: z.string().max(64).optional(),
});

export type WorkspaceFilter = z.infer<typeof workspaceFilterSchema>;

/**
 * Applies the filters to the workspaces the caller may see. The fixture user is a member of every fixture workspace;
 * the fixtures' `accountId` is the organisation of `enterpriseId`.
 *
 * @example
 * filterWorkspaces(mock, visible, { enterprise_id: 'volcano_…' }); // the enterprise's team spaces
 */
export function filterWorkspaces(mock: MockContext, workspaces: Workspace[], filter: WorkspaceFilter): Workspace[] {
  const { enterprise_id: enterpriseId, user_id: userId, coze_account_id: accountId } = filter;
  if (Boolean(userId) !== Boolean(accountId)) {
    throw openApiErrors.invalidParameter(userId ? 'coze_account_id' : 'user_id', 'user_id and coze_account_id go together (list_workspace)');
  }
  if (mock.deviations.has('workspace-filters-ignored')) return workspaces;
  let result = workspaces;
  if (enterpriseId) result = result.filter((w) => w.workspace_type !== 'personal' && w.enterprise_id === enterpriseId);
  if (userId && accountId) {
    const member = userId === mock.fixtures.defaultUserId;
    const inAccount = (w: Workspace) =>
      accountId === mock.fixtures.accountId ? w.enterprise_id === mock.fixtures.enterpriseId : accountId === userId && w.enterprise_id === '';
    result = member ? result.filter((w) => w.workspace_type !== 'personal' && inAccount(w)) : [];
  }
  return result;
}
