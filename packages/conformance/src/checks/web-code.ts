import { assert, expectSdkError, expectTokenReply } from './assert.js';
import { defineChecks } from './check.js';
import { browserBaseOf, exchangeWebCode, expectNoRedirect, freshState, proveToken, visibleWorkspaceIds, webCode, webToken } from './flows.js';
import { ENDPOINTS } from '../endpoints.js';


/** Web apps: authorization code with the client secret (oauth_code). */
export const webCodeChecks = defineChecks('web', [
  {
    id: 'web.authorize-url',
    title: 'the SDK builds the authorize URL on the browser host with response_type, client_id, redirect_uri, state',
    source: 'oauth_code (authorize URL); @coze/api getWebAuthenticationUrl',
    covers: ['hosts.same-origin-authorize', 'authorize.query', 'hosts.endpoint-paths', 'disagree.consent-path'],
    needs: ['web'],
    async run(ctx) {
      const web = ctx.cred('web');
      const state = freshState();
      const url = new URL(ctx.sdk.api.getWebAuthenticationUrl({ baseURL: ctx.baseURL, clientId: web.clientId, redirectUrl: web.redirectUri, state }));
      assert.equal(`${url.origin}${url.pathname}`, `${browserBaseOf(ctx.baseURL)}${ENDPOINTS.authorize}`);
      assert.equal(url.searchParams.get('response_type'), 'code');
      assert.equal(url.searchParams.get('client_id'), web.clientId);
      assert.equal(url.searchParams.get('redirect_uri'), web.redirectUri);
      assert.equal(url.searchParams.get('state'), state);
      const reply = await fetch(url, { redirect: 'manual' });
      assert.equal(reply.status, 302, `GET authorize must answer 302 to a login or consent page, got ${reply.status}`);
    },
  },
  {
    id: 'web.code-flow',
    title: 'consent → code_… with state → getWebOAuthToken → czu_ token with refresh token, absolute expires_in → users.me',
    source: 'oauth_code (authorize, token exchange)',
    covers: ['authorize.redirect-with-code', 'token.reply-shape', 'token.expires-in-absolute', 'token.web-secret-in-header', 'token.formats', 'token.lifetimes'],
    needs: ['web', 'user'],
    async run(ctx) {
      const state = freshState();
      const { code, outcome } = await webCode(ctx, { state });
      assert.ok(code.startsWith('code_'), `codes start with code_, got ${code.slice(0, 8)}…`);
      assert.equal(outcome.state, state, 'the redirect must echo state');
      const token = await exchangeWebCode(ctx, code);
      await expectTokenReply(ctx, token, { prefix: 'czu_', refresh: true, lifetimeSeconds: 900 });
      await proveToken(ctx, token.access_token);
    },
  },
  {
    id: 'web.empty-state',
    title: 'the SDK\'s default empty state= is accepted and the flow completes',
    source: '@coze/api getWebAuthenticationUrl (state defaults to \'\'); contract row disagree.state',
    covers: ['authorize.query', 'disagree.state'],
    needs: ['web', 'user'],
    async run(ctx) {
      const { code, url } = await webCode(ctx);
      assert.equal(new URL(url).searchParams.get('state'), '', 'the SDK sends an empty state by default');
      const token = await exchangeWebCode(ctx, code);
      assert.equal(typeof token.access_token, 'string');
    },
  },
  {
    id: 'web.deny',
    title: 'a denied consent redirects with error=access_denied and the state, without a code',
    source: 'contract row authorize.deny-and-bad-client (choice: deny → error=access_denied)',
    covers: ['authorize.deny-and-bad-client'],
    needs: ['web', 'scriptedUser'],
    async run(ctx) {
      const web = ctx.cred('web');
      const state = freshState();
      const url = ctx.sdk.api.getWebAuthenticationUrl({ baseURL: ctx.baseURL, clientId: web.clientId, redirectUrl: web.redirectUri, state });
      const outcome = await ctx.target.completeConsent(url, 'deny');
      assert.equal(outcome.error, 'access_denied', 'the denial must say error=access_denied');
      assert.equal(outcome.state, state, 'the denial must echo state');
      assert.equal(outcome.code, undefined, 'a denial carries no code');
      assert.ok(outcome.location.startsWith(web.redirectUri), 'the denial goes back to the registered redirect URI');
    },
  },
  {
    id: 'web.unregistered-redirect',
    title: 'a redirect_uri that only starts like a registered one is never redirected to',
    source: 'oauth_code (redirect URI must match the registered one); contract row authorize.query',
    covers: ['authorize.deny-and-bad-client', 'authorize.query'],
    needs: ['web', 'scriptedUser'],
    async run(ctx) {
      const web = ctx.cred('web');
      const evil = `${web.redirectUri}/../evil`;
      const url = ctx.sdk.api.getWebAuthenticationUrl({ baseURL: ctx.baseURL, clientId: web.clientId, redirectUrl: evil, state: freshState() });
      await expectNoRedirect(ctx, url, 'an unregistered redirect_uri');
    },
  },
  {
    id: 'web.unknown-client',
    title: 'an unknown client_id ends on an error page, not a redirect',
    source: 'contract row authorize.deny-and-bad-client (choice: bad client_id → error page)',
    covers: ['authorize.deny-and-bad-client'],
    needs: ['web', 'scriptedUser'],
    async run(ctx) {
      const web = ctx.cred('web');
      const url = ctx.sdk.api.getWebAuthenticationUrl({ baseURL: ctx.baseURL, clientId: '0000000000.app.coze', redirectUrl: web.redirectUri, state: freshState() });
      await expectNoRedirect(ctx, url, 'an unknown client_id');
    },
  },
  {
    id: 'web.wrong-secret',
    title: 'a wrong client secret gets AuthenticationError invalid_client',
    source: 'oauth_code (error table: invalid_client)',
    covers: ['token.web-secret-in-header', 'errors.documented-values', 'errors.both-shapes-4xx'],
    needs: ['web', 'scriptedUser'],
    async run(ctx) {
      const { code, web } = await webCode(ctx, { state: freshState() });
      const call = exchangeWebCode(ctx, code, { clientSecret: `${web.clientSecret}x` });
      await expectSdkError(ctx, call, 'AuthenticationError', 'invalid_client');
    },
  },
  {
    id: 'web.missing-secret',
    title: 'no client secret (the SDK sends "Bearer undefined") gets AuthenticationError invalid_client',
    source: '@coze/api getWebOAuthToken (Bearer undefined); oauth_code',
    covers: ['token.web-secret-in-header'],
    needs: ['web', 'scriptedUser'],
    async run(ctx) {
      const { code } = await webCode(ctx, { state: freshState() });
      const call = exchangeWebCode(ctx, code, { clientSecret: undefined });
      await expectSdkError(ctx, call, 'AuthenticationError', 'invalid_client');
    },
  },
  {
    id: 'web.code-single-use',
    title: 'a code works once; the second exchange gets BadRequestError invalid_grant',
    source: 'contract row authorize.code-single-use; RFC 6749 §4.1.2',
    covers: ['authorize.code-single-use'],
    needs: ['web', 'scriptedUser'],
    async run(ctx) {
      const { code } = await webCode(ctx, { state: freshState() });
      const exchange = () => exchangeWebCode(ctx, code);
      await exchange();
      await expectSdkError(ctx, exchange(), 'BadRequestError', 'invalid_grant');
    },
  },
  {
    id: 'web.code-expiry',
    title: 'a code older than its lifetime (5 min) gets invalid_grant',
    source: 'contract row authorize.code-single-use (lifetime 5 minutes)',
    covers: ['authorize.code-single-use', 'token.lifetimes'],
    needs: ['web', 'scriptedUser', 'clock'],
    async run(ctx) {
      const { code } = await webCode(ctx, { state: freshState() });
      await ctx.target.advanceClock(5 * 60 + 1);
      const call = exchangeWebCode(ctx, code);
      await expectSdkError(ctx, call, 'BadRequestError', 'invalid_grant');
    },
  },
  {
    id: 'web.redirect-mismatch',
    title: 'exchanging a code with another redirect_uri gets invalid_grant',
    source: 'oauth_code (redirect_uri must equal the authorize request\'s)',
    covers: ['authorize.query'],
    needs: ['web', 'scriptedUser'],
    async run(ctx) {
      const { code, web } = await webCode(ctx, { state: freshState() });
      const call = exchangeWebCode(ctx, code, { redirectUrl: `${web.redirectUri}/other` });
      await expectSdkError(ctx, call, 'BadRequestError', 'invalid_grant');
    },
  },
  {
    id: 'web.workspace-authorize',
    title: 'workspaceId → /workspace_id/{id}/authorize, and the token sees only that workspace',
    source: 'oauth_code (workspace_id authorize variant); @coze/api ≥ 1.0.20',
    covers: ['hosts.endpoint-paths', 'openapi.workspace-scope', 'sdk.version-differences'],
    needs: ['web', 'user', 'workspace'],
    async run(ctx) {
      const workspaceId = ctx.cred('workspaceId');
      const { token, url } = await webToken(ctx, { workspaceId });
      assert.equal(new URL(url).pathname, ENDPOINTS.workspaceAuthorize(workspaceId), 'the SDK must use the workspace authorize path');
      assert.deepEqual(await visibleWorkspaceIds(ctx, token.access_token), [workspaceId], 'a workspace token sees only its workspace');
    },
  },
]);
