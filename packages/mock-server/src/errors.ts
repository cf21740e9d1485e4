/**
 * Every error the mock can answer, declared in one place (the way node-oidc-provider keeps its errors).
 *
 * Two families, as on real Coze:
 * - OAuth endpoints answer a 4xx with both spellings the SDKs read (docs/contract.md#errors.both-shapes-4xx):
 *   `{error_code, error, error_message, error_description}`. The JS SDK keys on `error` and needs a non-2xx status;
 *   Python and Go key on `error_code`.
 * - OpenAPI resource endpoints answer the envelope `{code, msg, detail: {logid}}` with Coze's numeric codes.
 */

import type { ClientErrorStatusCode, ServerErrorStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';

/** Any 4xx or 5xx status (scripted replies may answer any of them). */
export type ErrorStatus = ClientErrorStatusCode | ServerErrorStatusCode;

/** The OAuth error values the mock uses: Coze's documented ones plus RFC 6749/8628 ones where Coze is silent. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'access_deny'
  | 'authorization_pending'
  | 'slow_down'
  | 'access_denied'
  | 'expired_token'
  | 'internal_error'
  | 'temporarily_unavailable'
  /** The mock's own, for its control API: not a Coze value. */
  | 'forbidden';

/** An error of an OAuth endpoint (authorize, token, device code). Thrown by grants, rendered by the app. */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly status: ErrorStatus,
    message: string,
    /** Sent as `Retry-After` (seconds) with a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0; // an answer, not a bug: no stack to capture (a flood of bad requests stays cheap)
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'OAuthError';
  }

  /** The JSON body: both Coze's documented spelling and the RFC spelling, so every official SDK sees it. */
  toBody(): OAuthErrorBody {
    return {
      error_code: this.code,
      error: this.code,
      error_message: this.message,
      error_description: this.message,
    };
  }
}

/** Wire shape of an OAuth error reply. */
export interface OAuthErrorBody {
  error_code: OAuthErrorCode;
  error: OAuthErrorCode;
  error_message: string;
  error_description: string;
}

/**
 * Factories for every OAuth error the mock answers. Statuses: 400 for request errors and polling states, 401 for bad
 * client credentials and bad JWTs, 403 for an app that may not use a flow (docs/contract.md#errors.both-shapes-4xx: the exact statuses are our choice).
 *
 * @example
 * throw oauthErrors.invalidRequest('redirect_uri');
 */
export const oauthErrors = {
  /** oauth_code error table: "invalid request: {parameter}". */
  invalidRequest: (parameter: string, why?: string) =>
    new OAuthError('invalid_request', 400, `invalid request: ${parameter}${why ? ` (${why})` : ''}`),
  invalidClient: (why: string) => new OAuthError('invalid_client', 401, why),
  /** Coze does not document this one; RFC 6749 §5.2 names it for bad, used or expired codes and refresh tokens. */
  invalidGrant: (why: string) => new OAuthError('invalid_grant', 400, why),
  unsupportedGrantType: (grantType: string) =>
    new OAuthError('unsupported_grant_type', 400, `not supported grant type: ${grantType}`),
  /** oauth_code error table: `access_deny` (sic) for a wrong app type or a disabled app. */
  invalidAppType: () => new OAuthError('access_deny', 403, 'invalid app type'),
  /** oauth_code error table: a deactivated app is `access_deny` too, with the console's wording. */
  appDeactivated: (appName: string) => new OAuthError('access_deny', 403, `app: ${appName} is currently deactivated by the owner`),
  authorizationPending: () =>
    new OAuthError('authorization_pending', 400, 'the user has not yet completed authorization'),
  slowDown: (interval: number) =>
    new OAuthError('slow_down', 400, `polling too fast; wait at least ${interval} seconds between requests`),
  accessDenied: () => new OAuthError('access_denied', 400, 'the user denied the authorization request'),
  expiredToken: () => new OAuthError('expired_token', 400, 'the device_code has expired'),
  unsupportedMediaType: () =>
    new OAuthError('invalid_request', 415, 'invalid request: Content-Type must be application/json'),
  payloadTooLarge: (limit: number) =>
    new OAuthError('invalid_request', 413, `invalid request: body larger than ${limit} bytes`),
  /** A path the mock does not serve. */
  noSuchEndpoint: (method: string, path: string) => new OAuthError('invalid_request', 404, `no such endpoint: ${method} ${path}`),
  /** A bug in the mock, answered in Coze's shape. */
  internal: () => new OAuthError('internal_error', 500, 'Service internal error.'),
  /** A state table is full of live records: the new work is refused, nothing live is forgotten. */
  tableFull: (table: string, retryAfterSeconds: number) =>
    new OAuthError('temporarily_unavailable', 429, `the mock holds the most live ${table} it may (limits.maxEntries); retry later`, retryAfterSeconds),
  /** The control API refuses a request (not loopback, or cross-site). */
  controlForbidden: (why: string) => new OAuthError('forbidden', 403, why),
  /** The control API's device approval names a user code that cannot be approved. */
  userCodeProblem: (problem: string, known: boolean) =>
    new OAuthError('invalid_request', known ? 400 : 404, `invalid request: user_code (${problem})`),
  /** A control-API table (scripted replies, run-time fixtures, sandboxes) is full: refused, nothing is evicted. */
  // Like a full state table (`tableFull`), but these free only when the test deletes or resets: Retry-After is a hint.
  capacity: (what: string) => new OAuthError('temporarily_unavailable', 429, `too many ${what}; delete some or reset first`, 5),
  /** A control-API call names an id (reply, app, token, sandbox) the mock does not hold. */
  unknownId: (what: string, id?: string) => new OAuthError('invalid_request', 404, `no ${what}${id === undefined ? '' : ` with the id ${id}`}`),
  /** What a fault or a body-less scripted error reply (control API) answers on an OAuth path. */
  injected: (status: ErrorStatus, message: string) => new OAuthError(oauthCodeOfStatus(status), status, message),
} as const;

/** The OAuth `error` a bare status stands for (RFC 6749 §5.2 names; Coze's `access_deny` for 403). */
function oauthCodeOfStatus(status: ErrorStatus): OAuthErrorCode {
  if (status === 401) return 'invalid_client';
  if (status === 403) return 'access_deny';
  if (status === 429) return 'slow_down';
  if (status === 503) return 'temporarily_unavailable';
  return status >= 500 ? 'internal_error' : 'invalid_request';
}

/** The OpenAPI `code` a bare status stands for (coze_error_codes). */
function openApiCodeOfStatus(status: ErrorStatus): number {
  if (status === 401) return OPENAPI_CODES.authenticationInvalid;
  if (status === 403) return OPENAPI_CODES.permissionDenied;
  if (status === 404) return OPENAPI_CODES.notFound;
  if (status === 429) return OPENAPI_CODES.rateLimited;
  return status >= 500 ? OPENAPI_CODES.internal : OPENAPI_CODES.badRequest;
}

/** Numeric codes of the OpenAPI envelope (coze_error_codes; the JS SDK maps them to its error classes). */
export const OPENAPI_CODES = {
  badRequest: 4000,
  authenticationInvalid: 4100,
  permissionDenied: 4101,
  notFound: 4200,
  rateLimited: 4013,
  /** A bot not published to the Agent-as-API channel (the mock's reading of coze_error_codes). */
  botNotPublished: 4015,
  /** A chat is already in progress in the conversation (ChatV3: "only one chat in progress per conversation"). */
  chatInProgress: 4016,
  internal: 5000,
} as const;

/** An error of an OpenAPI resource endpoint (`/v1/...`). */
export class OpenApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: ErrorStatus,
    message: string,
    /** Sent as `Retry-After` (seconds) with a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0; // an answer, not a bug: no stack to capture
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'OpenApiError';
  }

  /** The envelope `{code, msg, detail: {logid}}` of a failed OpenAPI call. */
  toBody(logid: string): { code: number; msg: string; detail: { logid: string } } {
    return { code: this.code, msg: this.message, detail: { logid } };
  }
}

/**
 * Factories for the OpenAPI errors.
 *
 * @example
 * throw openApiErrors.permissionDenied('listWorkspace');
 */
export const openApiErrors = {
  /** Seen on real Coze for a missing, unknown or expired token. */
  authenticationInvalid: () =>
    new OpenApiError(OPENAPI_CODES.authenticationInvalid, 401, 'authentication is invalid'),
  permissionDenied: (permission: string) =>
    new OpenApiError(OPENAPI_CODES.permissionDenied, 403, `the token lacks the permission ${permission}`),
  invalidParameter: (parameter: string, why: string) =>
    new OpenApiError(OPENAPI_CODES.badRequest, 400, `invalid parameter ${parameter}: ${why}`),
  notFound: (what: string) => new OpenApiError(OPENAPI_CODES.notFound, 404, `${what} not found`),
  payloadTooLarge: (limit: number) => new OpenApiError(OPENAPI_CODES.badRequest, 413, `request body larger than ${limit} bytes`),
  internal: () => new OpenApiError(OPENAPI_CODES.internal, 500, 'internal error of the mock'),
  botNotPublished: (botId: string) =>
    new OpenApiError(OPENAPI_CODES.botNotPublished, 400, `bot ${botId} has not been published to the Agent as API channel`),
  chatInProgress: (conversationId: string) =>
    new OpenApiError(OPENAPI_CODES.chatInProgress, 409, `a chat is in progress in conversation ${conversationId}; wait for it to end or cancel it`),
  tableFull: (table: string, retryAfterSeconds: number) =>
    new OpenApiError(OPENAPI_CODES.rateLimited, 429, `the mock holds the most live ${table} it may (limits.maxEntries); retry later`, retryAfterSeconds),
  /** What a fault or a body-less scripted error reply (control API) answers on an OpenAPI path. */
  injected: (status: ErrorStatus, message: string) => new OpenApiError(openApiCodeOfStatus(status), status, message),
} as const;

/**
 * Thrown by the state tables when a table holds `limits.maxEntries` live records. The reply layer answers it as a 429
 * with `Retry-After`, in the shape of the endpoint family (OAuth or OpenAPI).
 */
export class CapacityError extends Error {
  constructor(
    /** Which table is full, in words (`access tokens`). */
    readonly table: string,
    /** Whole seconds until the earliest record in the table expires (at least 1). */
    readonly retryAfterSeconds: number,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0; // a refusal under load: no stack to capture
    super(`${table} table is full`);
    Error.stackTraceLimit = limit;
    this.name = 'CapacityError';
  }
}

/** The client closed the connection before its request body arrived: nothing to answer, nothing to report. */
export class ClientAbortedError extends Error {
  constructor() {
    super('the client aborted the request');
    this.name = 'ClientAbortedError';
  }
}

/**
 * The first zod issue as the field it names and why, for `invalid request: <field> (<why>)` messages.
 *
 * @example
 * describeIssue(schema.safeParse(body).error); // { field: 'client_id', why: 'required' }
 */
export function describeIssue(error: z.ZodError): { field: string; why: string } {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'body';
  return { field, why: issue?.message ?? 'invalid' };
}
