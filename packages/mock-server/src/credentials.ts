import { parseJsonText } from './json/limits.js';

/**
 * What a credential is, declared once: the prefixes the mock's issuers put on what they hand out, the names a
 * credential goes by, and the shapes that give one away. The journal (journal/redact.ts) and the recorder
 * (record/redact.ts) each hide what this module finds, in their own way.
 */

/** The prefixes of the credentials the mock hands out (tokens.ts, the authorize route, the PAT fixtures). */
export const CREDENTIAL_PREFIX = {
  /** A user access token (oauth_code examples: `czu_…`). */
  userAccessToken: 'czu_',
  /** A service access token of the JWT flow (`czs_…`). */
  serviceAccessToken: 'czs_',
  /** A personal access token. */
  pat: 'pat_',
  /** An authorization code (the mock's own shape; Coze's codes are opaque). */
  authorizationCode: 'code_',
} as const;

/** Every token prefix a credential may carry, the mock's and Coze's (`sat_`, a service access token), with its kind. */
const KIND_OF_PREFIX: Readonly<Record<string, string>> = {
  [CREDENTIAL_PREFIX.pat]: 'pat',
  [CREDENTIAL_PREFIX.userAccessToken]: 'access_token',
  [CREDENTIAL_PREFIX.serviceAccessToken]: 'access_token',
  sat_: 'access_token',
  [CREDENTIAL_PREFIX.authorizationCode]: 'code',
};

/** Credential names, normalised (see {@link normaliseName}). */
const CREDENTIAL_NAMES = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'client_secret',
  'secret',
  'assertion',
  'client_assertion',
  'jwt',
  'code',
  'auth_code',
  'authorization_code',
  'code_verifier',
  'device_code',
  'user_code',
  'password',
  'passwd',
  'pwd',
  'api_key',
  'apikey',
  'private_key',
  'csrf_token',
  'authorize_key',
  'authorization',
  'cookie',
  'session',
  'session_id',
  'sessionid',
  'credential',
  'credentials',
]);
/** Name endings that make a credential of any name (`session_token`, `app_secret`, `signing_key`). */
const CREDENTIAL_SUFFIXES = ['_token', '_secret', '_password', '_key', '_verifier', '_assertion', '_credential'];

/**
 * A field name in one spelling: lower snake case, `-`, `.` and spaces as `_`, camelCase split.
 *
 * @example
 * normaliseName('clientSecret'); // 'client_secret'
 * normaliseName('Client-Secret'); // 'client_secret'
 */
export function normaliseName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s.-]+/g, '_')
    .toLowerCase();
}

/**
 * The kind of credential a field, parameter or header is named for (its normalised name), or undefined. Names in
 * bracket notation count by each part: `client_secret[]`, `user[password]`, `a[0][token]`.
 *
 * @example
 * credentialKindOfName('Code-Verifier'); // 'code_verifier'
 * credentialKindOfName('user[password]'); // 'password'
 * credentialKindOfName('state'); // undefined
 */
export function credentialKindOfName(name: string): string | undefined {
  for (const part of name.split(/[[\]]+/)) {
    if (!part) continue;
    const normal = normaliseName(part);
    if (CREDENTIAL_NAMES.has(normal) || CREDENTIAL_SUFFIXES.some((suffix) => normal.endsWith(suffix))) return normal;
  }
  return undefined;
}

/** Whether a field of this name holds a credential ({@link credentialKindOfName}). */
export const isCredentialName = (name: string): boolean => credentialKindOfName(name) !== undefined;

/** A token prefix and at least 20 letters or digits (`code_challenge` is a name, not a code). */
const PREFIXED = new RegExp(`\\b(${Object.keys(KIND_OF_PREFIX).join('|')})[A-Za-z0-9]{20,}`, 'g');
/** Three base64url segments, the last one possibly empty: a compact JWS (and a JWE's first three). */
const COMPACT_JWS = /\b[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** 32 or more letters and digits with both in them: the unprefixed random credentials (refresh tokens, secrets). */
const RANDOM_TOKEN = /^(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32,}$/;

/** Whether a compact serialisation is a JWT: its first segment decodes to a JSON object with an `alg`. */
function isJwt(value: string): boolean {
  const header = parseJsonText(Buffer.from(value.slice(0, value.indexOf('.')), 'base64url').toString('utf8'));
  return header.ok && !!header.value && typeof header.value === 'object' && 'alg' in header.value;
}

/**
 * Every credential found in free text by its shape (a JWT, a token with a Coze or mock prefix), with its kind, in
 * order of appearance.
 *
 * @example
 * credentialsInText('Bearer czu_0123456789abcdefghijABCD and eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIn0.c2ln');
 * // [{ value: 'czu_0123…', kind: 'access_token' }, { value: 'eyJ…', kind: 'jwt' }]
 */
export function credentialsInText(text: string): { value: string; kind: string }[] {
  const found: { value: string; kind: string; at: number }[] = [];
  for (const match of text.matchAll(PREFIXED)) found.push({ value: match[0], kind: KIND_OF_PREFIX[match[1] as string] as string, at: match.index });
  for (const match of text.matchAll(COMPACT_JWS)) if (isJwt(match[0])) found.push({ value: match[0], kind: 'jwt', at: match.index });
  return found.sort((a, b) => a.at - b.at).map(({ value, kind }) => ({ value, kind }));
}

/**
 * The kind of credential a whole value is by its shape (`jwt`, `pat`, `access_token`, `code`), or undefined.
 *
 * @example
 * credentialKindOfValue('pat_' + 'x'.repeat(30)); // 'pat'
 */
export function credentialKindOfValue(value: string): string | undefined {
  const [first] = credentialsInText(value);
  return first && first.value === value.trim() ? first.kind : undefined;
}

/**
 * Whether a value holds a credential by its shape alone: a JWT or a prefixed token anywhere in it, a PEM private key,
 * or a value that is wholly a long random token (refresh tokens, device codes and client secrets have no prefix).
 *
 * @example
 * looksLikeCredential('Bearer eyJhbGciOi….eyJpc3Mi….sig'); // true
 * looksLikeCredential('authorization_code'); // false
 */
export function looksLikeCredential(value: string): boolean {
  if (value.length < 12) return false;
  return RANDOM_TOKEN.test(value) || PRIVATE_KEY.test(value) || credentialsInText(value).length > 0;
}
