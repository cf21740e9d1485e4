import { generateKeyPairSync } from 'node:crypto';
import { signJwtLikeSdk } from '../sdk/sign-jwt.js';
import { assert, expectReply, expectSdkError, expectTokenReply } from './assert.js';
import { defineChecks, type CheckContext } from './check.js';
import { raw, targetUserId } from './flows.js';
import { JWT_FAILURE_TIMEOUT_MS, jwtConfig } from './jwt.js';
import { ENDPOINTS } from '../endpoints.js';
import { exchangeJwtRaw, expectTokenBody } from './replay/wire.js';

let strangerKey: string | undefined;
/** A 2048-bit RSA key no app registered (jsonwebtoken 9 refuses smaller keys). Generated once per process. */
function strangerPrivateKey(): string {
  strangerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return strangerKey;
}

/** Signs a JWT for the target's service app the way the SDK does (for replays and raw requests). */
const signForTarget = (ctx: CheckContext, overrides: { privateKey?: string } = {}) => {
  const jwt = ctx.cred('jwt');
  return signJwtLikeSdk({ appId: jwt.appId, keyId: jwt.keyId, privateKey: overrides.privateKey ?? jwt.privateKey, aud: jwt.aud });
};

/** Service apps: refused JWTs and paths the SDK has no API for (oauth_jwt, oauth_jwt_privilege). */
export const jwtErrorChecks = defineChecks('jwt', [
  {
    id: 'jwt.unknown-kid',
    title: 'a JWT whose kid is not registered gets AuthenticationError invalid_client (the promise must settle)',
    source: 'oauth_jwt (kid is the public key fingerprint); contract row jwt.error-messages ("kid not been registred")',
    covers: ['jwt.header', 'jwt.error-messages', 'errors.both-shapes-4xx', 'sdk.version-differences'],
    needs: ['jwt'],
    timeoutMs: JWT_FAILURE_TIMEOUT_MS,
    async run(ctx) {
      const call = ctx.sdk.getJWTToken({ ...jwtConfig(ctx), keyid: 'not-a-registered-key-fingerprint' });
      await expectSdkError(ctx, call, 'AuthenticationError', 'invalid_client');
    },
  },
  {
    id: 'jwt.single-use',
    title: 'a JWT works once; replaying it gets AuthenticationError invalid_client',
    source: 'oauth_jwt (a JWT can be used only once; jti)',
    covers: ['jwt.claims'],
    needs: ['jwt'],
    async run(ctx) {
      const token = await signForTarget(ctx);
      const exchange = () => ctx.sdk.exchangeSignedJwt({ baseURL: ctx.baseURL, token });
      await expectTokenReply(ctx, await exchange(), { prefix: 'czs_', refresh: false, lifetimeSeconds: 900 });
      await expectSdkError(ctx, exchange(), 'AuthenticationError', 'invalid_client');
    },
  },
  {
    id: 'jwt.bad-signature',
    title: 'a JWT with a registered kid but signed by another key gets AuthenticationError invalid_client',
    source: 'oauth_jwt (signed with the app\'s private key)',
    covers: ['jwt.header', 'jwt.error-messages'],
    needs: ['jwt'],
    async run(ctx) {
      const token = await signForTarget(ctx, { privateKey: strangerPrivateKey() });
      await expectSdkError(ctx, ctx.sdk.exchangeSignedJwt({ baseURL: ctx.baseURL, token }), 'AuthenticationError', 'invalid_client');
    },
  },
  {
    id: 'jwt.expired-jwt',
    title: 'an SDK-signed JWT whose exp has passed on the server\'s clock gets AuthenticationError invalid_client',
    source: 'oauth_jwt (exp); @coze/api getJWTToken (exp = iat + 3600)',
    covers: ['jwt.claims', 'jwt.sdk-exp-one-hour'],
    needs: ['jwt', 'clock'],
    timeoutMs: JWT_FAILURE_TIMEOUT_MS,
    async run(ctx) {
      await ctx.target.advanceClock(3600 + 300);
      await expectSdkError(ctx, ctx.sdk.getJWTToken(jwtConfig(ctx)), 'AuthenticationError', 'invalid_client');
    },
  },
  {
    id: 'jwt.empty-bearer',
    title: 'a jwt-bearer request without a JWT gets HTTP 401 invalid_client (raw HTTP)',
    source: 'contract row jwt.error-messages ("verify jwt empty error", seen on Coze)',
    covers: ['jwt.error-messages', 'errors.both-shapes-4xx'],
    needs: ['jwt'],
    async run(ctx) {
      const reply = await raw(ctx, 'POST', ENDPOINTS.token, {
        json: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', duration_seconds: 900 },
        headers: { authorization: 'Bearer ' },
      });
      expectReply(reply, 401);
      assert.equal(reply.body?.error_code, 'invalid_client');
    },
  },
  {
    id: 'jwt.typ-required',
    title: 'a JWT without the header typ "JWT" gets HTTP 401 invalid_client; with it, a token',
    source: 'oauth_jwt (Header table: typ required, fixed to JWT); every SDK sets it (coze-js, coze-py _gen_jwt, coze-go generateJWT, coze-java generateJWT)',
    covers: ['jwt.header', 'jwt.typ-required'],
    needs: ['jwt'],
    async run(ctx) {
      const jwt = ctx.cred('jwt');
      const style = { aud: jwt.aud, lifetimeSeconds: 3600, jtiHexLength: 64 };
      const without = await exchangeJwtRaw(ctx, jwt, { ...style, typ: null }, { duration_seconds: 900 });
      expectReply(without, 401);
      assert.equal(without.body?.error_code, 'invalid_client', `a JWT without typ must be refused: ${without.text.slice(0, 200)}`);
      expectTokenBody(await exchangeJwtRaw(ctx, jwt, style, { duration_seconds: 900 }), 'czs_');
    },
  },
  {
    id: 'jwt.account-owner-uid',
    title: 'the account path accepts the workspace owner\'s user id as account_id (personal edition)',
    source: 'oauth_jwt_collaborate (account_id: on the personal edition the owner UID of the workspace); coze-js getJWTToken accountId ("same as user id")',
    covers: ['jwt.account-path', 'hosts.endpoint-paths'],
    needs: ['jwt', 'accountId'],
    async run(ctx) {
      const ownerId = targetUserId(ctx);
      const jwt = ctx.cred('jwt');
      const reply = await exchangeJwtRaw(ctx, jwt, { aud: jwt.aud, lifetimeSeconds: 3600, jtiHexLength: 64 }, { duration_seconds: 900 }, ENDPOINTS.accountToken(ownerId));
      expectTokenBody(reply, 'czs_');
    },
  },
  {
    id: 'jwt.enterprise-path',
    title: 'POST /api/permission/oauth2/enterprise_id/{id}/token with a JWT gets a czs_ token (raw HTTP: no SDK API)',
    source: 'oauth_jwt_privilege (enterprise path)',
    covers: ['hosts.endpoint-paths', 'token.jwt-grant'],
    needs: ['jwt', 'enterpriseId'],
    async run(ctx) {
      const reply = await raw(ctx, 'POST', ENDPOINTS.enterpriseToken(ctx.cred('enterpriseId')), {
        json: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', duration_seconds: 900 },
        headers: { authorization: `Bearer ${await signForTarget(ctx)}` },
      });
      expectReply(reply, 200);
      await expectTokenReply(ctx, reply.body, { prefix: 'czs_', refresh: false, lifetimeSeconds: 900 });
    },
  },
]);
