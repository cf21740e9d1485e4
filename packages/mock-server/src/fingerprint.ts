import { createHash } from 'node:crypto';

/**
 * A token's fingerprint: the first 16 hex digits of its SHA-256. The journal, the inspector and the control API name
 * tokens by it, so a test that never held a token can still find and revoke it (`POST /__mock/tokens/revoke
 * {fingerprint}`), while nothing that shows it can be replayed as the token. The mock's tokens are random, 43 or more
 * characters: a fingerprint does not lead back to one.
 *
 * @example
 * fingerprintOf('czu_abc…'); // '3f0c9e1d2a7b4c55'
 */
export function fingerprintOf(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

/** Whether a string is shaped like a fingerprint (16 lower-case hex digits). */
export const isFingerprint = (value: string): boolean => /^[0-9a-f]{16}$/.test(value);
