import { OAUTH_PREFIX } from './endpoints.js';
import { oauthErrors } from './errors.js';
import { fingerprintOf } from './fingerprint.js';
import { parseJsonText, valueNestsDeeperThan } from './json/limits.js';
import { redactHeader, redactJson, redactPath, redactQuery } from './journal/redact.js';

export { redactQuery } from './journal/redact.js';

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
  /** The JSON or form body the route read, credentials redacted (left out when it was cut, see `bodyTruncated`). */
  body?: Record<string, unknown>;
  /** The size of the body as sent, in bytes, when the route read one. */
  bodyBytes?: number;
  /** The body was longer than the journal keeps (`JOURNAL_BODY_CHARS`): only its size is shown. */
  bodyTruncated?: true;
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

/** The most characters of a body the journal keeps; a longer one is kept this far, with its full size. */
export const JOURNAL_BODY_CHARS = 4096;
/** The most characters of a header the journal keeps (`Authorization`, `Cookie`, `User-Agent`). */
const JOURNAL_HEADER_CHARS = 1024;
/** Most journal waits (`GET /__mock/journal?wait=`) open at once per mock; more are refused with 429. */
export const MAX_JOURNAL_WAITS = 100;
/** The 429 of a wait beyond {@link MAX_JOURNAL_WAITS}. */
export const tooManyJournalWaits = () => oauthErrors.capacity(`journal waits (at most ${MAX_JOURNAL_WAITS} open)`);
/** What one entry costs besides its strings (the record object, its numbers, the ring slot), in bytes. */
const ENTRY_OVERHEAD_BYTES = 256;

/** A copy of the first `length` characters that does not keep the whole string alive (a slice would). */
const truncated = (text: string, length: number): string => (text.length <= length ? text : Buffer.from(text.slice(0, length)).toString());

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
function toEntry(seq: number, record: JournalRecord, bodySize: number): JournalEntry {
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

/** Which entries to list. */
export interface JournalFilter {
  path?: string;
  grantType?: string;
  /** Only entries after this sequence number. */
  since?: number;
}

/**
 * Cuts a record's long strings to the journal's sizes, in place (the record is the journal's from now on; the usual
 * short one passes untouched, with no copy), and answers what it costs against the byte budget.
 */
function cutToSize(record: JournalRecord): number {
  if (record.bodyText !== undefined && record.bodyText.length > JOURNAL_BODY_CHARS) record.bodyText = truncated(record.bodyText, JOURNAL_BODY_CHARS);
  if (record.authorization !== undefined) record.authorization = truncated(record.authorization, JOURNAL_HEADER_CHARS);
  if (record.cookie !== undefined) record.cookie = truncated(record.cookie, JOURNAL_HEADER_CHARS);
  if (record.userAgent !== undefined) record.userAgent = truncated(record.userAgent, JOURNAL_HEADER_CHARS);
  return (
    ENTRY_OVERHEAD_BYTES +
    record.path.length +
    record.query.length +
    (record.authorization?.length ?? 0) +
    (record.cookie?.length ?? 0) +
    (record.userAgent?.length ?? 0) +
    (record.contentType?.length ?? 0) +
    (record.bodyText?.length ?? 0)
  );
}

const matches = (filter: JournalFilter, seq: number, record: JournalRecord): boolean =>
  seq > (filter.since ?? 0) &&
  (filter.path === undefined || record.path === filter.path) &&
  (filter.grantType === undefined || record.grantType === filter.grantType);

/**
 * A bounded request journal (the newest `capacity` entries, within `maxBytes`), so tests can assert what their code
 * sent, and wait for it. Recording is a ring-buffer write with bodies and headers cut to size; redaction happens when
 * entries are read. A wait looks only at each new entry, and at most {@link MAX_JOURNAL_WAITS} are open at once.
 *
 * @example
 * const journal = createJournal({ capacity: 100 });
 * journal.entries({ path: '/api/permission/oauth2/token' });
 * await journal.waitFor({ grantType: 'refresh_token' }, 5000);
 */
export interface Journal {
  record(record: JournalRecord): void;
  entries(filter?: JournalFilter): JournalEntry[];
  /**
   * The matching entries as soon as there is one; `[]` after `ms`, when `signal` aborts or the journal closes. Throws
   * the 429 capacity error when {@link MAX_JOURNAL_WAITS} waits are open.
   */
  waitFor(filter: JournalFilter, ms: number, signal?: AbortSignal): Promise<JournalEntry[]>;
  /** Answers every pending wait with what matches now (a reset); the journal stays as it was. */
  release(): void;
  /** Answers every pending wait, and every later one at once (the server's shutdown). */
  close(): void;
  /** Whether {@link Journal.close} was called. */
  closed(): boolean;
  /** How many waits are open (at most {@link MAX_JOURNAL_WAITS}). */
  openWaits(): number;
  /** The sequence number of the newest entry (0 when empty). */
  lastSeq(): number;
  /** What the entries held cost, in bytes (see `limits.journalBytes`). */
  bytes(): number;
  clear(): void;
}

export function createJournal(options: { capacity?: number; maxBytes?: number } = {}): Journal {
  const capacity = options.capacity ?? 1000;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const ring: (JournalRecord | undefined)[] = new Array(capacity);
  // Per slot, beside the record: what it costs, and its body's size as sent (-1: no body), and whether it was cut.
  const costs = new Float64Array(capacity);
  const bodySizes = new Float64Array(capacity);
  let seq = 0;
  let first = 1; // seq of the oldest entry still held
  let bytes = 0;
  // Pending waits; a record wakes them only when there are any (the hot path stays a ring write).
  const waiters = new Set<{ check(seq: number, record: JournalRecord): void; finish(): void }>();
  let closed = false;
  const forgetOldest = () => {
    const slot = first % capacity;
    bytes -= costs[slot] as number;
    costs[slot] = 0;
    ring[slot] = undefined;
    first++;
  };
  const journal: Journal = {
    record(record) {
      const bodySize = record.bodyText === undefined ? -1 : Buffer.byteLength(record.bodyText);
      const cost = cutToSize(record);
      seq++;
      if (seq - first >= capacity) forgetOldest();
      const slot = seq % capacity;
      ring[slot] = record;
      costs[slot] = cost;
      bodySizes[slot] = bodySize;
      bytes += cost;
      // Over the byte budget: the oldest go first; the newest entry always stays.
      while (bytes > maxBytes && first < seq) forgetOldest();
      if (waiters.size) for (const waiter of [...waiters]) waiter.check(seq, record);
    },
    waitFor(filter, ms, signal) {
      const now = journal.entries(filter);
      if (now.length || ms <= 0 || signal?.aborted || closed) return Promise.resolve(now);
      if (waiters.size >= MAX_JOURNAL_WAITS) throw tooManyJournalWaits();
      return new Promise((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
          signal?.removeEventListener('abort', finish);
          resolve(journal.entries(filter));
        };
        const waiter = {
          finish,
          check: (newSeq: number, record: JournalRecord) => {
            if (matches(filter, newSeq, record)) finish();
          },
        };
        const timer = setTimeout(finish, ms);
        waiters.add(waiter);
        signal?.addEventListener('abort', finish, { once: true });
      });
    },
    release() {
      for (const waiter of [...waiters]) waiter.finish();
    },
    close() {
      closed = true;
      journal.release();
    },
    closed: () => closed,
    openWaits: () => waiters.size,
    entries(filter = {}) {
      const out: JournalEntry[] = [];
      for (let n = Math.max(first, (filter.since ?? 0) + 1); n <= seq; n++) {
        const record = ring[n % capacity];
        if (record && matches(filter, n, record)) out.push(toEntry(n, record, bodySizes[n % capacity] as number));
      }
      return out;
    },
    lastSeq: () => seq,
    bytes: () => bytes,
    clear() {
      ring.fill(undefined);
      costs.fill(0);
      first = seq + 1;
      bytes = 0;
    },
  };
  return journal;
}
