import * as z from 'zod';
import type { MockContext, TokenReply } from '../context.js';
import type { ENDPOINTS } from '../endpoints.js';
import { describeIssue, oauthErrors } from '../errors.js';
import { APP_TYPES, type App, type AppType } from '../fixtures/types.js';
import type { DecodedJwt } from '../journal.js';

/**
 * A grant of the token endpoint: what it is, where it may be asked for, who may use it and how it answers. Each grant
 * is one module exporting one of these; grants/index.ts lists them, and the token route and the grant names derive
 * from that list (node-oidc-provider's `lib/actions/grants` is the model).
 */
export interface Grant {
  /** The `grant_type` value a client sends. */
  readonly grantType: string;
  /** The short name recorded on the tokens it issues and shown by introspection (`jwt_bearer`). */
  readonly name: string;
  /** The token endpoint paths (keys of `ENDPOINTS`) it answers on; elsewhere it is `unsupported_grant_type`. */
  readonly paths: readonly TokenPath[];
  /** The app types that may use it; any other gets `access_deny` (oauth_code error table). */
  readonly appTypes: readonly AppType[];
  /** Exchanges the request for tokens, or throws a 4xx `OAuthError`. */
  exchange(request: GrantRequest): TokenReply | Promise<TokenReply>;
}

/**
 * Whether an app of `type` may use `grant`.
 *
 * @example
 * grantAllows(jwtBearerGrant, 'channel'); // true
 */
export const grantAllows = (grant: Grant, type: AppType): boolean => grant.appTypes.includes(type);

/** The token endpoints: the plain one, and the JWT flow's account and enterprise paths (oauth_jwt). */
export type TokenPath = Extract<keyof typeof ENDPOINTS, 'token' | 'accountToken' | 'enterpriseToken'>;

/** What a grant receives from the token route. */
export interface GrantRequest {
  mock: MockContext;
  /** The JSON body (already checked to be an object; each grant validates its own fields). */
  body: Record<string, unknown>;
  /** The bearer value: `''` when absent or empty, undefined for a non-Bearer Authorization header. */
  bearer: string | undefined;
  /** The path's parameters: `account_id` on `…/account/{account_id}/token`, `enterprise_id` on `…/enterprise_id/{enterprise_id}/token`. */
  pathParams: Readonly<Record<string, string>>;
  /** Lets the journal know which client asked. */
  noteClient(clientId: string): void;
  /** Lets the journal (and the inspector) show the JWT that came, decoded, and why it was accepted or refused. */
  noteJwt(decoded: DecodedJwt): void;
}

/** Validates a grant's body with its schema; a failure names the field (oauth_code: "invalid request: {parameter}"). */
export function parseGrantBody<S extends z.ZodType>(schema: S, body: Record<string, unknown>): z.infer<S> {
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
  if (APP_TYPES[app.type].clientSecret) {
    if (request.mock.deviations.has('secret-not-checked')) return;
    if (!bearer) throw oauthErrors.invalidClient('missing client secret: send Authorization: Bearer <client_secret>');
    if (!app.clientSecrets.includes(bearer)) throw oauthErrors.invalidClient('invalid client secret');
    return;
  }
  if (bearer !== '') throw oauthErrors.invalidClient(`a ${app.type} app is a public client and sends no client secret`);
}
