import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import * as z from 'zod';
import type { MockContext, MockEnv } from '../context.js';
import { CREDENTIAL_PREFIX } from '../credentials.js';
import { APP_TYPES, appTypesWith, type App } from '../fixtures/types.js';
import { ENDPOINTS } from '../endpoints.js';
import { describeIssue, oauthErrors } from '../errors.js';
import { readForm } from '../http.js';
import { renderErrorPage, renderPage } from '../pages/layout.js';
import { consumeFormToken, ForgedFormError, issueFormToken } from '../pages/form-guard.js';
import { describePermission } from '../pages/permissions.js';
import { randomToken, type PendingAuthorization } from '../state/index.js';

/**
 * The browser half of the code and PKCE flows (oauth_code "获取授权页面 URL", oauth_pkce):
 * `GET /api/permission/oauth2/authorize` (and the `workspace_id/{id}` variant) checks the request and answers 302 to
 * the consent page, as real Coze does; `GET /oauth/consent` shows it; `POST /oauth/consent` approves or denies.
 *
 * Choices where the contract is open: an unknown client or an unregistered redirect_uri gets an error page and is never
 * redirected to; other bad parameters are reported to the (registered) redirect_uri as `error=…` (RFC 6749 §4.1.2.1);
 * deny redirects with `error=access_denied`.
 */

const querySchema = z.object({
  response_type: z.string().max(64).optional(),
  client_id: z.string().min(1).max(256),
  redirect_uri: z.string().min(1).max(2048),
  state: z.string().max(2048).optional(),
  code_challenge: z.string().min(1).max(256).optional(),
  code_challenge_method: z.string().max(16).optional(),
});

/** Exact match, as registered (oauth_code). The `redirect-uri-prefix-match` deviation loosens it for meta-tests. */
function redirectUriRegistered(mock: MockContext, app: App, uri: string): boolean {
  if (mock.deviations.has('redirect-uri-prefix-match')) return app.redirectUris.some((r) => uri.startsWith(r));
  return app.redirectUris.includes(uri);
}

/** Builds `redirect_uri?…&state=…`, keeping the URI's own query. `state` is echoed exactly, even when empty. */
export function redirectWith(redirectUri: string, params: Record<string, string>, state: string | undefined): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.toString();
}

function startAuthorization(c: Context<MockEnv>, mock: MockContext, workspaceId: string | undefined) {
  const parsed = querySchema.safeParse(c.req.query());
  if (!parsed.success) {
    const { field, why } = describeIssue(parsed.error);
    return renderErrorPage(c, 'Invalid authorization request', `${field}: ${why}`);
  }
  const query = parsed.data;
  c.set('clientId', query.client_id);
  const app = mock.findApp(query.client_id);
  if (!app) return renderErrorPage(c, 'Unknown application', `No OAuth app has the client_id ${query.client_id}.`);
  if (!APP_TYPES[app.type].redirectUris) {
    return renderErrorPage(c, 'Invalid app type', `${app.name} is a ${app.type} app; only ${appTypesWith('redirectUris').join(' and ')} apps use this page.`);
  }
  if (!redirectUriRegistered(mock, app, query.redirect_uri)) {
    return renderErrorPage(
      c,
      'Redirect URI not registered',
      `${query.redirect_uri} is not one of the redirect URIs registered for ${app.name}. To register it, add it to "redirectUris" in the mock's config file ` +
        `(the ready-made web and PKCE apps take it; an app of "apps" has its own "redirectUris"), or create an app that has it: ` +
        `POST ${ENDPOINTS.control}/apps {"type": "${app.type}", "redirectUris": ["${query.redirect_uri}"]}.`,
    );
  }
  if (app.disabled) return renderErrorPage(c, 'App deactivated', oauthErrors.appDeactivated(app.name).message, 403);

  const fail = (error: string, description: string) =>
    c.redirect(redirectWith(query.redirect_uri, { error, error_description: description }, query.state), 302);
  if (query.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  const method = query.code_challenge_method ?? (query.code_challenge ? 'plain' : undefined);
  if (method !== undefined && method !== 'S256' && method !== 'plain') {
    return fail('invalid_request', 'code_challenge_method must be S256 or plain');
  }
  if (method !== undefined && !query.code_challenge) return fail('invalid_request', 'code_challenge is required');
  if (APP_TYPES[app.type].pkce && !query.code_challenge) return fail('invalid_request', 'a PKCE app must send code_challenge');
  if (workspaceId !== undefined && !mock.fixtures.workspaces.some((w) => w.id === workspaceId)) {
    return fail('invalid_request', `unknown workspace_id ${workspaceId}`);
  }

  const pending: PendingAuthorization = {
    key: randomToken(32),
    clientId: app.clientId,
    redirectUri: query.redirect_uri,
    state: query.state,
    workspaceId,
    codeChallenge: query.code_challenge,
    codeChallengeMethod: method as 'S256' | 'plain' | undefined,
    expiresAtMs: mock.clock.now() + mock.lifetimes.consentSeconds * 1000,
  };
  mock.store.pendingAuthorizations.add(pending.key, pending);
  return c.redirect(`${mock.options.basePath}${ENDPOINTS.consent}?authorize_key=${pending.key}`, 302);
}

function showConsent(c: Context<MockEnv>, mock: MockContext) {
  const key = c.req.query('authorize_key') ?? '';
  const pending = mock.store.pendingAuthorizations.get(key);
  if (!pending) return renderErrorPage(c, 'This authorization request has expired', 'Start again from the application.', 410);
  const app = mock.findApp(pending.clientId) as App;
  const user = mock.live.findUser(mock.fixtures.defaultUserId);
  const workspace = mock.fixtures.workspaces.find((w) => w.id === pending.workspaceId);
  const token = issueFormToken(c, mock, `consent:${key}`);
  return renderPage(c, {
    title: `Authorize ${app.name}`,
    formActionOrigins: [new URL(pending.redirectUri).origin],
    body: html`<h1>${app.name} wants to access your Coze account</h1>
<p>Signed in as <strong>${user?.nick_name}</strong> (${user?.user_name}).</p>
<dl>
<dt>Application</dt><dd>${app.name}</dd>
<dt>Scope</dt><dd>${workspace ? html`Workspace <strong>${workspace.name}</strong>` : 'All your workspaces'}</dd>
<dt>Returns to</dt><dd>${new URL(pending.redirectUri).host}</dd>
</dl>
<p>It will be allowed to:</p>
<ul class="perms">${app.permissions.map((p) => html`<li>${describePermission(p)}<code>${p}</code></li>`)}</ul>
<form method="post" action="${mock.options.basePath}${ENDPOINTS.consent}">
<input type="hidden" name="authorize_key" value="${key}">
<input type="hidden" name="csrf_token" value="${token}">
<div class="actions">
<button type="submit" name="decision" value="approve" class="primary" autofocus>Authorize</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
  });
}

async function decideConsent(c: Context<MockEnv>, mock: MockContext) {
  const form = await readForm(c, mock);
  const key = form.get('authorize_key') ?? '';
  try {
    consumeFormToken(c, mock, `consent:${key}`, form.get('csrf_token') ?? undefined);
  } catch (error) {
    if (error instanceof ForgedFormError) return renderErrorPage(c, 'Request refused', `This request could not be verified: ${error.message}.`, 403);
    throw error;
  }
  const pending = mock.store.pendingAuthorizations.get(key);
  if (!pending) return renderErrorPage(c, 'This authorization request has expired', 'Start again from the application.', 410);
  const decision = form.get('decision');
  if (decision !== 'approve' && decision !== 'deny') return renderErrorPage(c, 'Invalid decision', 'Choose Authorize or Deny.');
  mock.store.pendingAuthorizations.delete(key);
  const state = mock.deviations.has('state-not-echoed') ? undefined : pending.state;
  c.set('clientId', pending.clientId);
  if (decision === 'deny') {
    return c.redirect(redirectWith(pending.redirectUri, { error: 'access_denied', error_description: 'the user denied the request' }, state), 302);
  }
  const code = `${CREDENTIAL_PREFIX.authorizationCode}${randomToken(48)}`;
  mock.store.codes.add(code, {
    code,
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    userId: mock.fixtures.defaultUserId,
    workspaceId: pending.workspaceId,
    codeChallenge: pending.codeChallenge,
    codeChallengeMethod: pending.codeChallengeMethod,
    expiresAtMs: mock.clock.now() + mock.lifetimes.codeSeconds * 1000,
    usedAtMs: undefined,
    family: undefined,
  });
  return c.redirect(redirectWith(pending.redirectUri, { code }, state), 302);
}

/**
 * Mounts the authorize endpoints (under `/api/permission/oauth2`) and the consent page (under `/oauth`).
 *
 * @example
 * app.route('/', createAuthorizeRoutes(mock));
 */
export function createAuthorizeRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .get(ENDPOINTS.authorize, (c) => startAuthorization(c, mock, undefined))
    .get(ENDPOINTS.workspaceAuthorize, (c) =>
      startAuthorization(c, mock, c.req.param('workspace_id')),
    )
    .get(ENDPOINTS.consent, (c) => showConsent(c, mock))
    .post(ENDPOINTS.consent, (c) => decideConsent(c, mock));
}
