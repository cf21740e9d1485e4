import type { Context } from 'hono';
import { MAX_HANG_MS } from '../../control/schemas.js';
import type { MockEnv } from '../../context.js';
import { openSseStream } from '../shared/sse.js';
import type { ChatRun, ChatStore } from './store.js';

/** Where a scripted stream breaks: a dropped connection or a hang after so many events (the first run of a chat only). */
export interface Breaks {
  dropAfterEvents?: number;
  hangAfterEvents?: number;
}

/**
 * Streams a run: each step is applied, then sent as an event, with the plan's pause before every event after the
 * first. A client that leaves gets nothing more and the chat runs to its end at once (unless a hang holds it); a drop
 * cuts the connection and the chat likewise ends; a hang holds the stream open (at most {@link MAX_HANG_MS}, let go
 * on reset and shutdown) and leaves the chat in progress until it is cancelled.
 */
async function send(store: ChatStore, run: ChatRun, breaks: Breaks, sse: ReturnType<typeof openSseStream>): Promise<void> {
  let sent = 0;
  for (;;) {
    if (sent === breaks.hangAfterEvents) {
      run.hung = true;
      await sse.pause(MAX_HANG_MS);
      sse.end();
      return;
    }
    if (sent === breaks.dropAfterEvents) {
      await sse.drop();
      run.sse = undefined;
      store.finish(run);
      return;
    }
    if (sent > 0 && !(await sse.pause(run.plan.delayMs))) return;
    const step = store.applyNext(run);
    if (!step) break;
    sse.send({ event: step.event, data: JSON.stringify(step.data()) });
    sent++;
  }
  run.sse = undefined;
  sse.end();
}

/**
 * Opens the SSE reply of a chat and starts sending its run.
 *
 * @example
 * return streamRun(c, chats, run, { dropAfterEvents: plan.dropAfterEvents });
 */
export function streamRun(c: Context<MockEnv>, store: ChatStore, run: ChatRun, breaks: Breaks = {}): Response {
  const sse = openSseStream(c);
  run.sse = sse;
  sse.onClientGone(() => {
    run.sse = undefined;
    if (!run.hung) store.finish(run);
  });
  void send(store, run, breaks, sse);
  return sse.response;
}
