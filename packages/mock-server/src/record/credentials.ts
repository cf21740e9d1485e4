import { CREDENTIAL_FIELDS } from '../journal.js';

/**
 * What counts as a credential when recording: by name (the journal's credential fields, plus a few that only appear
 * on real Coze traffic), and by shape (a JWT, or a token with a Coze or mock prefix). This is the one place the
 * recorder asks; it is built on the journal's list so that a hardened journal redaction (names normalised, shapes)
 * can take its place without touching the recorder.
 */

/** Names the journal does not list but a recording may carry (the device flow's user code, cookies' usual names). */
const RECORD_ONLY_FIELDS = ['user_code', 'id_token', 'api_key', 'secret', 'password', 'session', 'session_id', 'sessionid'];

/** `Client-Secret`, `clientSecret` and `client_secret` are one name. */
const normalised = (name: string) => name.toLowerCase().replace(/[-_]/g, '');

const KIND_OF_NAME = new Map<string, string>(
  [...CREDENTIAL_FIELDS, ...RECORD_ONLY_FIELDS].map((name) => [normalised(name), name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()]),
);

/**
 * The credential kind a field, parameter or header is named for (`access_token` for `accessToken` too), or undefined.
 *
 * @example
 * credentialKindOfName('Code_Verifier'); // 'code_verifier'
 * credentialKindOfName('state'); // undefined
 */
export function credentialKindOfName(name: string): string | undefined {
  return KIND_OF_NAME.get(normalised(name));
}

/** Token prefixes: Coze's PAT and access tokens, and the mock's codes. At least 20 letters or digits after them. */
const PREFIXED = /\b(pat|czu|czs|sat|code)_[A-Za-z0-9]{20,}/g;
const KIND_OF_PREFIX: Record<string, string> = { pat: 'pat', czu: 'access_token', czs: 'access_token', sat: 'access_token', code: 'code' };
/** A compact JWS: base64url JSON header (`eyJ`), payload, optional signature. */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/**
 * Every credential found in free text by its shape, with its kind, in order of appearance.
 *
 * @example
 * credentialsInText('Bearer czu_0123456789abcdefghijABCD and eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIn0.c2ln');
 * // [{ value: 'czu_0123…', kind: 'access_token' }, { value: 'eyJ…', kind: 'jwt' }]
 */
export function credentialsInText(text: string): { value: string; kind: string }[] {
  const found: { value: string; kind: string; at: number }[] = [];
  for (const match of text.matchAll(PREFIXED)) found.push({ value: match[0], kind: KIND_OF_PREFIX[match[1] as string] as string, at: match.index });
  for (const match of text.matchAll(JWT)) if (isJwt(match[0])) found.push({ value: match[0], kind: 'jwt', at: match.index });
  return found.sort((a, b) => a.at - b.at).map(({ value, kind }) => ({ value, kind }));
}

/** Whether a string is a JWT: its first segment decodes to a JSON object with an `alg`. */
function isJwt(value: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(value.slice(0, value.indexOf('.')), 'base64url').toString('utf8')) as unknown;
    return !!header && typeof header === 'object' && 'alg' in header;
  } catch {
    return false;
  }
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

/** Request and response headers whose whole value is a credential (besides `authorization`, `cookie`, `set-cookie`). */
export const CREDENTIAL_HEADERS = new Set(['proxy-authorization', 'x-api-key', 'x-auth-token', 'x-access-token', 'x-csrf-token', 'x-xsrf-token']);
