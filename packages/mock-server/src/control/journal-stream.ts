import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { MockContext, MockEnv } from '../context.js';
import { oauthErrors } from '../errors.js';
import { headerOf } from '../http.js';
import { MAX_JOURNAL_WAITS, tooManyJournalWaits } from '../journal.js';

/**
 * `GET /__mock/journal/stream`: the journal as server-sent events, for the inspector page (and any test that would
 * rather listen than poll). Each entry the mock records is one `entry` event, its `id` the entry's `seq`, its data the
 * entry as `GET /__mock/journal` lists it (credentials redacted). It starts after `?since=` or the `Last-Event-ID` an
 * EventSource sends when it reconnects (default: every entry held). A comment line every 15 s keeps proxies from
 * closing a quiet stream. It ends when the client leaves or the mock closes.
 *
 * A route of its own beside the verb table: a verb answers one JSON reply, this one never ends by itself.
 *
 * @example
 * const events = new EventSource('/__mock/journal/stream');
 * events.addEventListener('entry', (event) => console.log(JSON.parse(event.data).path));
 */

/** How long one wait for new entries lasts before a keep-alive comment. */
const KEEP_ALIVE_MS = 15_000;

function startAfter(c: Context<MockEnv>, mock: MockContext): number {
  const raw = c.req.query('since') ?? headerOf(c, 'last-event-id') ?? '0';
  const since = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(since)) throw oauthErrors.invalidRequest('since', 'a sequence number of the journal');
  // An id from before a restart of the mock (an EventSource reconnecting): everything held is new to this client.
  return since > mock.journal.lastSeq() ? 0 : since;
}

export function journalStream(mock: MockContext) {
  return (c: Context<MockEnv>) => {
    let since = startAfter(c, mock);
    // Each stream holds a journal wait: refused like a long poll when all are taken.
    if (mock.journal.openWaits() >= MAX_JOURNAL_WAITS) throw tooManyJournalWaits();
    return streamSSE(c, async (stream) => {
      const gone = new AbortController();
      stream.onAbort(() => gone.abort());
      // The browser reconnects after 2 s if the mock went away and came back.
      await stream.write('retry: 2000\n\n');
      while (!gone.signal.aborted) {
        const started = performance.now();
        const entries = await mock.journal.waitFor({ since }, KEEP_ALIVE_MS, gone.signal);
        for (const entry of entries) {
          await stream.writeSSE({ event: 'entry', id: String(entry.seq), data: JSON.stringify(entry) });
          since = entry.seq;
        }
        if (entries.length) continue;
        // Nothing came: the mock stops, a reset let the wait go (wait again), or the wait timed out (keep alive).
        if (mock.journal.closed()) break;
        if (performance.now() - started < KEEP_ALIVE_MS - 100) continue;
        await stream.write(': keep-alive\n\n');
      }
    });
  };
}
