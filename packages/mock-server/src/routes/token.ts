import { Hono, type Context } from 'hono';
import * as z from 'zod';
import type { MockContext, MockEnv } from '../context.js';
import { ENDPOINTS } from '../endpoints.js';
import { oauthErrors } from '../errors.js';
import { GRANTS, type Grant, type GrantRequest, type TokenPath } from '../grants/index.js';
import { bearerOf, readJsonBody } from '../http.js';
import type { DecodedJwt } from '../journal.js';
import { introspectionView } from '../tokens.js';

const envelopeSchema = z.object({ grant_type: z.string({ message: 'required' }).min(1, 'required').max(128) }).loose();

/** `grant_type` → grant, from the one list (a Map: `constructor` or `__proto__` must not reach Object.prototype). */
const GRANT_BY_TYPE: ReadonlyMap<string, Grant> = new Map(GRANTS.map((grant) => [grant.grantType, grant]));

/** Every token path some grant answers on. */
const TOKEN_PATHS: readonly TokenPath[] = [...new Set(GRANTS.flatMap((grant) => grant.paths))];

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

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
    readonly pathParams: Readonly<Record<string, string>>,
  ) {}

  noteClient(clientId: string): void {
    this.c.set('clientId', clientId);
  }

  noteJwt(decoded: DecodedJwt): void {
    this.c.set('jwt', decoded);
  }
}

async function handleTokenRequest(c: Context<MockEnv>, mock: MockContext, path: TokenPath) {
  const body = await readJsonBody(c, mock, envelopeSchema);
  c.set('grantType', body.grant_type);
  const grant = GRANT_BY_TYPE.get(body.grant_type);
  // A grant answers only on the paths it names (the account and enterprise paths are the JWT flow's, oauth_jwt).
  if (!grant || !grant.paths.includes(path)) throw oauthErrors.unsupportedGrantType(body.grant_type);
  const pathParams = path === 'token' ? NO_PARAMS : c.req.param();
  const issued = grant.exchange(new TokenRequest(mock, body, bearerOf(c), c, pathParams));
  // Only the JWT grant is asynchronous: the others answer without another trip through the microtask queue.
  const reply = issued instanceof Promise ? await issued : issued;
  c.set('issued', reply);
  const hook = mock.options.onTokenReply;
  if (!hook) return c.json(reply);
  const context = { grantType: body.grant_type, clientId: c.get('clientId'), token: tokenView(mock, reply.access_token) };
  return c.json(await hook({ ...reply }, context));
}

/**
 * The token endpoint and its JWT-only variants: `POST /api/permission/oauth2/token`, `…/account/{account_id}/token`,
 * `…/enterprise_id/{enterprise_id}/token`, each as the grants list names them.
 *
 * @example
 * app.route('/', createTokenRoutes(mock));
 */
export function createTokenRoutes(mock: MockContext) {
  const routes = new Hono<MockEnv>();
  for (const path of TOKEN_PATHS) routes.post(ENDPOINTS[path], (c) => handleTokenRequest(c, mock, path));
  return routes;
}
