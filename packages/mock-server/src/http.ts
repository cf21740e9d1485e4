import type { Context } from 'hono';
import { z } from 'zod';
import type { MockContext, MockEnv } from './context.js';
import { OAuthError, oauthErrors, OpenApiError } from './errors.js';

/**
 * Request parsing and reply helpers shared by every endpoint, so that every one of them validates its input the same
 * way and answers errors in Coze's shapes.
 */

/** Drops top-level `null` members: Python sends `"scope": null`, which Coze ignores (docs/contract.md#hosts.unknown-and-null-fields). */
function withoutNulls(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/** Describes the first zod issue as `invalid request: <field>` plus why. */
export function describeIssue(error: z.ZodError): { field: string; why: string } {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'body';
  return { field, why: issue?.message ?? 'invalid' };
}

/**
 * Reads and validates a JSON body: JSON content type, parseable, a JSON object matching `schema`.
 * Unknown and null members are ignored. Throws an {@link OAuthError} (4xx) otherwise; never a 5xx.
 *
 * @example
 * const body = await readJsonBody(c, z.object({ client_id: z.string() }));
 */
export async function readJsonBody<S extends z.ZodType>(c: Context<MockEnv>, schema: S): Promise<z.infer<S>> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(contentType.trim())) throw oauthErrors.unsupportedMediaType();
  // Size is enforced for every route by the bodyLimit middleware in app.ts.
  const text = await c.req.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw oauthErrors.invalidRequest('body', 'not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw oauthErrors.invalidRequest('body', 'expected a JSON object');
  }
  const result = schema.safeParse(withoutNulls(parsed));
  if (!result.success) {
    const { field, why } = describeIssue(result.error);
    throw oauthErrors.invalidRequest(field, why);
  }
  return result.data;
}

/** Answers an OAuth error in both spellings (or, under a deviation, only Coze's documented one). */
export function oauthErrorReply(c: Context<MockEnv>, mock: MockContext, error: OAuthError): Response {
  c.set('errorCode', error.code);
  const body: Record<string, string> = { ...error.toBody() };
  if (mock.deviations.has('errors-without-error-field')) {
    delete body.error;
    delete body.error_description;
  }
  const status = error.code === 'authorization_pending' && mock.deviations.has('pending-with-200') ? 200 : error.status;
  return c.json(body, status);
}

/** Answers an OpenAPI error in the `{code, msg, detail}` envelope. */
export function openApiErrorReply(c: Context<MockEnv>, error: OpenApiError): Response {
  c.set('errorCode', error.code);
  return c.json(error.toBody(c.get('logid')), error.status);
}

/** The `{code: 0, msg: "", data, detail}` envelope of a successful OpenAPI call (list_workspace example). */
export function openApiReply<T>(c: Context<MockEnv>, data: T): Response {
  return c.json({ code: 0, msg: '', data, detail: { logid: c.get('logid') } });
}

/** The origin clients should use: the configured base URL, or the origin this request came in on. */
export function publicOrigin(c: Context<MockEnv>, mock: MockContext): string {
  if (mock.baseURL) return mock.baseURL.replace(/\/+$/, '');
  return new URL(c.req.url).origin;
}

/** Parses `Authorization: Bearer x`; `Bearer` alone or a missing header give `''`; other schemes give undefined. */
export function bearerOf(c: Context<MockEnv>): string | undefined {
  const header = c.req.header('authorization');
  if (header === undefined) return '';
  const match = /^\s*Bearer(?:\s+(.*))?$/i.exec(header);
  if (!match) return undefined;
  return (match[1] ?? '').trim();
}
