import { OAUTH_PREFIX } from '../endpoints.js';
import { fingerprintOf } from '../fingerprint.js';
import { parseJsonText, valueNestsDeeperThan } from '../json/limits.js';
import { redactHeader, redactJson, redactPath, redactQuery } from './redact.js';
import type { DecodedJwt, JournalEntry, JournalRecord } from './types.js';

/**
 * A journal entry as the control API shows it, made from a stored record when somebody reads the journal: credentials
 * redacted (redact.ts), bodies read back through the bounded parser, tokens shown as fingerprints.
 */

/** The body as an object with credentials redacted: a JSON object or a form; anything else (or a cut body) is left out. */
function redactBody(text: string, contentType: string | undefined): Record<string, unknown> | undefined {
  if (/^\s*application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) {
    const fields: Record<string, unknown> = {};
    // Data properties even for `__proto__`: a field of that name is shown, not made a prototype.
    for (const [key, value] of new URLSearchParams(text)) Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
    return redactJson(fields) as Record<string, unknown>;
  }
  const json = parseJsonText(text);
  const parsed = json.ok ? json.value : undefined;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  return redactJson(parsed) as Record<string, unknown>;
}

function headersOf(record: JournalRecord): Record<string, string> {
  const out: Record<string, string> = {};
  const sent = { authorization: record.authorization, 'content-type': record.contentType, cookie: record.cookie, 'user-agent': record.userAgent };
  for (const [name, value] of Object.entries(sent)) if (value !== undefined) out[name] = redactHeader(name, value);
  return out;
}

/** The token a request presented: an OpenAPI bearer (on the OAuth paths the bearer is a client secret or a JWT), or a refresh token. */
function presentedToken(record: JournalRecord): string | undefined {
  if (!record.path.startsWith(OAUTH_PREFIX)) return /^\s*Bearer\s+(\S+)\s*$/i.exec(record.authorization ?? '')?.[1];
  if (record.grantType !== 'refresh_token' || record.bodyText === undefined) return undefined;
  const json = parseJsonText(record.bodyText);
  const token = json.ok ? (json.value as { refresh_token?: unknown } | null)?.refresh_token : undefined;
  return typeof token === 'string' && token ? token : undefined;
}

function fingerprintsOf(record: JournalRecord): Pick<JournalEntry, 'tokenFingerprint' | 'issuedFingerprints'> {
  const presented = presentedToken(record);
  const { issued } = record;
  return {
    ...(presented ? { tokenFingerprint: fingerprintOf(presented) } : {}),
    ...(issued
      ? { issuedFingerprints: { accessToken: fingerprintOf(issued.access_token), ...(issued.refresh_token ? { refreshToken: fingerprintOf(issued.refresh_token) } : {}) } }
      : {}),
  };
}

/** A decoded JWT as the journal shows it: a header or claims nested past the JSON limit are left out, values redacted by shape. */
function shownJwt(jwt: DecodedJwt): DecodedJwt {
  const shown = (part: Record<string, unknown> | undefined) => (part === undefined || valueNestsDeeperThan(part) ? undefined : (redactJson(part) as Record<string, unknown>));
  return { header: shown(jwt.header), claims: shown(jwt.claims), verdict: jwt.verdict };
}

/** An entry as the control API shows it; `bodySize` is the body's size as sent (-1: none). */
export function toEntry(seq: number, record: JournalRecord, bodySize: number): JournalEntry {
  const headers = headersOf(record);
  // A cut body is shorter than it was: it lost at least one character, so at least one byte.
  const cut = record.bodyText !== undefined && bodySize > Buffer.byteLength(record.bodyText);
  const body = record.bodyText === undefined || cut ? undefined : redactBody(record.bodyText, record.contentType);
  return {
    seq,
    at: record.at,
    method: record.method,
    path: redactPath(record.path),
    query: redactQuery(record.query),
    status: record.status,
    logid: record.logid,
    ...(record.grantType ? { grantType: record.grantType } : {}),
    ...(record.clientId ? { clientId: record.clientId } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
    ...(headers['user-agent'] ? { userAgent: headers['user-agent'] } : {}),
    headers,
    ...(body ? { body } : {}),
    ...(bodySize < 0 ? {} : { bodyBytes: bodySize }),
    ...(cut ? { bodyTruncated: true as const } : {}),
    ...(record.aborted ? { aborted: true as const } : {}),
    durationMs: record.durationMs,
    ...fingerprintsOf(record),
    ...(record.jwt ? { jwt: shownJwt(record.jwt) } : {}),
  };
}
