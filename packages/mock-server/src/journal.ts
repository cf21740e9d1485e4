import { OAUTH_PREFIX } from './endpoints.js';
import { fingerprintOf } from './fingerprint.js';

/**
 * A JWT the app sent to the token endpoint, decoded when it arrived: header and claims, never the signature (without
 * it the JWT cannot be replayed), and the verdict: which key verified it, or why it was refused.
 */
export interface DecodedJwt {
  /** The protected header (`alg`, `typ`, `kid`); undefined when it did not decode. */
  header: Record<string, unknown> | undefined;
  /** The claims as sent, unverified (`iss`, `aud`, `iat`, `exp`, `jti`, `session_name` …); undefined when they did not decode. */
  claims: Record<string, unknown> | undefined;
  verdict: { verified: true; kid: string; appId: string } | { verified: false; reason: string };
}

/** One request the mock answered, as the control API's journal lists it. Credentials are redacted. */
export interface JournalEntry {
  seq: number;
  /** Mock-clock time of the request (ms). */
  at: number;
  method: string;
  path: string;
  /** The query string with every credential value replaced by `[redacted]` (`?code=[redacted]&state=xyz`). */
  query: string;
  /**
   * HTTP status; 499 when the client went away before the reply (then `aborted` is true); 444 when a scripted `drop`
   * (or a `hang` let go by reset) closed the connection without a reply.
   */
  status: number;
  logid: string;
  /** `grant_type` for token requests, when the body had one. */
  grantType?: string;
  clientId?: string;
  /** The OAuth `error` or OpenAPI `code` of a failed reply. */
  error?: string | number;
  userAgent?: string;
  /** `authorization`, `content-type`, `cookie`, `user-agent` as sent, credentials redacted. */
  headers: Record<string, string>;
  /** The JSON or form body the route read, credential members redacted. */
  body?: Record<string, unknown>;
  /** The client closed the connection before the reply. */
  aborted?: true;
  durationMs: number;
  /**
   * Fingerprint (fingerprint.ts) of the token the request presented: the bearer of an OpenAPI call, the
   * `refresh_token` of a refresh. Revoke it with `POST /__mock/tokens/revoke {fingerprint}`.
   */
  tokenFingerprint?: string;
  /** Fingerprints of the tokens a token reply issued. */
  issuedFingerprints?: { accessToken: string; refreshToken?: string };
  /** The JWT of a JWT-grant request, decoded, with why it was accepted or refused. */
  jwt?: DecodedJwt;
}

/**
 * What the request path hands the journal: only strings and numbers (no header or body objects kept alive, which would
 * cost the garbage collector on every request); parsed and redacted only when somebody reads the journal.
 */
export interface JournalRecord {
  at: number;
  method: string;
  path: string;
  /** Raw query string including `?`, or `''`. */
  query: string;
  status: number;
  logid: string;
  grantType: string | undefined;
  clientId: string | undefined;
  error: string | number | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  cookie: string | undefined;
  userAgent: string | undefined;
  /** The body text, when the route read one (`body` is parsed from it on reading, if it is JSON or a form). */
  bodyText: string | undefined;
  aborted: boolean;
  durationMs: number;
  /** The token reply sent, if any (fingerprinted when read, never shown). */
  issued?: { access_token: string; refresh_token?: string } | undefined;
  jwt?: DecodedJwt | undefined;
}

/** Field names whose values are credentials, wherever they appear (query, JSON or form body). */
export const CREDENTIAL_FIELDS = new Set([
  'access_token',
  'refresh_token',
  'client_secret',
  'code',
  'code_verifier',
  'device_code',
  'assertion',
  'token',
  'csrf_token',
  'authorize_key',
  'private_key',
  'privateKey',
  'clientSecret',
]);
const REDACTED = '[redacted]';

/**
 * Redacts credential values of a query string, keeping everything else as sent.
 *
 * @example
 * redactQuery('?code=abc&state=xyz'); // '?code=[redacted]&state=xyz'
 */
export function redactQuery(query: string): string {
  if (query.length <= 1) return query;
  const params = new URLSearchParams(query);
  let changed = false;
  for (const key of new Set(params.keys())) {
    if (isCredential(key)) {
      params.set(key, REDACTED);
      changed = true;
    }
  }
  return changed ? `?${params.toString().replaceAll('%5Bredacted%5D', REDACTED)}` : query;
}

const CREDENTIAL_NAMES_LOWER = new Set([...CREDENTIAL_FIELDS].map((name) => name.toLowerCase()));

/** A credential's field name, in any case (`Access_Token` too). */
const isCredential = (name: string): boolean => CREDENTIAL_NAMES_LOWER.has(name.toLowerCase());

/** Redacts credential members at any depth: nested objects and arrays included. */
function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, isCredential(key) ? REDACTED : redactValue(member, depth + 1)]));
}

/** The body as an object with credential members redacted: a JSON object or a form; anything else is left out. */
function redactBody(text: string, contentType: string | undefined): Record<string, unknown> | undefined {
  let entries: [string, unknown][];
  if (/^\s*application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) entries = [...new URLSearchParams(text).entries()];
  else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    entries = Object.entries(parsed);
  }
  return Object.fromEntries(entries.map(([key, value]) => [key, isCredential(key) ? REDACTED : redactValue(value)]));
}

function redactHeader(name: string, value: string): string {
  if (name === 'authorization') return value.replace(/^(\s*\S+)\s+.*$/s, `$1 ${REDACTED}`).replace(/^[^\s]+$/, REDACTED);
  if (name === 'cookie') return value.replace(/=([^;]*)/g, `=${REDACTED}`);
  return value.slice(0, 200);
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
  try {
    const { refresh_token: token } = JSON.parse(record.bodyText) as { refresh_token?: unknown };
    return typeof token === 'string' && token ? token : undefined;
  } catch {
    return undefined;
  }
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

function toEntry(seq: number, record: JournalRecord): JournalEntry {
  const headers = headersOf(record);
  const body = record.bodyText === undefined ? undefined : redactBody(record.bodyText, record.contentType);
  return {
    seq,
    at: record.at,
    method: record.method,
    path: record.path,
    query: redactQuery(record.query),
    status: record.status,
    logid: record.logid,
    ...(record.grantType ? { grantType: record.grantType } : {}),
    ...(record.clientId ? { clientId: record.clientId } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
    ...(headers['user-agent'] ? { userAgent: headers['user-agent'] } : {}),
    headers,
    ...(body ? { body } : {}),
    ...(record.aborted ? { aborted: true as const } : {}),
    durationMs: record.durationMs,
    ...fingerprintsOf(record),
    ...(record.jwt ? { jwt: record.jwt } : {}),
  };
}

/** Which entries to list. */
export interface JournalFilter {
  path?: string;
  grantType?: string;
  /** Only entries after this sequence number. */
  since?: number;
}

/**
 * A bounded request journal (the newest `capacity` entries), so tests can assert what their code sent, and wait for
 * it. Recording is a ring-buffer write of references; redaction happens when entries are read.
 *
 * @example
 * const journal = createJournal(100);
 * journal.entries({ path: '/api/permission/oauth2/token' });
 * await journal.waitFor({ grantType: 'refresh_token' }, 5000);
 */
export interface Journal {
  record(record: JournalRecord): void;
  entries(filter?: JournalFilter): JournalEntry[];
  /** The matching entries as soon as there is one; `[]` after `ms`, when `signal` aborts or the journal closes. */
  waitFor(filter: JournalFilter, ms: number, signal?: AbortSignal): Promise<JournalEntry[]>;
  /** Answers every pending wait (server shutdown). */
  close(): void;
  /** The sequence number of the newest entry (0 when empty). */
  lastSeq(): number;
  clear(): void;
}

export function createJournal(capacity = 1000): Journal {
  const ring: (JournalRecord | undefined)[] = new Array(capacity);
  let seq = 0;
  let first = 1; // seq of the oldest entry still held
  // Pending waits; a record wakes them only when there are any (the hot path stays a ring write).
  const waiters = new Set<{ check(): void; finish(): void }>();
  const journal: Journal = {
    record(record) {
      seq++;
      ring[seq % capacity] = record;
      if (seq - first >= capacity) first = seq - capacity + 1;
      if (waiters.size) for (const waiter of [...waiters]) waiter.check();
    },
    waitFor(filter, ms, signal) {
      const now = journal.entries(filter);
      if (now.length || ms <= 0 || signal?.aborted) return Promise.resolve(now);
      return new Promise((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
          signal?.removeEventListener('abort', finish);
          resolve(journal.entries(filter));
        };
        const waiter = {
          finish,
          check: () => {
            if (journal.entries(filter).length) finish();
          },
        };
        const timer = setTimeout(finish, ms);
        waiters.add(waiter);
        signal?.addEventListener('abort', finish, { once: true });
      });
    },
    close() {
      for (const waiter of [...waiters]) waiter.finish();
    },
    entries(filter = {}) {
      const out: JournalEntry[] = [];
      for (let n = Math.max(first, (filter.since ?? 0) + 1); n <= seq; n++) {
        const record = ring[n % capacity];
        if (!record) continue;
        if (filter.path !== undefined && record.path !== filter.path) continue;
        if (filter.grantType !== undefined && record.grantType !== filter.grantType) continue;
        out.push(toEntry(n, record));
      }
      return out;
    },
    lastSeq: () => seq,
    clear() {
      ring.fill(undefined);
      first = seq + 1;
    },
  };
  return journal;
}
