import type { Context } from 'hono';
import { MAX_HANG_MS } from '../../control/schemas.js';
import type { MockContext, MockEnv } from '../../context.js';
import { createEventStream, EVENT_STREAM_HEADERS, type EventStream, type SseFraming } from '../../event-stream.js';
import { chatEventOnWire } from '../shared/wire-deviations.js';
import type { ChatRun, ChatStore } from './store.js';

/** Where a scripted stream breaks: a dropped connection or a hang after so many events (the first run of a chat only). */
export interface Breaks {
  dropAfterEvents?: number | undefined;
  hangAfterEvents?: number | undefined;
}

/**
 * Sends a run: each step is applied, then written as an event, with the plan's pause
 * before every event after the first (a timer of the store's waits: reset and shutdown let it go at once). A client
 * that leaves gets nothing more and the chat runs to its end at once (unless a hang holds it); a drop breaks the
 * connection off after the events sent and the chat likewise ends; a hang holds the stream open (at most
 * {@link MAX_HANG_MS}) and leaves the chat in progress until it is cancelled.
 */
async function send(store: ChatStore, run: ChatRun, stream: EventStream, breaks: Breaks, deviations: MockContext['deviations']): Promise<void> {
  let sent = 0;
  for (;;) {
    if (sent === breaks.hangAfterEvents) {
      run.hung = true;
      await store.waits.wait(MAX_HANG_MS, stream.signal);
      stream.end();
      return;
    }
    if (sent === breaks.dropAfterEvents) {
      run.stream = undefined;
      stream.drop();
      store.finish(run);
      return;
    }
    if (sent > 0 && run.plan.delayMs > 0 && (await store.waits.wait(run.plan.delayMs, stream.signal)) !== 'elapsed') {
      stream.end();
      return;
    }
    if (run.stream !== stream) return;
    const step = store.applyNext(run);
    if (!step) break;
    const event = chatEventOnWire(deviations, step.event, step.data(), sent);
    if (!event) continue;
    stream.send(event);
    sent++;
  }
  run.stream = undefined;
  stream.end();
}

/**
 * Opens the event-stream reply of a chat and starts sending its run: in chat streams' tight framing, or the spaced one
 * of workflow streams (`/v1/workflows/chat`, coze-py's `workflows_chat_stream_resp.txt`).
 *
 * @example
 * return streamRun(c, chats, run, plan);
 */
export function streamRun(c: Context<MockEnv>, store: ChatStore, run: ChatRun, breaks: Breaks = {}, framing: SseFraming = 'tight'): Response {
  const stream = createEventStream(c, framing);
  run.stream = stream;
  stream.signal.addEventListener(
    'abort',
    () => {
      if (run.stream !== stream) return;
      run.stream = undefined;
      if (!run.hung) store.finish(run);
    },
    { once: true },
  );
  void send(store, run, stream, breaks, c.get('mock').deviations);
  return c.body(stream.body, 200, EVENT_STREAM_HEADERS);
}
