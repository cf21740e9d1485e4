import type { Context } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod';
import type { MockContext, MockEnv } from './context.js';
import { isOpenApiPath } from './endpoints.js';
import { parseJsonText } from './json/limits.js';
import { CapacityError, ClientAbortedError, describeIssue, OAuthError, oauthErrors, OpenApiError, openApiErrors } from './errors.js';

/**
 * Request parsing and reply helpers shared by every endpoint, so that every one of them validates its input the same
 * way and answers errors in Coze's shapes.
 */

/** What @hono/node-server hands each request as `c.env`; absent for in-process `app.request()` calls. */
interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/** The Node request behind a Hono request, when served over a socket. */
export const incomingOf = (c: Context<MockEnv>): IncomingMessage | undefined => (c.env as NodeBindings | undefined)?.incoming;

/**
 * Sets a header of the reply about to be built. Over a socket it goes straight onto Node's response (`writeHead`
 * merges it), so Hono keeps answering with a plain header object instead of building a WHATWG `Headers` per request;
 * in-process it goes through `c.header`.
 *
 * @example
 * setReplyHeader(c, 'X-Tt-Logid', logid);
 */
export function setReplyHeader(c: Context<MockEnv>, name: string, value: string): void {
  const outgoing = (c.env as NodeBindings | undefined)?.outgoing;
  if (outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}

/**
 * A request header (name in lower case) read straight from Node's parsed headers when there are any, so the hot path
 * never materialises a WHATWG `Headers` object.
 *
 * @example
 * headerOf(c, 'authorization'); // 'Bearer pat_…' or undefined
 */
export function headerOf(c: Context<MockEnv>, name: string): string | undefined {
  const headers = incomingOf(c)?.headers;
  if (!headers) return c.req.header(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Drops top-level `null` members: Python sends `"scope": null`, which Coze ignores (docs/contract.md#hosts.unknown-and-null-fields). */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  // A JSON object has only own enumerable members: `for…in` visits what `Object.values` would, without an array.
  for (const key in value) {
    if (value[key] === null) return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== null));
  }
  return value;
}

/** Reads a body with no declared length (chunked) from the socket, refusing it as soon as it passes `limit` bytes. */
function readChunked(incoming: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: Error) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onClose).off('close', onClose);
      if (error) {
        incoming.resume(); // drain the rest so the 413 can still be written
        reject(error);
      } else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done(oauthErrors.payloadTooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = () => done();
    const onClose = () => done(new ClientAbortedError());
    incoming.on('data', onData).on('end', onEnd).on('error', onClose).on('close', onClose);
  });
}

/**
 * The request body as text, at most `bodyLimitBytes` bytes (the body-limit middleware already refused a declared
 * oversize; a chunked body is cut off as it passes the limit). A body with a declared length is read through Hono's
 * request, which caches it, so a route of the user's behind a middleware that read it can still read it too. A client
 * that hangs up mid-body ends the request with {@link ClientAbortedError}, which is journaled as `aborted` and never
 * reported as a fault of the mock.
 */
export async function readBodyText(c: Context<MockEnv>, mock: MockContext): Promise<string> {
  const cached = c.get('bodyText');
  if (cached !== undefined) return cached;
  const text = await readBodyTextOnce(c, mock);
  c.set('bodyText', text);
  return text;
}

async function readBodyTextOnce(c: Context<MockEnv>, mock: MockContext): Promise<string> {
  const limit = mock.options.bodyLimitBytes;
  const incoming = incomingOf(c);
  // No declared length: read it here, stopping at the limit (Hono's reader would take it all first).
  if (incoming && incoming.headers['content-length'] === undefined && !incoming.readableEnded) return readChunked(incoming, limit);
  let text: string;
  try {
    text = await c.req.text();
  } catch (error) {
    if (incoming?.destroyed || (error as Error).name === 'AbortError') throw new ClientAbortedError();
    throw error;
  }
  if (text.length > limit && Buffer.byteLength(text) > limit) throw oauthErrors.payloadTooLarge(limit);
  return text;
}

/**
 * Reads and validates a JSON body: JSON content type, parseable, a JSON object matching `schema`.
 * Unknown and null members are ignored (unless `keepNulls`, where `null` means something: `times: null`). Throws an {@link OAuthError} (4xx) otherwise; never a 5xx.
 *
 * @example
 * const body = await readJsonBody(c, mock, z.object({ client_id: z.string() }));
 */
export async function readJsonBody<S extends z.ZodType>(
  c: Context<MockEnv>,
  mock: MockContext,
  schema: S,
  options: { keepNulls?: boolean } = {},
): Promise<z.infer<S>> {
  const contentType = headerOf(c, 'content-type') ?? '';
  if (!/^\s*application\/json\b/i.test(contentType)) throw oauthErrors.unsupportedMediaType();
  const json = parseJsonText(await readBodyText(c, mock));
  if (!json.ok) throw oauthErrors.invalidRequest('body', json.why);
  const parsed = json.value;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw oauthErrors.invalidRequest('body', 'expected a JSON object');
  }
  const body = options.keepNulls ? (parsed as Record<string, unknown>) : withoutNulls(parsed as Record<string, unknown>);
  const result = schema.safeParse(body);
  if (!result.success) {
    const { field, why } = describeIssue(result.error);
    throw oauthErrors.invalidRequest(field, why);
  }
  return result.data;
}

/** Reads an `application/x-www-form-urlencoded` body (size-limited; a wrong content type is a 4xx). */
export async function readForm(c: Context<MockEnv>, mock: MockContext): Promise<URLSearchParams> {
  const contentType = headerOf(c, 'content-type') ?? '';
  if (!/^\s*application\/x-www-form-urlencoded\b/i.test(contentType)) {
    throw oauthErrors.invalidRequest('content-type', 'forms are application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(await readBodyText(c, mock));
  return form;
}

/** Answers an OAuth error in both spellings (or, under a deviation, only Coze's documented one). */
export function oauthErrorReply(c: Context<MockEnv>, mock: MockContext, error: OAuthError): Response {
  c.set('errorCode', error.code);
  const body: Record<string, string> = { ...error.toBody() };
  if (mock.deviations.has('errors-without-error-field')) {
    delete body.error;
    delete body.error_description;
  }
  if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.retryAfterSeconds));
  const status = error.code === 'authorization_pending' && mock.deviations.has('pending-with-200') ? 200 : error.status;
  return c.json(body, status);
}

/** Answers an OpenAPI error in the `{code, msg, detail}` envelope. */
export function openApiErrorReply(c: Context<MockEnv>, error: OpenApiError): Response {
  c.set('errorCode', error.code);
  if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.retryAfterSeconds));
  return c.json(error.toBody(c.get('logid')), error.status);
}

/**
 * Answers anything thrown while serving a request, in the shape of the endpoint family the path belongs to. A client
 * that went away gets nothing (status 499 in the journal); an error the mock did not expect is a bug: still answered
 * in Coze's shape, and said loudly.
 */
export function errorReply(c: Context<MockEnv>, mock: MockContext, error: unknown): Response {
  const openApi = isOpenApiPath(c.req.path);
  if (error instanceof OAuthError) {
    if (openApi && error.status === 413) return openApiErrorReply(c, openApiErrors.payloadTooLarge(mock.options.bodyLimitBytes));
    return oauthErrorReply(c, mock, error);
  }
  if (error instanceof OpenApiError) return openApiErrorReply(c, error);
  if (error instanceof CapacityError) {
    return openApi
      ? openApiErrorReply(c, openApiErrors.tableFull(error.table, error.retryAfterSeconds))
      : oauthErrorReply(c, mock, oauthErrors.tableFull(error.table, error.retryAfterSeconds));
  }
  if (error instanceof ClientAbortedError) {
    c.set('aborted', true);
    return c.body(null, 499 as never);
  }
  console.error('[coze-mock] unexpected error:', error);
  return openApi ? openApiErrorReply(c, openApiErrors.internal()) : oauthErrorReply(c, mock, oauthErrors.internal());
}

/** The `{code: 0, msg: "", data, detail}` envelope of a successful OpenAPI call (list_workspace example). */
export function openApiReply<T>(c: Context<MockEnv>, data: T): Response {
  return c.json({ code: 0, msg: '', data, detail: { logid: c.get('logid') } });
}

/**
 * The base URL clients should use: the configured public URL or the bound address, never the client's Host header;
 * a sandbox's prefix (`/__sandbox/{id}`) included.
 */
export function publicOrigin(mock: MockContext): string {
  return `${mock.origins.publicUrl()}${mock.options.basePath}`;
}

/** Parses `Authorization: Bearer x`; `Bearer` alone or a missing header give `''`; other schemes give undefined. */
export function bearerOf(c: Context<MockEnv>): string | undefined {
  const header = headerOf(c, 'authorization');
  if (header === undefined) return '';
  const match = /^\s*Bearer(?:\s+(.*))?$/i.exec(header);
  if (!match) return undefined;
  return (match[1] ?? '').trim();
}
