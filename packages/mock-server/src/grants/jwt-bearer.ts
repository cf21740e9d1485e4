import { createPublicKey } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, importSPKI, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import * as z from 'zod';
import { OAuthError, oauthErrors } from '../errors.js';
import { appTypesWith, type App, type JwtKey } from '../fixtures/types.js';
import { issueServiceToken, tokenReply, type TokenReply } from '../tokens.js';
import { constrainToBots, resolveScope } from './jwt-scope.js';
import { grantAllows, parseGrantBody, type Grant, type GrantRequest } from './shared.js';

/** oauth_jwt: `duration_seconds` defaults to 900 and may be at most 86399. */
export const JWT_DURATION = { default: 900, min: 1, max: 86_399 } as const;
/** A JWT that claims to live longer than a day is not sane (Go/Java sign `exp = iat + ttl`, ttl ≤ 86399). */
const MAX_JWT_LIFETIME_SECONDS = 86_400;

const bodySchema = z.object({
  duration_seconds: z
    .number({ message: 'must be an integer number of seconds' })
    .int('must be an integer number of seconds')
    .min(JWT_DURATION.min, `must be at least ${JWT_DURATION.min}`)
    .max(JWT_DURATION.max, `must be at most ${JWT_DURATION.max}`)
    .optional(),
  // Checked by jwt-scope.ts, and only for channel apps (oauth_jwt_channel).
  scope: z.unknown().optional(),
});

const badJwt = (why: string) => oauthErrors.invalidClient(`invalid jwt: ${why}`);

// jose verifies with WebCrypto: hand it a CryptoKey imported once per key, not a KeyObject it must convert each time.
const keyCache = new WeakMap<JwtKey, Promise<CryptoKey>>();
const verificationKeyOf = (key: JwtKey): Promise<CryptoKey> => {
  let imported = keyCache.get(key);
  if (!imported) {
    imported = importSPKI(createPublicKey(key.publicKey).export({ type: 'spki', format: 'pem' }).toString(), 'RS256');
    keyCache.set(key, imported);
  }
  return imported;
};

const findKey = (request: GrantRequest, kid: string): { app: App; key: JwtKey } | undefined => request.mock.live.findJwtKey(kid);

/** Maps jose's verdicts to Coze-shaped `invalid_client` errors that say which claim failed. */
function explainJoseError(error: unknown): OAuthError {
  if (error instanceof joseErrors.JWTExpired) return badJwt('exp is in the past');
  if (error instanceof joseErrors.JWTClaimValidationFailed) return badJwt(`claim ${error.claim} ${error.reason === 'missing' ? 'is missing' : 'is not accepted'}`);
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return badJwt('signature verification failed');
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return badJwt('alg must be RS256');
  return badJwt('malformed token');
}

/**
 * An `account_id` the account path accepts (oauth_jwt_collaborate): on the personal edition the user id of a
 * workspace's owner, in the enterprise multi-organisation case the organisation id (the fixtures' `accountId`).
 */
const isKnownAccount = (request: GrantRequest, accountId: string): boolean =>
  accountId === request.mock.fixtures.accountId || request.mock.fixtures.workspaces.some((w) => w.owner_uid === accountId);

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` (oauth_jwt), on the plain, account and enterprise paths.
 * Checks, in order: a bearer JWT is present; RS256; `typ` JWT; a registered `kid`; the signature; `iss` = app id; `aud` accepted;
 * `iat`/`exp` sane within the clock tolerance; a `jti` never seen before (single use); `duration_seconds` 1..86399.
 * Only a JWT that passes every check marks its `jti` used.
 *
 * @example
 * await jwtBearerGrant.exchange(request); // { access_token: 'czs_…', expires_in: <now + duration_seconds> }
 */
async function verifyAndIssue(request: GrantRequest, verified: (header: ProtectedHeaderParameters, claims: JWTPayload, appId: string) => void): Promise<TokenReply> {
  const { mock } = request;
  const body = parseGrantBody(bodySchema, request.body);
  const jwt = request.bearer;
  // Seen on real Coze when the header carries no token.
  if (!jwt) throw oauthErrors.invalidClient('verify jwt empty error');

  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw badJwt('malformed token');
  }
  if (header.alg !== 'RS256') throw badJwt('alg must be RS256');
  // oauth_jwt Header table: typ is required and fixed to JWT; every official SDK sets it.
  if (header.typ !== 'JWT' && !mock.deviations.has('jwt-typ-not-checked')) throw badJwt('typ must be JWT');
  // Real Coze's wording, typo included, so log scrapers written against it keep working.
  if (typeof header.kid !== 'string' || !header.kid) throw badJwt('kid not been registred');
  const found = findKey(request, header.kid);
  if (!found) throw badJwt('kid not been registred');
  const { app, key } = found;
  request.noteClient(app.clientId);
  if (!grantAllows(jwtBearerGrant, app.type)) throw oauthErrors.invalidAppType();
  if (app.disabled) throw oauthErrors.appDeactivated(app.name);

  const tolerance = mock.lifetimes.jwtClockToleranceSeconds;
  // Configured audiences and the mock's own origins, never the client's Host header (anyone can send any Host).
  const audiences = mock.origins.audiences();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(jwt, await verificationKeyOf(key), {
      algorithms: ['RS256'],
      issuer: app.clientId,
      // jose only reads the list: no copy per request.
      audience: audiences as string[],
      currentDate: new Date(mock.clock.now()),
      clockTolerance: tolerance,
      requiredClaims: ['iat', 'exp', 'jti'],
    }));
  } catch (error) {
    throw explainJoseError(error);
  }
  const now = mock.clock.nowSeconds();
  const iat = payload.iat as number;
  const exp = payload.exp as number;
  if (iat > now + tolerance) throw badJwt('iat is in the future');
  if (exp <= iat) throw badJwt('exp must be after iat');
  if (exp - iat > MAX_JWT_LIFETIME_SECONDS) throw badJwt(`exp may be at most ${MAX_JWT_LIFETIME_SECONDS} s after iat`);
  if (typeof payload.jti !== 'string' || !payload.jti || payload.jti.length > 256) throw badJwt('jti must be a non-empty string');
  const sessionName = payload.session_name;
  if (sessionName !== undefined && (typeof sessionName !== 'string' || sessionName.length > 256)) {
    throw badJwt('session_name must be a string of at most 256 characters');
  }
  const jtiKey = `${app.clientId}\u0000${payload.jti}`;
  if (mock.store.usedJwtIds.get(jtiKey) && !mock.deviations.has('jti-not-enforced')) throw badJwt('jti has already been used');

  const { account_id: accountId, enterprise_id: enterpriseId } = request.pathParams;
  if (accountId !== undefined && !isKnownAccount(request, accountId)) {
    throw oauthErrors.invalidRequest('account_id', 'unknown account: use a workspace owner\'s user id or the organisation id');
  }
  if (enterpriseId !== undefined && enterpriseId !== mock.fixtures.enterpriseId) {
    throw oauthErrors.invalidRequest('enterprise_id', 'unknown enterprise');
  }
  const granted = resolveScope(mock, app, body.scope);

  mock.store.accessTokens.reserve();
  mock.store.usedJwtIds.add(jtiKey, { expiresAtMs: (exp + tolerance) * 1000 });
  const access = issueServiceToken(mock, {
    grant: jwtBearerGrant.name,
    appId: app.clientId,
    userId: app.ownerUserId,
    permissions: granted.permissions,
    durationSeconds: body.duration_seconds ?? JWT_DURATION.default,
    ...(typeof sessionName === 'string' ? { sessionName } : {}),
    ...(accountId === undefined ? {} : { accountId }),
    ...(enterpriseId === undefined ? {} : { enterpriseId }),
  });
  constrainToBots(access, granted.botIds);
  verified(header, payload, app.clientId);
  return tokenReply(mock, access);
}

/** Longest JWT the journal decodes for the inspector (a header can hold up to Node's 16 KiB). */
const MAX_DECODED_JWT = 8192;

/** A decoded header or jose's verified claims as the journal's plain record (each made fresh per request; nothing else holds them). */
const asRecord = (part: ProtectedHeaderParameters | JWTPayload): Record<string, unknown> => part as Record<string, unknown>;

/** A part of the JWT as the journal keeps it, or undefined if it does not decode. */
function decodedPart(decode: () => unknown): Record<string, unknown> | undefined {
  try {
    const part = decode();
    return part && typeof part === 'object' ? (part as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies and issues, noting the JWT for the journal: its header and claims (never the signature) and the verdict. */
async function exchangeJwt(request: GrantRequest): Promise<TokenReply> {
  const jwt = request.bearer;
  if (!jwt || jwt.length > MAX_DECODED_JWT) return verifyAndIssue(request, () => {});
  try {
    // A verified JWT is noted with the header and claims decoded while verifying it: no second decode per exchange.
    return await verifyAndIssue(request, (header, claims, appId) =>
      request.noteJwt({ header: asRecord(header), claims: asRecord(claims), verdict: { verified: true, kid: header.kid as string, appId } }),
    );
  } catch (error) {
    const verdict = { verified: false as const, reason: error instanceof OAuthError ? error.message : 'refused' };
    request.noteJwt({ header: decodedPart(() => decodeProtectedHeader(jwt)), claims: decodedPart(() => decodeJwt(jwt)), verdict });
    throw error;
  }
}

/** The JWT grant (oauth_jwt, oauth_jwt_channel): service apps sign an RS256 JWT, on the plain, account and enterprise paths. */
export const jwtBearerGrant = {
  grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  name: 'jwt_bearer',
  paths: ['token', 'accountToken', 'enterpriseToken'],
  appTypes: appTypesWith('signsJwt'),
  exchange: exchangeJwt,
} as const satisfies Grant;
