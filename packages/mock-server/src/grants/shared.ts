import * as z from 'zod';
import type { MockContext } from '../context.js';
import { oauthErrors } from '../errors.js';
import type { App, AppType } from '../fixtures/types.js';
import type { BodyCheck } from '../body-check.js';
import { describeIssue } from '../http.js';

/** What a grant receives from the token route. */
export interface GrantRequest {
  mock: MockContext;
  /** The JSON body (already checked to be an object; each grant validates its own fields). */
  body: Record<string, unknown>;
  /** The bearer value: `''` when absent or empty, undefined for a non-Bearer Authorization header. */
  bearer: string | undefined;
  /** Set on `/api/permission/oauth2/account/{account_id}/token`. */
  accountId?: string;
  /** Set on `/api/permission/oauth2/enterprise_id/{enterprise_id}/token`. */
  enterpriseId?: string;
  /** Lets the journal know which client asked. */
  noteClient(clientId: string): void;
}

/**
 * Validates a grant's body with its schema; a failure names the field (oauth_code: "invalid request: {parameter}").
 * A body that `check` (`bodyCheckOf` the schema) passes is taken as it is, without zod.
 */
export function parseGrantBody<S extends z.ZodType>(schema: S, body: Record<string, unknown>, check?: BodyCheck): z.infer<S> {
  if (check?.(body)) return body as z.infer<S>;
  const result = schema.safeParse(body);
  if (!result.success) {
    const { field, why } = describeIssue(result.error);
    throw oauthErrors.invalidRequest(field, why);
  }
  return result.data;
}

/** Longest accepted value of each shared field: bounded so no one can make the mock hold megabytes per token. */
export const FIELD_MAX = { clientId: 256, redirectUri: 2048, opaque: 512 } as const;

/** Field schemas shared by the grants. */
export const fields = {
  clientId: z.string().min(1, 'required').max(FIELD_MAX.clientId),
  redirectUri: z.string().min(1, 'required').max(FIELD_MAX.redirectUri),
  opaque: z.string().min(1, 'required').max(FIELD_MAX.opaque),
};

/**
 * Finds the app for `client_id` and checks that it may use this grant. Unknown → `invalid_client` (401); wrong type
 * or deactivated → `access_deny` (oauth_code error table).
 */
export function requireApp(request: Pick<GrantRequest, 'mock' | 'noteClient'>, clientId: string, allowed: readonly AppType[]): App {
  request.noteClient(clientId);
  const app = request.mock.findApp(clientId);
  if (!app) throw oauthErrors.invalidClient(`invalid client_id: ${clientId}`);
  if (!allowed.includes(app.type)) throw oauthErrors.invalidAppType();
  if (app.disabled) throw oauthErrors.appDeactivated(app.name);
  return app;
}

/**
 * Checks the client credentials in the Authorization header (docs/contract.md#token.web-secret-in-header, docs/contract.md#token.pkce-public-client): a web app sends
 * `Bearer <client_secret>`; a public app (PKCE, device) sends no header or an empty `Bearer`. A public app that sends
 * something (1.0.4's `Bearer undefined`) is refused: that value is no secret it was ever given.
 */
export function checkClientAuthentication(request: GrantRequest, app: App): void {
  const { bearer } = request;
  if (bearer === undefined) throw oauthErrors.invalidClient('Authorization must use the Bearer scheme');
  if (app.type === 'web') {
    if (request.mock.deviations.has('secret-not-checked')) return;
    if (!bearer) throw oauthErrors.invalidClient('missing client secret: send Authorization: Bearer <client_secret>');
    if (!app.clientSecrets.includes(bearer)) throw oauthErrors.invalidClient('invalid client secret');
    return;
  }
  if (bearer !== '') throw oauthErrors.invalidClient(`a ${app.type} app is a public client and sends no client secret`);
}
