import { randomBytes } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';

/** Claims and key of a JWT signed the way `@coze/api` ≥ 1.0.14 signs it (oauth_jwt). */
export interface SdkStyleJwt {
  appId: string;
  keyId: string;
  privateKey: string;
  aud: string;
  sessionName?: string;
  /** Issued-at, seconds; default now (this machine's clock, as the SDK uses). */
  iat?: number;
  /** Lifetime in seconds; the JS SDK always signs 3600 (docs/contract.md#jwt.sdk-exp-one-hour). */
  lifetimeSeconds?: number;
  /** `jti`; default 64 random hex characters (the JS SDK's). coze-py, coze-go and coze-java send 16 hex. */
  jti?: string;
  /** Header `typ`; default `JWT` as every SDK sends; `null` leaves it out. */
  typ?: string | null;
}

/**
 * Signs a JWT with the header and claims the JS SDK uses: `{alg: RS256, typ: JWT, kid}`, `iss`, `aud`, `iat`,
 * `exp = iat + 3600`, a 64-hex `jti`, and `session_name` when given. For replaying one JWT (single use), for SDKs that
 * take a pre-signed JWT (1.0.4/1.0.5), and for the enterprise path the SDK lacks.
 *
 * @example
 * const jwt = await signJwtLikeSdk({ appId, keyId, privateKey, aud: 'api.coze.cn' });
 */
export async function signJwtLikeSdk(input: SdkStyleJwt): Promise<string> {
  const iat = input.iat ?? Math.floor(Date.now() / 1000);
  const key = await importPKCS8(input.privateKey, 'RS256');
  const typ = input.typ === undefined ? 'JWT' : input.typ;
  return new SignJWT({
    jti: input.jti ?? randomBytes(32).toString('hex'),
    ...(input.sessionName ? { session_name: input.sessionName } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: input.keyId, ...(typ === null ? {} : { typ }) })
    .setIssuer(input.appId)
    .setAudience(input.aud)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (input.lifetimeSeconds ?? 3600))
    .sign(key);
}
