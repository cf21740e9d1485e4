import type * as CozeSdk from '@coze/api';
import { signJwtLikeSdk } from './sign-jwt.js';

/** The module shape of `@coze/api` (typed from 1.3.9; older versions miss some members at run time). */
export type CozeSdkModule = typeof CozeSdk;

/** Error classes every published version exports; checks use the loaded version's own classes for instanceof. */
export type SdkErrorName =
  | 'APIError'
  | 'BadRequestError'
  | 'AuthenticationError'
  | 'PermissionDeniedError'
  | 'NotFoundError'
  | 'RateLimitError'
  | 'InternalServerError';

/** JWT request in the ≥ 1.0.14 shape. */
export type JwtRequest = CozeSdk.JWTTokenConfig;

/** One loaded SDK version with the few call shapes that changed across versions made uniform. */
export interface SdkAdapter {
  /** What the report calls it, e.g. `1.2.0` or `latest (1.3.9)`. */
  label: string;
  /** `version` of the loaded package.json. */
  version: string;
  /** Where it was loaded from (a package name or a directory). */
  from: string;
  api: CozeSdkModule;
  has: {
    /** `client.users.me()` (1.3.5+). */
    usersMe: boolean;
    /** `getJWTToken` signs the JWT itself (1.0.14+); before, it takes a pre-signed `token`. */
    signsJwt: boolean;
  };
  /** `getJWTToken` with the ≥ 1.0.14 config; on older versions the JWT is signed here the way later SDKs do. */
  getJWTToken(config: JwtRequest): Promise<CozeSdk.JWTToken>;
  /** Exchanges an already signed JWT through the SDK (`_getJWTToken`, or `getJWTToken({token})` before 1.0.14). */
  exchangeSignedJwt(config: { baseURL: string; token: string; durationSeconds?: number; accountId?: string }): Promise<CozeSdk.JWTToken>;
  /** A `CozeAPI` client for a token. */
  client(token: string, baseURL: string): InstanceType<CozeSdkModule['CozeAPI']>;
  /** Whether `error` is an instance of this version's error class `name`. */
  isError(error: unknown, name: SdkErrorName): boolean;
}

/** The pre-1.0.14 `getJWTToken` config (snake_case, pre-signed token). */
type LegacyJwtConfig = { baseURL?: string; token: string; duration_seconds?: number; scope?: unknown };

/**
 * Wraps a loaded `@coze/api` module.
 *
 * @example
 * const sdk = adaptSdk(await import('cz-sdk-1.2.0'), { label: '1.2.0', version: '1.2.0', from: 'cz-sdk-1.2.0' });
 * await sdk.getJWTToken({ baseURL, appId, keyid, aud, privateKey });
 */
export function adaptSdk(api: CozeSdkModule, meta: { label: string; version: string; from: string }): SdkAdapter {
  const signsJwt = typeof (api as Partial<CozeSdkModule>)._getJWTToken === 'function';
  const legacyGetJwt = api.getJWTToken as unknown as (config: LegacyJwtConfig) => Promise<CozeSdk.JWTToken>;
  const exchangeSignedJwt: SdkAdapter['exchangeSignedJwt'] = ({ baseURL, token, durationSeconds, accountId }) =>
    signsJwt
      ? api._getJWTToken({ baseURL, token, ...(durationSeconds === undefined ? {} : { durationSeconds }), ...(accountId ? { accountId } : {}) })
      : legacyGetJwt({ baseURL, token, ...(durationSeconds === undefined ? {} : { duration_seconds: durationSeconds }) });
  return {
    ...meta,
    api,
    has: { usersMe: typeof (api as Partial<CozeSdkModule>).Users === 'function', signsJwt },
    async getJWTToken(config) {
      if (signsJwt) return api.getJWTToken(config);
      const token = await signJwtLikeSdk({
        appId: config.appId,
        keyId: config.keyid,
        privateKey: config.privateKey,
        aud: config.aud,
        ...(config.sessionName ? { sessionName: config.sessionName } : {}),
      });
      return legacyGetJwt({
        ...(config.baseURL ? { baseURL: config.baseURL } : {}),
        token,
        duration_seconds: config.durationSeconds ?? 900,
        ...(config.scope ? { scope: config.scope } : {}),
      });
    },
    exchangeSignedJwt,
    client: (token, baseURL) => new api.CozeAPI({ token, baseURL }),
    isError: (error, name) => {
      const cls = (api as unknown as Record<string, unknown>)[name];
      return typeof cls === 'function' && error instanceof (cls as new (...args: never[]) => unknown);
    },
  };
}
