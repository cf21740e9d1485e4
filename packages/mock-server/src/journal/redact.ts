import { isCredentialName, looksLikeCredential } from '../credentials.js';

/**
 * How the journal hides credentials (credentials.ts says what one is), wherever they appear: query, headers, path,
 * JSON or form body at any depth. A member named like a credential (`client_secret[]`, `accessToken`, `Api-Key`) and
 * any value or key shaped like one (a JWT, a `czu_`/`czs_`/`pat_`/`code_` token, a PEM private key, a long random
 * token) becomes `[redacted]` whole.
 */

export const REDACTED = '[redacted]';

/** A string value as the journal shows it. */
export const redactString = (value: string): string => (looksLikeCredential(value) ? REDACTED : value);

/**
 * Redacts a parsed JSON value: credential members by name, any string by shape, keys that look like credentials
 * too. The input comes from the bounded parser (json/limits.ts), so the recursion is at most that deep.
 *
 * @example
 * redactJson({ nested: { accessToken: 'x' }, note: 'czu_abc123456789' }); // { nested: { accessToken: '[redacted]' }, note: '[redacted]' }
 */
export function redactJson(value: unknown): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(redactJson);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const shownKey = looksLikeCredential(key) ? REDACTED : key;
    // A data property even for `__proto__`, so a member of that name is shown, not turned into a prototype.
    Object.defineProperty(out, shownKey, { value: isCredentialName(key) ? REDACTED : redactJson(member), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Redacts credential values of a query string, by name and by shape, keeping everything else as sent.
 *
 * @example
 * redactQuery('?code=abc&state=xyz'); // '?code=[redacted]&state=xyz'
 */
export function redactQuery(query: string): string {
  if (query.length <= 1) return query;
  const params = new URLSearchParams(query);
  const out = new URLSearchParams();
  // A redacted name appears once, where it first did (`?code=a&code=b` → `?code=[redacted]`).
  const redacted = new Set<string>();
  for (const [key, value] of params) {
    if (!isCredentialName(key) && !looksLikeCredential(value) && !looksLikeCredential(key)) {
      out.append(key, value);
      continue;
    }
    const shown = looksLikeCredential(key) ? REDACTED : key;
    if (!redacted.has(shown)) out.append(shown, REDACTED);
    redacted.add(shown);
  }
  const changed = redacted.size > 0;
  return changed ? `?${out.toString().replaceAll('%5Bredacted%5D', REDACTED)}` : query;
}

/** A path with any segment that looks like a credential redacted. */
export function redactPath(path: string): string {
  return path.length < 12 ? path : path.split('/').map((segment) => redactString(decodeSafely(segment)) === REDACTED ? REDACTED : segment).join('/');
}

const decodeSafely = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** A request header's value as the journal shows it: the scheme of `Authorization`, cookie names, else by shape. */
export function redactHeader(name: string, value: string): string {
  if (name === 'authorization') return value.replace(/^(\s*\S+)\s+.*$/s, `$1 ${REDACTED}`).replace(/^[^\s]+$/, REDACTED);
  if (name === 'cookie') return value.replace(/=([^;]*)/g, `=${REDACTED}`);
  return redactString(value.slice(0, 200));
}
