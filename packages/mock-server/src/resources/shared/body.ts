import type { Context } from 'hono';
import type * as z from 'zod';
import type { MockContext, MockEnv } from '../../context.js';
import { openApiErrors } from '../../errors.js';
import { describeIssue, headerOf, readBodyText } from '../../http.js';

export { parseQuery } from '../../routes/openapi.js';

/**
 * Reads and validates the JSON body of an OpenAPI call, answering every problem as 400 code 4000 in the envelope
 * (never the OAuth error shape, never a 5xx): a body that is not JSON or not an object, or a member of the wrong
 * type, named by its path (`additional_messages.0.content`). Top-level `null` members are dropped (coze-py sends
 * `"chat_id": null` for an unset filter). An empty body counts as `{}`, since the SDKs send none for calls whose
 * parameters are all optional. Oversize bodies are refused by the shared body reader (413).
 *
 * @example
 * const body = await readOpenApiJson(c, mock, createChatBody());
 */
export async function readOpenApiJson<S extends z.ZodType>(c: Context<MockEnv>, mock: MockContext, schema: S): Promise<z.infer<S>> {
  const text = await readBodyText(c, mock);
  let parsed: unknown = {};
  if (text.trim() !== '') {
    if (!/^\s*application\/json\b/i.test(headerOf(c, 'content-type') ?? '')) throw openApiErrors.invalidParameter('content-type', 'the body must be application/json');
    try {
      parsed = JSON.parse(text);
    } catch {
      throw openApiErrors.invalidParameter('body', 'not valid JSON');
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw openApiErrors.invalidParameter('body', 'expected a JSON object');
  const body = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== null));
  const result = schema.safeParse(body);
  if (!result.success) {
    const { field, why } = describeIssue(result.error);
    throw openApiErrors.invalidParameter(field, why);
  }
  return result.data;
}
