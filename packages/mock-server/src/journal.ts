/** One request the mock answered, as the control API's journal lists it. Credentials are redacted. */
export interface JournalEntry {
  seq: number;
  /** Mock-clock time of the request (ms). */
  at: number;
  method: string;
  path: string;
  query: string;
  status: number;
  logid: string;
  /** `grant_type` for token requests, when the body had one. */
  grantType?: string;
  clientId?: string;
  /** The OAuth `error` or OpenAPI `code` of a failed reply. */
  error?: string | number;
  userAgent?: string;
  durationMs: number;
}

/**
 * A bounded request journal (the newest `capacity` entries), so tests can assert what their code sent.
 *
 * @example
 * const journal = createJournal(100);
 * journal.entries({ path: '/api/permission/oauth2/token' });
 */
export interface Journal {
  record(entry: Omit<JournalEntry, 'seq'>): void;
  entries(filter?: { path?: string; since?: number }): JournalEntry[];
  clear(): void;
}

export function createJournal(capacity = 1000): Journal {
  let items: JournalEntry[] = [];
  let seq = 0;
  return {
    record(entry) {
      items.push({ seq: ++seq, ...entry });
      if (items.length > capacity) items = items.slice(items.length - capacity);
    },
    entries(filter = {}) {
      return items.filter(
        (e) => (filter.path === undefined || e.path === filter.path) && (filter.since === undefined || e.seq > filter.since),
      );
    },
    clear() {
      items = [];
    },
  };
}
