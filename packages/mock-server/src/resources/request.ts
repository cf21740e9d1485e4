import type { Context } from 'hono';
import type * as z from 'zod';
import type { MockContext, MockEnv } from '../context.js';
import { describeIssue, openApiErrors } from '../errors.js';
import { headerOf, readBodyText } from '../http.js';
import { parseJsonText } from '../json/limits.js';

export { parseQuery } from '../routes/openapi.js';

/**
 * Reads an OpenAPI endpoint's JSON body and validates it, failing in the `{code, msg, detail}` envelope: a body that
 * is not JSON, not an object or does not match `schema` → 400 code 4000 naming the field; over `bodyLimitBytes` →
 * 413 code 4000 (http.ts `readBodyText`). Top-level `null` members count as absent (coze-py drops them; others send
 * them). With `optional`, an empty body (of any content type) counts as `{}`: coze-js sends none for calls whose
 * parameters are all optional (`conversations.messages.list`, `chat.retrieve`).
 *
 * @example
 * const body = await readApiBody(c, mock, runBody);
 */
export async function readApiBody<S extends z.ZodType>(c: Context<MockEnv>, mock: MockContext, schema: S, options: { optional?: boolean } = {}): Promise<z.output<S>> {
  const json = /^\s*application\/json\b/i.test(headerOf(c, 'content-type') ?? '');
  if (!json && !options.optional) throw openApiErrors.invalidParameter('content-type', 'the body must be application/json');
  const text = await readBodyText(c, mock);
  if (options.optional && text.trim() === '') return parsedBody(schema, {});
  if (!json) throw openApiErrors.invalidParameter('content-type', 'the body must be application/json');
  const parsedText = parseJsonText(text);
  if (!parsedText.ok) throw openApiErrors.invalidParameter('body', parsedText.why);
  const parsed = parsedText.value;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw openApiErrors.invalidParameter('body', 'expected a JSON object');
  return parsedBody(schema, Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== null)));
}

/** The body validated by `schema`, or the 4000 naming the first bad field. */
function parsedBody<S extends z.ZodType>(schema: S, present: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(present);
  if (!result.success) {
    const { field, why } = describeIssue(result.error);
    throw openApiErrors.invalidParameter(field, why);
  }
  return result.data;
}
