import type { Context, MiddlewareHandler, Next } from 'hono';
import { MAX_HANG_MS } from '../../control/schemas.js';
import type { MockContext, MockEnv } from '../../context.js';
import { isOpenApiPath } from '../../endpoints.js';
import { OpenApiError, oauthErrors, openApiErrors, type ErrorStatus } from '../../errors.js';
import { headerOf, incomingOf, oauthErrorReply, openApiErrorReply, readBodyText } from '../../http.js';
import { parseJsonText } from '../../json/limits.js';
import type { ReplyRequest, ReplyRule } from '../../replies/index.js';
import { checkRequiredToken } from '../../auth/index.js';
import { streamedReply } from './stream.js';

/**
 * Serves scripted replies (`/__mock/replies`, and the `/__mock/faults` shorthand) before any route runs: a served
 * rule answers its canned reply, drops the connection, or holds it until the client gives up. With no rule live this
 * is one length check.
 */

/** The status the journal records when a `drop` (or a `hang` let go by reset) closed the connection unanswered. */
export const NO_RESPONSE_STATUS = 444;

/** The facts of a request the rules ask about, its JSON body read and parsed once and only when a rule asks. */
function requestFacts(c: Context<MockEnv>, mock: MockContext): ReplyRequest {
  // The parsed JSON body (undefined when there is none, or it is not JSON).
  let json: Promise<unknown> | undefined;
  const readJson = () =>
    (json ??= (async () => {
      if (!/^\s*application\/json\b/i.test(headerOf(c, 'content-type') ?? '')) return undefined;
      // Cached: the route reads the same text after this (and a route of the user's can still read the body).
      const parsed = parseJsonText(await readBodyText(c, mock));
      return parsed.ok ? parsed.value : undefined;
    })());
  const member = async (name: string) => {
    const body = await readJson();
    const value = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  let query: URLSearchParams | undefined;
  return {
    method: c.req.method,
    path: c.req.path,
    grantType: () => member('grant_type'),
    clientId: async () => (await member('client_id')) ?? c.req.query('client_id') ?? jwtIssuer(c),
    query: () => (query ??= new URL(c.req.url).searchParams),
    json: readJson,
  };
}

/** The (unverified) `iss` of a JWT-bearer assertion: the JWT app's id, which is its client id for matching. */
function jwtIssuer(c: Context<MockEnv>): string | undefined {
  const payload = /^Bearer\s+[\w-]+\.([\w-]+)\.[\w-]*$/i.exec(headerOf(c, 'authorization') ?? '')?.[1];
  if (!payload) return undefined;
  const json = parseJsonText(Buffer.from(payload, 'base64url').toString('utf8'));
  const iss = json.ok ? (json.value as { iss?: unknown } | null)?.iss : undefined;
  return typeof iss === 'string' ? iss : undefined;
}

/** Closes the connection without a reply (node-server's socket; in-process requests have none). */
function noReply(c: Context<MockEnv>): Response {
  incomingOf(c)?.socket?.destroy();
  return c.body(null, NO_RESPONSE_STATUS as never);
}

/** The client hung up first: nothing to send, journaled as 499 like any aborted request. */
function clientLeft(c: Context<MockEnv>): Response {
  c.set('aborted', true);
  return c.body(null, 499 as never);
}

function cannedReply(c: Context<MockEnv>, mock: MockContext, rule: ReplyRule): Response {
  const reply = rule.reply as NonNullable<ReplyRule['reply']>;
  for (const [name, value] of Object.entries(reply.headers ?? {})) c.header(name, value);
  if (reply.body === undefined && reply.status >= 400) {
    const message = `${rule.source === 'faults' ? 'fault' : 'reply'} injected by the control API (rule ${rule.id})`;
    const status = reply.status as ErrorStatus;
    return isOpenApiPath(c.req.path)
      ? openApiErrorReply(c, openApiErrors.injected(status, message))
      : oauthErrorReply(c, mock, oauthErrors.injected(status, message));
  }
  // 204, 205 and 304 carry no body by definition.
  if (reply.body === undefined || reply.status === 204 || reply.status === 205 || reply.status === 304) {
    return c.body(null, reply.status as never);
  }
  // The rule's headers win over the default content type: a string goes out as it is, anything else as JSON.
  if (typeof reply.body === 'string') return c.body(reply.body, reply.status as never, { 'content-type': 'text/plain; charset=UTF-8', ...reply.headers });
  return c.json(reply.body as object, reply.status as never, reply.headers);
}

/**
 * Serves the scripted replies: with no rule live this is one length check and `next()`; else the served rule's reply,
 * or the route's when no rule matches.
 *
 * @example
 * app.use(scriptedReplies(mock));
 */
export function scriptedReplies(mock: MockContext): MiddlewareHandler<MockEnv> {
  // Not async, like bodyLimit: with no rule live the request passes on `next()`'s own promise.
  return function scriptedRepliesMiddleware(c, next) {
    if (!mock.replies.planned()) return next();
    return serveScripted(c, next, mock);
  };
}

async function serveScripted(c: Context<MockEnv>, next: Next, mock: MockContext): Promise<Response | void> {
  const facts = requestFacts(c, mock);
  for (;;) {
    const rule = await mock.replies.find(facts);
    if (!rule) return next();
    if (rule.requireToken) {
      // Unauthorised callers get what the built-in resources answer, and the rule is not used up.
      const refusal = checkRequiredToken(c, mock, rule.requireToken === true ? undefined : rule.requireToken.permission);
      if (refusal instanceof OpenApiError) return openApiErrorReply(c, refusal);
    }
    // Another request may have used the rule up while this one read its body: then look again.
    if (!mock.replies.consume(rule)) continue;
    if (rule.delayMs > 0 && (await mock.replies.wait(rule.delayMs, c.req.raw.signal, rule)) === 'aborted') return clientLeft(c);
    if (rule.action === 'drop') return noReply(c);
    if (rule.action === 'hang') {
      const outcome = await mock.replies.wait(MAX_HANG_MS, c.req.raw.signal, rule);
      return outcome === 'aborted' ? clientLeft(c) : noReply(c);
    }
    if (rule.stream) return streamedReply(c, mock, rule);
    return cannedReply(c, mock, rule);
  }
}
