/**
 * Coze's OAuth endpoint paths (docs/contract.md#hosts.endpoint-paths), in one place for the checks, probes and targets.
 *
 * @example
 * await raw(ctx, 'POST', ENDPOINTS.token, { json: { grant_type: 'password' } });
 */
export const ENDPOINTS = {
  authorize: '/api/permission/oauth2/authorize',
  workspaceAuthorize: (workspaceId: string) => `/api/permission/oauth2/workspace_id/${workspaceId}/authorize`,
  deviceCode: '/api/permission/oauth2/device/code',
  workspaceDeviceCode: (workspaceId: string) => `/api/permission/oauth2/workspace_id/${workspaceId}/device/code`,
  token: '/api/permission/oauth2/token',
  accountToken: (accountId: string) => `/api/permission/oauth2/account/${accountId}/token`,
  enterpriseToken: (enterpriseId: string) => `/api/permission/oauth2/enterprise_id/${enterpriseId}/token`,
} as const;
