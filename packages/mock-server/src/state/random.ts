import { randomFillSync } from 'node:crypto';
import { BASE62 } from '../fixtures/seeded-random.js';

/**
 * Unpredictable strings from the OS's CSPRNG (never the fixture seed): codes, tokens, CSRF values, log ids.
 * Bytes come from a pooled buffer refilled 16 KiB at a time, and each string is decoded once from a byte buffer, so
 * a 64-character token is one flat 64-byte string, not a chain of one-character concatenations.
 */

const POOL_BYTES = 16 * 1024;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;
const scratch = Buffer.allocUnsafe(512);
const alphabetCodes = new Map<string, Uint8Array>();

function codesOf(alphabet: string): Uint8Array {
  let codes = alphabetCodes.get(alphabet);
  if (!codes) {
    codes = Uint8Array.from(alphabet, (ch) => ch.charCodeAt(0));
    alphabetCodes.set(alphabet, codes);
  }
  return codes;
}

/**
 * A random string of `length` characters from `alphabet` (ASCII, at most 256 characters), uniform by rejection
 * sampling, after an optional ASCII `prefix` written into the same flat string.
 *
 * @example
 * randomToken(48); // 'q3Xh…'
 * randomToken(15, '0123456789ABCDEF');
 * randomToken(64, BASE62, 'czu_'); // one flat string, prefix included
 */
export function randomToken(length: number, alphabet = BASE62, prefix = ''): string {
  const codes = codesOf(alphabet);
  const size = codes.length;
  const limit = 256 - (256 % size);
  const total = prefix.length + length;
  const out = total <= scratch.length ? scratch : Buffer.allocUnsafe(total);
  let n = out.write(prefix, 0, 'latin1');
  while (n < total) {
    if (poolOffset === POOL_BYTES) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const byte = pool[poolOffset++] as number;
    if (byte < limit) out[n++] = codes[byte % size] as number;
  }
  return out.toString('latin1', 0, total);
}
