import { randomBytes } from 'node:crypto';
import type { ConsentOutcome } from '../targets/target.js';
import { assert, expectNonEmptyString, expectReply, type RawReply } from './assert.js';
import { NotApplicable, type CheckContext } from './check.js';

/**
 * The steps several checks share: getting a code through consent, proving a token works, talking raw HTTP where the
 * SDK has no API. All of them drive the SDK under test over real HTTP.
 */

/**
 * The user id the target's tokens belong to (the owner of its personal workspace), or NotApplicable when the target
 * does not say (live: set COZE_USER_ID).
 *
 * @example
 * const ownerId = targetUserId(ctx);
 */
export function targetUserId(ctx: CheckContext): string {
  const userId = ctx.target.credentials.userId;
  if (!userId) throw new NotApplicable('the target does not name its user id (live: set COZE_USER_ID)');
  return userId;
}

/**
 * The browser origin the SDK derives from the API base URL (`https://api…` → `https://www…`; loopback unchanged).
 *
 * @example
 * browserBaseOf('https://api.coze.cn'); // 'https://www.coze.cn'
 */
export const browserBaseOf = (baseURL: string) => baseURL.replace('https://api', 'https://www');

/**
 * A state value for one authorize request.
 *
 * @example
 * freshState(); // 'st_1a2b3c4d5e6f'
 */
export const freshState = () => `st_${randomBytes(6).toString('hex')}`;

/**
 * Plays the user on an authorize URL and asserts an approval came back with a `code_…`.
 *
 * @example
 * const { code, state } = await approve(ctx, authorizeUrl);
 */
export async function approve(ctx: CheckContext, url: string): Promise<ConsentOutcome & { code: string }> {
  const outcome = await ctx.target.completeConsent(url, 'approve');
  assert.equal(outcome.error, undefined, `consent was approved, but the redirect carries error=${outcome.error}: ${outcome.location}`);
  expectNonEmptyString(outcome.code, 'the redirect\'s code');
  return { ...outcome, code: outcome.code };
}

/**
 * What a scripted user meets when authorize answers with a page instead of a redirect (the control client's words).
 * Only a 4xx page counts as the error page a user is shown; a 5xx is the server failing, not refusing.
 */
const ERROR_PAGE = /^authorize did not lead to the consent page \(HTTP (4\d\d)\)/;

/**
 * Asserts that an authorize URL ends on an error page (a 4xx page, no redirect): the user cannot get anywhere. Anything
 * else fails the check: a redirect, a 5xx, a network failure (fetch's TypeError), a refusal at the consent step.
 *
 * @example
 * await expectNoRedirect(ctx, url, 'an unknown client_id');
 */
export async function expectNoRedirect(ctx: CheckContext, url: string, why: string): Promise<void> {
  let outcome: ConsentOutcome;
  try {
    outcome = await ctx.target.completeConsent(url, 'approve');
  } catch (error) {
    if (error instanceof Error && ERROR_PAGE.test(error.message)) return;
    throw new Error(`${why} must end on an error page (4xx), but: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  assert.fail(`${why} must end on an error page, but the browser was sent to ${outcome.location}`);
}

/**
 * Web app (oauth_code): builds the authorize URL with the SDK and has the user approve; returns the code.
 *
 * @example
 * const { code, redirectUrl } = await webCode(ctx, { state: 'xyz' });
 */
export async function webCode(ctx: CheckContext, options: { state?: string; workspaceId?: string } = {}) {
  const web = ctx.cred('web');
  const url = ctx.sdk.api.getWebAuthenticationUrl({
    baseURL: ctx.baseURL,
    clientId: web.clientId,
    redirectUrl: web.redirectUri,
    ...(options.state === undefined ? {} : { state: options.state }),
    ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
  });
  const outcome = await approve(ctx, url);
  return { url, outcome, code: outcome.code, web };
}

/**
 * `getWebOAuthToken` for the target's web app, with its secret and redirect URI unless overridden (`clientSecret:
 * undefined` sends none, as a caller who forgot it would).
 *
 * @example
 * await exchangeWebCode(ctx, code, { clientSecret: 'wrong' });
 */
export function exchangeWebCode(ctx: CheckContext, code: string, overrides: { clientSecret?: string | undefined; redirectUrl?: string } = {}) {
  const web = ctx.cred('web');
  const clientSecret = 'clientSecret' in overrides ? overrides.clientSecret : web.clientSecret;
  return ctx.sdk.api.getWebOAuthToken({ baseURL: ctx.baseURL, clientId: web.clientId, clientSecret: clientSecret as string, redirectUrl: overrides.redirectUrl ?? web.redirectUri, code });
}

/**
 * Web app: code → `getWebOAuthToken` with the client secret.
 *
 * @example
 * const { token } = await webToken(ctx, { workspaceId });
 */
export async function webToken(ctx: CheckContext, options: { workspaceId?: string } = {}) {
  const { code, web, url } = await webCode(ctx, { state: freshState(), ...options });
  return { token: await exchangeWebCode(ctx, code), url, web };
}

/**
 * `refreshOAuthToken` against the target (a secret only when given).
 *
 * @example
 * await refreshWith(ctx, { clientId, refreshToken: token.refresh_token });
 */
export function refreshWith(ctx: CheckContext, grant: { clientId: string; refreshToken: string; clientSecret?: string | undefined }) {
  const { clientId, refreshToken, clientSecret } = grant;
  return ctx.sdk.api.refreshOAuthToken({ baseURL: ctx.baseURL, clientId, refreshToken, ...(clientSecret ? { clientSecret } : {}) });
}

/**
 * PKCE app (oauth_pkce): SDK-built authorize URL (S256 unless told otherwise), user approval; returns code and verifier.
 *
 * @example
 * const { code, codeVerifier } = await pkceCode(ctx);
 */
export async function pkceCode(ctx: CheckContext, options: { method?: 'S256' | 'plain'; workspaceId?: string } = {}) {
  const pkce = ctx.cred('pkce');
  const { url, codeVerifier } = await ctx.sdk.api.getPKCEAuthenticationUrl({
    baseURL: ctx.baseURL,
    clientId: pkce.clientId,
    redirectUrl: pkce.redirectUri,
    state: freshState(),
    ...(options.method ? { code_challenge_method: options.method } : {}),
    ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
  });
  const { code } = await approve(ctx, url);
  return { url, code, codeVerifier, pkce };
}

/**
 * `getPKCEOAuthToken` for the target's PKCE app.
 *
 * @example
 * const token = await exchangePkceCode(ctx, code, codeVerifier);
 */
export function exchangePkceCode(ctx: CheckContext, code: string, codeVerifier: string) {
  const pkce = ctx.cred('pkce');
  return ctx.sdk.api.getPKCEOAuthToken({ baseURL: ctx.baseURL, clientId: pkce.clientId, redirectUrl: pkce.redirectUri, code, codeVerifier });
}

/**
 * PKCE app: code → `getPKCEOAuthToken`.
 *
 * @example
 * const { token } = await pkceToken(ctx);
 */
export async function pkceToken(ctx: CheckContext, options: { workspaceId?: string } = {}) {
  const { code, codeVerifier, pkce, url } = await pkceCode(ctx, options);
  return { token: await exchangePkceCode(ctx, code, codeVerifier), url, pkce };
}

/**
 * Proves a token works: with `users.me` where this SDK version has it (1.3.5+), else with a raw `GET /v1/users/me`
 * (older SDKs have no users call, and 1.0.4's `workspaces.list` returns undefined). When the target knows whose tokens
 * it issues, asserts the identity too.
 *
 * @example
 * await proveToken(ctx, token.access_token);
 */
export async function proveToken(ctx: CheckContext, accessToken: string): Promise<void> {
  let userId: unknown;
  if (ctx.sdk.has.usersMe) {
    userId = (await ctx.sdk.client(accessToken, ctx.baseURL).users.me())?.user_id;
  } else {
    const reply = await raw(ctx, 'GET', '/v1/users/me', { headers: { authorization: `Bearer ${accessToken}` } });
    expectReply(reply, 200);
    userId = (reply.body?.data as { user_id?: unknown } | undefined)?.user_id;
  }
  expectNonEmptyString(userId, 'users.me user_id');
  const expected = ctx.target.credentials.userId;
  if (expected) assert.equal(userId, expected, 'the token belongs to another user');
}

/**
 * The ids of the workspaces a token sees (`workspaces.list`).
 *
 * @example
 * await visibleWorkspaceIds(ctx, token.access_token); // ['7487…']
 */
export async function visibleWorkspaceIds(ctx: CheckContext, accessToken: string): Promise<string[]> {
  const list = await ctx.sdk.client(accessToken, ctx.baseURL).workspaces.list({ page_size: 50 });
  assert.ok(Array.isArray(list?.workspaces), `workspaces.list() must give {workspaces: [...]}, got ${JSON.stringify(list)}`);
  return list.workspaces.map((w) => w.id);
}

/**
 * Raw HTTP for what the SDK cannot send (wrong content types, unknown grants, paths it has no API for).
 *
 * @example
 * const reply = await raw(ctx, 'POST', '/api/permission/oauth2/token', { json: { grant_type: 'password' } });
 */
export async function raw(
  ctx: { baseURL: string },
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { json?: unknown; jsonText?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<RawReply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.jsonText !== undefined) {
    // JSON written by hand, e.g. a 19-digit integer that a JS number cannot carry (coze-go's int64 account_id).
    headers['content-type'] = 'application/json';
    body = options.jsonText;
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(`${ctx.baseURL}${path}`, { method, headers, redirect: 'manual', ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/**
 * Asserts the journal saw a request to `path` after `sinceSeq` (only on targets with `control`).
 *
 * @example
 * await expectRequestTo(ctx, `/api/permission/oauth2/account/${accountId}/token`, mark);
 */
export async function expectRequestTo(ctx: CheckContext, path: string, sinceSeq: number): Promise<void> {
  const entries = await ctx.target.journal({ path, sinceSeq });
  const seen = (await ctx.target.journal({ sinceSeq })).map((e) => `${e.method} ${e.path}`);
  assert.ok(entries.length > 0, `expected a request to ${path}; the server saw ${JSON.stringify(seen)}`);
}

/**
 * The newest journal entry number, to look at what a step sends.
 *
 * @example
 * const mark = await journalMark(ctx); // then expectRequestTo(ctx, path, mark)
 */
export async function journalMark(ctx: CheckContext): Promise<number> {
  const entries = await ctx.target.journal({});
  return entries.at(-1)?.seq ?? 0;
}

export type { RawReply } from './assert.js';
