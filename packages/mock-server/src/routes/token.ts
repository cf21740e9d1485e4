import { Hono, type Context } from 'hono';
import * as z from 'zod';
import type { MockContext, MockEnv } from '../context.js';
import { oauthErrors } from '../errors.js';
import { exchangeAuthorizationCode } from '../grants/authorization-code.js';
import { exchangeDeviceCode } from '../grants/device-code.js';
import { exchangeJwt } from '../grants/jwt-bearer.js';
import { refreshAccessToken } from '../grants/refresh-token.js';
import type { GrantRequest } from '../grants/shared.js';
import { ENDPOINTS } from '../endpoints.js';
import { bodyCheckOf } from '../body-check.js';
import { bearerOf, readJsonBody } from '../http.js';
import { introspectionView, type TokenReply } from '../tokens.js';

/** Grant types of the token endpoint (docs/contract.md#token.reply-shape), one module each under grants/. */
export const GRANTS: Record<string, (request: GrantRequest) => TokenReply | Promise<TokenReply>> = {
  authorization_code: exchangeAuthorizationCode,
  refresh_token: refreshAccessToken,
  'urn:ietf:params:oauth:grant-type:device_code': exchangeDeviceCode,
  'urn:ietf:params:oauth:grant-type:jwt-bearer': exchangeJwt,
};

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const envelopeSchema = z.object({ grant_type: z.string({ message: 'required' }).min(1, 'required').max(128) }).loose();
const hasGrantType = bodyCheckOf(envelopeSchema);

function tokenView(mock: MockContext, token: string) {
  const record = mock.store.accessTokens.get(token);
  return record ? introspectionView(record) : undefined;
}

/** One token request as its grant sees it (a class: no closure built per request for `noteClient`). */
class TokenRequest implements GrantRequest {
  constructor(
    readonly mock: MockContext,
    readonly body: Record<string, unknown>,
    readonly bearer: string | undefined,
    private readonly c: Context<MockEnv>,
    readonly accountId: string | undefined,
    readonly enterpriseId: string | undefined,
  ) {}

  noteClient(clientId: string): void {
    this.c.set('clientId', clientId);
  }
}

async function handleTokenRequest(c: Context<MockEnv>, mock: MockContext, accountId?: string, enterpriseId?: string) {
  const body = await readJsonBody(c, mock, envelopeSchema, { check: hasGrantType });
  c.set('grantType', body.grant_type);
  // Own keys only: `constructor` or `__proto__` must not reach Object.prototype.
  const grant = Object.hasOwn(GRANTS, body.grant_type) ? GRANTS[body.grant_type] : undefined;
  if (!grant) throw oauthErrors.unsupportedGrantType(body.grant_type);
  // The account and enterprise paths exist for the JWT flow only (oauth_jwt).
  if ((accountId !== undefined || enterpriseId !== undefined) && body.grant_type !== JWT_GRANT) {
    throw oauthErrors.unsupportedGrantType(body.grant_type);
  }
  const issued = grant(new TokenRequest(mock, body, bearerOf(c), c, accountId, enterpriseId));
  // Only the JWT grant is asynchronous: the others answer without another trip through the microtask queue.
  const reply = issued instanceof Promise ? await issued : issued;
  const hook = mock.options.onTokenReply;
  if (!hook) return c.json(reply);
  const context = { grantType: body.grant_type, clientId: c.get('clientId'), token: tokenView(mock, reply.access_token) };
  return c.json(await hook({ ...reply }, context));
}

/**
 * The token endpoint and its JWT-only variants:
 * `POST /api/permission/oauth2/token`, `…/account/{account_id}/token`, `…/enterprise_id/{enterprise_id}/token`.
 *
 * @example
 * app.route('/', createTokenRoutes(mock));
 */
export function createTokenRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .post(ENDPOINTS.token, (c) => handleTokenRequest(c, mock))
    .post(ENDPOINTS.accountToken, (c) => handleTokenRequest(c, mock, c.req.param('account_id')))
    .post(ENDPOINTS.enterpriseToken, (c) =>
      handleTokenRequest(c, mock, undefined, c.req.param('enterprise_id')),
    );
}
