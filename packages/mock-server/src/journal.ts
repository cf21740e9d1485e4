import { estimateRetainedBytes } from './budget.js';
import { oauthErrors } from './errors.js';
import { toEntry } from './journal/entry.js';
import type { JournalEntry, JournalRecord } from './journal/types.js';

export { redactQuery } from './journal/redact.js';
export type { DecodedJwt, JournalEntry, JournalRecord } from './journal/types.js';

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

/** Which entries to list. */
export interface JournalFilter {
  path?: string;
  grantType?: string;
  /** Only entries after this sequence number. */
  since?: number;
}

/**
 * {@link estimateRetainedBytes} of a token reply, by its fixed shape (`access_token`, `expires_in`, optional
 * `refresh_token`): the same figure without walking the object on every token request.
 */
export function issuedBytes(issued: NonNullable<JournalRecord['issued']>): number {
  return 174 + issued.access_token.length * 2 + (issued.refresh_token === undefined ? 0 : 61 + issued.refresh_token.length * 2);
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
    (record.bodyText?.length ?? 0) +
    // The tokens a reply issued, and a decoded JWT (at most an 8 KiB one is decoded): kept as objects.
    (record.issued === undefined ? 0 : issuedBytes(record.issued)) +
    (record.jwt === undefined ? 0 : estimateRetainedBytes(record.jwt))
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
