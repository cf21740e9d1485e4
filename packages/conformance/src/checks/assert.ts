import assert from 'node:assert/strict';
import type { SdkErrorName } from '../sdk/adapter.js';
import type { CheckContext } from './check.js';

/**
 * Assertions shared by the checks. They use `node:assert` so the same checks run under vitest and under the
 * programmatic runner (meta-test, `pnpm contract`) alike, and their messages say what was expected and what came.
 */

/** The fields of an SDK `APIError` the checks read. */
export interface SdkErrorLike {
  name?: string;
  message?: string;
  status?: number;
  code?: number;
  logid?: string;
  rawError?: Record<string, unknown> | string;
}

const describeValue = (value: unknown) => {
  const text = JSON.stringify(value);
  return text && text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

/**
 * One line describing a caught error, for assertion messages.
 *
 * @example
 * describeError(new Error('x')); // 'Error x rawError=undefined'
 */
export function describeError(error: unknown): string {
  const e = error as SdkErrorLike & { constructor?: { name?: string } };
  return `${e?.constructor?.name ?? typeof error}${e?.status ? ` status=${e.status}` : ''} ${e?.message ?? ''} rawError=${describeValue(e?.rawError)}`;
}

/**
 * The OAuth `error` field of an SDK error's body (what the JS SDK keys on).
 *
 * @example
 * oauthErrorOf(error); // 'invalid_grant'
 */
export const oauthErrorOf = (error: SdkErrorLike): unknown => (typeof error.rawError === 'object' ? error.rawError?.error : undefined);

/**
 * Awaits a call that must fail with this SDK version's error class `cls` and, when given, the OAuth `error` value (or
 * one of several), and returns the error.
 *
 * @example
 * await expectSdkError(ctx, getWebOAuthToken({ …, clientSecret: 'wrong' }), 'AuthenticationError', 'invalid_client');
 */
export async function expectSdkError(
  ctx: CheckContext,
  call: Promise<unknown>,
  cls: SdkErrorName,
  error?: string | readonly string[],
): Promise<SdkErrorLike> {
  let caught: unknown;
  let value: unknown;
  try {
    value = await call;
  } catch (e) {
    caught = e;
  }
  const wanted = `${cls}${error ? ` with error ${[error].flat().join(' or ')}` : ''}`;
  if (caught === undefined) assert.fail(`expected ${wanted}, but the call succeeded: ${describeValue(value)}`);
  assert.ok(ctx.sdk.isError(caught, cls), `expected ${wanted}, got ${describeError(caught)}`);
  const sdkError = caught as SdkErrorLike;
  if (error) {
    const actual = oauthErrorOf(sdkError);
    assert.ok([error].flat().includes(actual as string), `expected ${wanted}, got error=${describeValue(actual)} (${describeError(caught)})`);
  }
  return sdkError;
}

/**
 * Asserts a token reply: the access token's prefix, a refresh token only for user grants, and `expires_in` as an
 * absolute Unix time about `lifetimeSeconds` after the server's now (docs/contract.md#token.expires-in-absolute).
 *
 * @example
 * await expectTokenReply(ctx, token, { prefix: 'czu_', refresh: true, lifetimeSeconds: 900 });
 */
export async function expectTokenReply(
  ctx: CheckContext,
  reply: { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown } | undefined,
  expected: { prefix: 'czu_' | 'czs_'; refresh: boolean; lifetimeSeconds: number },
): Promise<void> {
  assert.ok(reply && typeof reply === 'object', `expected a token reply, got ${describeValue(reply)}`);
  assert.equal(typeof reply.access_token, 'string', `access_token must be a string: ${describeValue(reply)}`);
  assert.ok((reply.access_token as string).startsWith(expected.prefix), `access_token must start with ${expected.prefix}`);
  if (expected.refresh) assert.ok(typeof reply.refresh_token === 'string' && reply.refresh_token, 'a user grant must return a refresh_token');
  else assert.equal(reply.refresh_token, undefined, 'this grant must not return a refresh_token');
  assert.equal(typeof reply.expires_in, 'number', 'expires_in must be a number');
  const now = await ctx.target.nowSeconds();
  const expiresIn = reply.expires_in as number;
  const tolerance = ctx.target.kind === 'live' ? 300 : 60;
  assert.ok(
    Math.abs(expiresIn - (now + expected.lifetimeSeconds)) <= tolerance,
    `expires_in must be an absolute Unix time ≈ now + ${expected.lifetimeSeconds} (${now + expected.lifetimeSeconds}), got ${expiresIn}` +
      (expiresIn < 1e9 ? ' — that is a duration, not a Unix time' : ''),
  );
}

/**
 * Asserts that a value is a non-empty string.
 *
 * @example
 * expectNonEmptyString(reply.body?.device_code, 'device_code');
 */
export function expectNonEmptyString(value: unknown, what: string): asserts value is string {
  assert.ok(typeof value === 'string' && value.length > 0, `${what} must be a non-empty string, got ${describeValue(value)}`);
}

/** A raw HTTP reply: status, headers, and the body parsed as JSON when it is JSON. */
export interface RawReply {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
  text: string;
}

/**
 * Asserts a raw reply's HTTP status and, unless told otherwise, a JSON content type.
 *
 * @example
 * expectReply(await raw(ctx, 'GET', '/v1/workspaces', { headers }), 200);
 */
export function expectReply(reply: RawReply, status: number, options: { json?: boolean; logid?: boolean } = {}): void {
  assert.equal(reply.status, status, `expected HTTP ${status}, got ${reply.status}: ${reply.text.slice(0, 200)}`);
  if (options.json !== false) assert.match(reply.headers.get('content-type') ?? '', /^application\/json/, 'the reply must be JSON');
  if (options.logid) expectNonEmptyString(reply.headers.get('x-tt-logid') ?? undefined, 'the X-Tt-Logid header');
}

export { assert };
