/**
 * Every error the mock can answer, declared in one place (the way node-oidc-provider keeps its errors).
 *
 * Two families, as on real Coze:
 * - OAuth endpoints answer a 4xx with both spellings the SDKs read (docs/contract.md#errors.both-shapes-4xx):
 *   `{error_code, error, error_message, error_description}`. The JS SDK keys on `error` and needs a non-2xx status;
 *   Python and Go key on `error_code`.
 * - OpenAPI resource endpoints answer the envelope `{code, msg, detail: {logid}}` with Coze's numeric codes.
 */

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
  | 'temporarily_unavailable';

/** An error of an OAuth endpoint (authorize, token, device code). Thrown by grants, rendered by the app. */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly status: 400 | 401 | 403 | 404 | 413 | 415 | 429 | 500 | 503,
    message: string,
  ) {
    super(message);
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
  /** What a fault injected through the control API answers. */
  injected: (status: 429 | 500 | 503, message: string) =>
    new OAuthError(status === 429 ? 'slow_down' : status === 500 ? 'internal_error' : 'temporarily_unavailable', status, message),
} as const;

/** Numeric codes of the OpenAPI envelope (coze_error_codes; the JS SDK maps them to its error classes). */
export const OPENAPI_CODES = {
  badRequest: 4000,
  authenticationInvalid: 4100,
  permissionDenied: 4101,
  notFound: 4200,
  rateLimited: 4013,
  internal: 5000,
} as const;

/** An error of an OpenAPI resource endpoint (`/v1/...`). */
export class OpenApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 429 | 500 | 503,
    message: string,
  ) {
    super(message);
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
  injected: (status: 429 | 500 | 503, message: string) =>
    new OpenApiError(status === 429 ? OPENAPI_CODES.rateLimited : OPENAPI_CODES.internal, status, message),
} as const;
