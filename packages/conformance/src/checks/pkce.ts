import { createHash, randomBytes } from 'node:crypto';
import { assert, expectSdkError, expectTokenReply } from './assert.js';
import { defineChecks, type CheckContext } from './check.js';
import { approve, browserBaseOf, exchangePkceCode, freshState, pkceCode, pkceToken, proveToken, refreshWith, visibleWorkspaceIds } from './flows.js';
import { ENDPOINTS } from '../endpoints.js';

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** An authorize URL built by hand, for PKCE variants the JS SDK cannot produce (a true plain challenge, Go's short verifier). */
function handBuiltPkceUrl(ctx: CheckContext, challenge: string, method: 'S256' | 'plain'): string {
  const pkce = ctx.cred('pkce');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: pkce.clientId,
    redirect_uri: pkce.redirectUri,
    state: freshState(),
    code_challenge: challenge,
    code_challenge_method: method,
  });
  return `${browserBaseOf(ctx.baseURL)}${ENDPOINTS.authorize}?${query}`;
}

/** Hand-built challenge, SDK token exchange. */
async function exchangeHandBuilt(ctx: CheckContext, verifier: string, challenge: string, method: 'S256' | 'plain') {
  const { code } = await approve(ctx, handBuiltPkceUrl(ctx, challenge, method));
  return exchangePkceCode(ctx, code, verifier);
}

/** PKCE apps: public clients with a code verifier (oauth_pkce). */
export const pkceChecks = defineChecks('pkce', [
  {
    id: 'pkce.s256-flow',
    title: 'S256 challenge of a 64-hex verifier → consent → getPKCEOAuthToken with an empty Bearer → users.me',
    source: 'oauth_pkce; @coze/api getPKCEAuthenticationUrl',
    covers: ['token.pkce-public-client', 'authorize.query', 'token.reply-shape', 'token.expires-in-absolute'],
    needs: ['pkce', 'user'],
    async run(ctx) {
      const { url, code, codeVerifier } = await pkceCode(ctx);
      const query = new URL(url).searchParams;
      assert.equal(query.get('code_challenge_method'), 'S256');
      assert.equal(query.get('code_challenge'), s256(codeVerifier), 'code_challenge must be base64url(SHA-256(verifier))');
      const token = await exchangePkceCode(ctx, code, codeVerifier);
      await expectTokenReply(ctx, token, { prefix: 'czu_', refresh: true, lifetimeSeconds: 900 });
      await proveToken(ctx, token.access_token);
    },
  },
  {
    id: 'pkce.wrong-verifier',
    title: 'a wrong code_verifier gets BadRequestError invalid_grant',
    source: 'oauth_pkce; RFC 7636 §4.6',
    covers: ['token.pkce-public-client'],
    needs: ['pkce', 'scriptedUser'],
    async run(ctx) {
      const { code } = await pkceCode(ctx);
      const call = exchangePkceCode(ctx, code, randomBytes(32).toString('hex'));
      await expectSdkError(ctx, call, 'BadRequestError', 'invalid_grant');
    },
  },
  {
    id: 'pkce.plain-challenge',
    title: 'a plain challenge (challenge = verifier) is accepted',
    source: 'oauth_pkce (code_challenge_method plain is the default)',
    covers: ['authorize.query', 'token.pkce-public-client'],
    needs: ['pkce', 'scriptedUser'],
    async run(ctx) {
      const verifier = randomBytes(32).toString('hex');
      await expectTokenReply(ctx, await exchangeHandBuilt(ctx, verifier, verifier, 'plain'), { prefix: 'czu_', refresh: true, lifetimeSeconds: 900 });
    },
  },
  {
    id: 'pkce.short-verifier',
    title: 'a 16-hex verifier (Go and Java SDKs) is accepted: RFC 7636 length is not enforced',
    source: 'coze-go / coze-java PKCE helpers; contract row authorize.verifier-length',
    covers: ['authorize.verifier-length'],
    needs: ['pkce', 'scriptedUser'],
    async run(ctx) {
      const verifier = randomBytes(8).toString('hex');
      await expectTokenReply(ctx, await exchangeHandBuilt(ctx, verifier, s256(verifier), 'S256'), { prefix: 'czu_', refresh: true, lifetimeSeconds: 900 });
    },
  },
  {
    id: 'pkce.sdk-plain-is-s256',
    title: 'told "plain", the JS SDK still sends an S256 challenge, so a verifying server refuses its exchange',
    source: '@coze/api getPKCEAuthenticationUrl (always S256); contract row authorize.sdk-challenge-always-s256',
    covers: ['authorize.sdk-challenge-always-s256', 'token.pkce-public-client'],
    needs: ['pkce', 'scriptedUser'],
    async run(ctx) {
      const { url, code, codeVerifier } = await pkceCode(ctx, { method: 'plain' });
      const query = new URL(url).searchParams;
      assert.equal(query.get('code_challenge_method'), 'plain');
      assert.equal(query.get('code_challenge'), s256(codeVerifier), 'the SDK computes S256 even when told plain');
      const call = exchangePkceCode(ctx, code, codeVerifier);
      await expectSdkError(ctx, call, 'BadRequestError', 'invalid_grant');
    },
  },
  {
    id: 'pkce.code-single-use',
    title: 'a PKCE code works once',
    source: 'contract row authorize.code-single-use',
    covers: ['authorize.code-single-use'],
    needs: ['pkce', 'scriptedUser'],
    async run(ctx) {
      const { code, codeVerifier } = await pkceCode(ctx);
      const exchange = () => exchangePkceCode(ctx, code, codeVerifier);
      await exchange();
      await expectSdkError(ctx, exchange(), 'BadRequestError', 'invalid_grant');
    },
  },
  {
    id: 'pkce.workspace-authorize',
    title: 'workspaceId → /workspace_id/{id}/authorize, and the token sees only that workspace',
    source: 'oauth_pkce (workspace_id variant); @coze/api ≥ 1.0.14',
    covers: ['hosts.endpoint-paths', 'openapi.workspace-scope'],
    needs: ['pkce', 'user', 'workspace'],
    async run(ctx) {
      const workspaceId = ctx.cred('workspaceId');
      const { token, url } = await pkceToken(ctx, { workspaceId });
      assert.equal(new URL(url).pathname, ENDPOINTS.workspaceAuthorize(workspaceId));
      assert.deepEqual(await visibleWorkspaceIds(ctx, token.access_token), [workspaceId], 'a workspace token sees only its workspace');
    },
  },
  {
    id: 'pkce.refresh',
    title: 'a PKCE refresh token refreshes without a secret and rotates',
    source: 'oauth_pkce (refresh); @coze/api refreshOAuthToken',
    covers: ['token.refresh-rotates', 'token.pkce-public-client'],
    needs: ['pkce', 'user'],
    async run(ctx) {
      const { token, pkce } = await pkceToken(ctx);
      const refreshed = await refreshWith(ctx, { clientId: pkce.clientId, refreshToken: token.refresh_token });
      await expectTokenReply(ctx, refreshed, { prefix: 'czu_', refresh: true, lifetimeSeconds: 900 });
      assert.notEqual(refreshed.refresh_token, token.refresh_token, 'the refresh token must rotate');
      await proveToken(ctx, refreshed.access_token);
    },
  },
]);
