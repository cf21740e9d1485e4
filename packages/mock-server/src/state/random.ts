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
/** Per alphabet, byte → character code, or 0 for the bytes rejection sampling throws away. */
const byteTables = new Map<string, Uint8Array>();

function byteTableOf(alphabet: string): Uint8Array {
  let table = byteTables.get(alphabet);
  if (!table) {
    const limit = 256 - (256 % alphabet.length);
    table = new Uint8Array(256);
    for (let byte = 0; byte < limit; byte++) table[byte] = alphabet.charCodeAt(byte % alphabet.length);
    byteTables.set(alphabet, table);
  }
  return table;
}

/**
 * A random string of `length` characters from `alphabet` (ASCII, at most 256 characters, no NUL), uniform by
 * rejection sampling, after an optional ASCII `prefix` written into the same flat string.
 *
 * @example
 * randomToken(48); // 'q3Xh…'
 * randomToken(15, '0123456789ABCDEF');
 * randomToken(64, BASE62, 'czu_'); // one flat string, prefix included
 */
export function randomToken(length: number, alphabet = BASE62, prefix = ''): string {
  const table = byteTableOf(alphabet);
  const total = prefix.length + length;
  const out = total <= scratch.length ? scratch : Buffer.allocUnsafe(total);
  let n = prefix ? out.write(prefix, 0, 'latin1') : 0;
  while (n < total) {
    if (poolOffset === POOL_BYTES) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const code = table[pool[poolOffset++] as number] as number;
    if (code !== 0) out[n++] = code;
  }
  return out.toString('latin1', 0, total);
}
