import { authorizationCodeGrant } from './authorization-code.js';
import { deviceCodeGrant } from './device-code.js';
import { jwtBearerGrant } from './jwt-bearer.js';
import { refreshTokenGrant } from './refresh-token.js';
import type { Grant } from './shared.js';

export type { Grant, GrantRequest, TokenPath } from './shared.js';

/**
 * Every grant of the token endpoint (docs/contract.md#token.reply-shape), one module each. The token route registers
 * the paths they name and dispatches on `grant_type` from this list alone: adding a grant is one new module and one
 * entry here.
 */
export const GRANTS = [authorizationCodeGrant, refreshTokenGrant, deviceCodeGrant, jwtBearerGrant] as const satisfies readonly Grant[];

/** The `grant_type` values the token endpoint accepts. */
export type GrantType = (typeof GRANTS)[number]['grantType'];

/** The short names recorded on issued tokens (`authorization_code`, `jwt_bearer` …). */
export type GrantName = (typeof GRANTS)[number]['name'];

export { authorizationCodeGrant, deviceCodeGrant, jwtBearerGrant, refreshTokenGrant };
