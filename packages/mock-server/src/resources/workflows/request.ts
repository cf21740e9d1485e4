import type { Context } from 'hono';
import type * as z from 'zod';
import type { MockContext, MockEnv } from '../../context.js';
import { describeIssue, openApiErrors } from '../../errors.js';
import { headerOf, readBodyText } from '../../http.js';

/**
 * Reads an OpenAPI endpoint's JSON body and validates it, failing in the `{code, msg, detail}` envelope: a body that
 * is not JSON, not an object or does not match `schema` → 400 code 4000 naming the field; over `bodyLimitBytes` →
 * 413 code 4000 (http.ts `readBodyText`). Top-level `null` members count as absent (coze-py drops them; others send
 * them).
 *
 * @example
 * const body = await readApiBody(c, mock, runBody);
 */
export async function readApiBody<S extends z.ZodType>(c: Context<MockEnv>, mock: MockContext, schema: S): Promise<z.output<S>> {
  if (!/^\s*application\/json\b/i.test(headerOf(c, 'content-type') ?? '')) {
    throw openApiErrors.invalidParameter('content-type', 'the body must be application/json');
  }
  const text = await readBodyText(c, mock);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw openApiErrors.invalidParameter('body', 'not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw openApiErrors.invalidParameter('body', 'expected a JSON object');
  const present = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== null));
  const result = schema.safeParse(present);
  if (!result.success) {
    const { field, why } = describeIssue(result.error);
    throw openApiErrors.invalidParameter(field, why);
  }
  return result.data;
}
