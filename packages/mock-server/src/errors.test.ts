import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CapacityError, ClientAbortedError, describeIssue, OAuthError, oauthErrors, OpenApiError, openApiErrors } from './errors.js';

/** What a client reads of an OAuth error: status, code and the message of both spellings. */
const wire = (error: OAuthError) => ({ status: error.status, ...error.toBody(), retryAfter: error.retryAfterSeconds });

describe('oauthErrors: what each refusal says on the wire', () => {
  it.each<[string, OAuthError, number, string, string]>([
    ['invalidRequest', oauthErrors.invalidRequest('redirect_uri'), 400, 'invalid_request', 'invalid request: redirect_uri'],
    ['invalidRequest with why', oauthErrors.invalidRequest('scope', 'too long'), 400, 'invalid_request', 'invalid request: scope (too long)'],
    ['invalidClient', oauthErrors.invalidClient('invalid client secret'), 401, 'invalid_client', 'invalid client secret'],
    ['invalidGrant', oauthErrors.invalidGrant('invalid code'), 400, 'invalid_grant', 'invalid code'],
    ['unsupportedGrantType', oauthErrors.unsupportedGrantType('password'), 400, 'unsupported_grant_type', 'not supported grant type: password'],
    ['invalidAppType', oauthErrors.invalidAppType(), 403, 'access_deny', 'invalid app type'],
    ['appDeactivated', oauthErrors.appDeactivated('Shop'), 403, 'access_deny', 'app: Shop is currently deactivated by the owner'],
    ['authorizationPending', oauthErrors.authorizationPending(), 400, 'authorization_pending', 'the user has not yet completed authorization'],
    ['slowDown', oauthErrors.slowDown(10), 400, 'slow_down', 'polling too fast; wait at least 10 seconds between requests'],
    ['accessDenied', oauthErrors.accessDenied(), 400, 'access_denied', 'the user denied the authorization request'],
    ['expiredToken', oauthErrors.expiredToken(), 400, 'expired_token', 'the device_code has expired'],
    ['unsupportedMediaType', oauthErrors.unsupportedMediaType(), 415, 'invalid_request', 'invalid request: Content-Type must be application/json'],
    ['payloadTooLarge', oauthErrors.payloadTooLarge(65536), 413, 'invalid_request', 'invalid request: body larger than 65536 bytes'],
    ['noSuchEndpoint', oauthErrors.noSuchEndpoint('GET', '/x'), 404, 'invalid_request', 'no such endpoint: GET /x'],
    ['internal', oauthErrors.internal(), 500, 'internal_error', 'Service internal error.'],
    ['controlForbidden', oauthErrors.controlForbidden('not loopback'), 403, 'forbidden', 'not loopback'],
    ['userCodeProblem, known', oauthErrors.userCodeProblem('expired', true), 400, 'invalid_request', 'invalid request: user_code (expired)'],
    ['userCodeProblem, unknown', oauthErrors.userCodeProblem('unknown', false), 404, 'invalid_request', 'invalid request: user_code (unknown)'],
    ['unknownId', oauthErrors.unknownId('reply', 'reply_9'), 404, 'invalid_request', 'no reply with the id reply_9'],
    ['unknownId without an id', oauthErrors.unknownId('sandbox'), 404, 'invalid_request', 'no sandbox'],
  ])('%s', (_name, error, status, code, message) => {
    expect(wire(error)).toEqual({ status, error: code, error_code: code, error_message: message, error_description: message, retryAfter: undefined });
    expect(error).toBeInstanceOf(OAuthError);
    expect(error.name).toBe('OAuthError');
  });

  it('tableFull and capacity are 429s that say when to retry', () => {
    expect(wire(oauthErrors.tableFull('access tokens', 42))).toMatchObject({
      status: 429,
      error: 'temporarily_unavailable',
      error_message: 'the mock holds the most live access tokens it may (limits.maxEntries); retry later',
      retryAfter: 42,
    });
    expect(wire(oauthErrors.capacity('sandboxes (at most 50 live)'))).toMatchObject({
      status: 429,
      error: 'temporarily_unavailable',
      error_message: 'too many sandboxes (at most 50 live); delete some or reset first',
      retryAfter: 5,
    });
  });

  it.each([
    [400, 'invalid_request'],
    [401, 'invalid_client'],
    [403, 'access_deny'],
    [404, 'invalid_request'],
    [429, 'slow_down'],
    [500, 'internal_error'],
    [502, 'internal_error'],
    [503, 'temporarily_unavailable'],
  ] as const)('an injected %i carries the OAuth error %s', (status, code) => {
    expect(wire(oauthErrors.injected(status, 'injected'))).toMatchObject({ status, error: code, error_message: 'injected' });
  });
});

describe('openApiErrors: the envelope of each refusal', () => {
  it.each<[string, OpenApiError, number, number, string]>([
    ['authenticationInvalid', openApiErrors.authenticationInvalid(), 401, 4100, 'authentication is invalid'],
    ['permissionDenied', openApiErrors.permissionDenied('listBot'), 403, 4101, 'the token lacks the permission listBot'],
    ['invalidParameter', openApiErrors.invalidParameter('page_size', 'too big'), 400, 4000, 'invalid parameter page_size: too big'],
    ['notFound', openApiErrors.notFound('workspace 1'), 404, 4200, 'workspace 1 not found'],
    ['payloadTooLarge', openApiErrors.payloadTooLarge(1024), 413, 4000, 'request body larger than 1024 bytes'],
    ['internal', openApiErrors.internal(), 500, 5000, 'internal error of the mock'],
    ['tableFull', openApiErrors.tableFull('codes', 3), 429, 4013, 'the mock holds the most live codes it may (limits.maxEntries); retry later'],
  ])('%s', (_name, error, status, code, msg) => {
    expect({ status: error.status, ...error.toBody('L') }).toEqual({ status, code, msg, detail: { logid: 'L' } });
    expect(error.name).toBe('OpenApiError');
  });

  it.each([
    [400, 4000],
    [401, 4100],
    [403, 4101],
    [404, 4200],
    [429, 4013],
    [500, 5000],
    [503, 5000],
  ] as const)('an injected %i carries the code %i', (status, code) => {
    expect(openApiErrors.injected(status, 'x').code).toBe(code);
  });
});

describe('the other errors', () => {
  it('CapacityError names the table and the seconds to wait; ClientAbortedError says what happened', () => {
    const full = new CapacityError('device codes', 7);
    expect([full.name, full.message, full.table, full.retryAfterSeconds]).toEqual(['CapacityError', 'device codes table is full', 'device codes', 7]);
    const aborted = new ClientAbortedError();
    expect([aborted.name, aborted.message]).toEqual(['ClientAbortedError', 'the client aborted the request']);
  });

  it('Coze-shaped errors capture no stack frames, and leave the limit as it was', () => {
    const before = Error.stackTraceLimit;
    const error = oauthErrors.invalidGrant('x');
    expect(error.stack?.split('\n').filter((line) => line.trim().startsWith('at '))).toEqual([]);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('bug').stack).toMatch(/\n\s+at /);
  });
});

describe('errors made while a test runs (the tables above are built when the file loads)', () => {
  it('name their class', () => {
    expect(oauthErrors.invalidClient('x').name).toBe('OAuthError');
    expect(openApiErrors.notFound('bot 1').name).toBe('OpenApiError');
  });

  it('describeIssue names the field at its path, the body when the issue has none, and says why', () => {
    const nested = z.object({ a: z.object({ b: z.string({ message: 'must be text' }) }) }).safeParse({ a: { b: 1 } });
    expect(describeIssue(nested.error as z.ZodError)).toEqual({ field: 'a.b', why: 'must be text' });
    const whole = z.string({ message: 'not a string' }).safeParse(1);
    expect(describeIssue(whole.error as z.ZodError)).toEqual({ field: 'body', why: 'not a string' });
    expect(describeIssue(new z.ZodError([]))).toEqual({ field: 'body', why: 'invalid' });
  });
});
