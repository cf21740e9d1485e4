import type { Context } from 'hono';
import type { MockEnv } from './context.js';
import { incomingOf } from './http.js';

/**
 * Server-sent events in Coze's framing, for the streamed endpoints and scripted stream replies. One event is its
 * `id:`, `event:` and `data:` lines, the id first, then a blank line. Workflow streams put a space after each colon
 * (`event: Message`, coze-py's captured workflow stream); chat streams put none (`event:conversation.chat.created`,
 * coze-py's captured chat streams): {@link SseFraming}. The order matters: coze-go reads an `id:` line and takes the next two as `event:` and
 * `data:`, and coze-js takes the id it has seen when a `data:` line arrives, so Hono's `streamSSE` (id last) would
 * shift every id by one event.
 */

/** One event as it goes on the wire. */
export interface SseEvent {
  id?: string | number;
  event?: string;
  /** Sent as is; a multi-line value becomes several `data:` lines (the SSE way of carrying a newline). */
  data: string;
}

/** `spaced`: `event: Done` (workflows, the default); `tight`: `event:done` (chat, as Coze's chat streams are written). */
export type SseFraming = 'spaced' | 'tight';

/**
 * Where the `id:` line goes: first, as Coze writes it; `after-data` only under the `workflow-id-after-data` deviation
 * (the order of Hono's `streamSSE`, which coze-go and coze-java misread).
 */
export type SseIdPlace = 'first' | 'after-data';

/**
 * @example
 * formatSseEvent({ id: 0, event: 'Done', data: '{}' }); // 'id: 0\nevent: Done\ndata: {}\n\n'
 * formatSseEvent({ event: 'done', data: '"[DONE]"' }, 'tight'); // 'event:done\ndata:"[DONE]"\n\n'
 */
export function formatSseEvent(event: SseEvent, framing: SseFraming = 'spaced', idPlace: SseIdPlace = 'first'): string {
  const gap = framing === 'spaced' ? ' ' : '';
  const id = event.id === undefined ? '' : `id:${gap}${event.id}\n`;
  let frame = idPlace === 'first' ? id : '';
  if (event.event !== undefined) frame += `event:${gap}${event.event}\n`;
  for (const line of event.data.split(/\r\n|\r|\n/)) frame += `data:${gap}${line}\n`;
  if (idPlace === 'after-data') frame += id;
  return `${frame}\n`;
}

/** What an event-stream reply's body is written with. */
export interface EventStream {
  /** The reply body: hand it to `c.body(stream.body, 200, EVENT_STREAM_HEADERS)`. */
  readonly body: ReadableStream<Uint8Array>;
  /** Aborts when the client goes away (the reader cancels the body): stop writing and release timers. */
  readonly signal: AbortSignal;
  send(event: SseEvent): void;
  /** Ends the body normally. */
  end(): void;
  /**
   * Breaks the body off after the frames sent so far: over a socket the connection closes without the chunked
   * body's end (the client sees a network error, as when a server dies mid-stream); in-process the reader gets an
   * error.
   */
  drop(): void;
}

/** The headers of an event-stream reply. */
export const EVENT_STREAM_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' } as const;

const encoder = new TextEncoder();

/** What the body delivers next: a frame, its normal end, or the connection broken off. */
type Next = Uint8Array | 'end' | 'drop';

/**
 * The body of an event-stream reply to the request of `c`. It hands the reader one item per read (high-water mark
 * 0), so a drop comes only after the reader has taken every frame before it: over a socket the frames are written
 * and flushed, then the connection closes.
 *
 * @example
 * const stream = createEventStream(c);
 * stream.send({ id: 0, event: 'Message', data: JSON.stringify(message) });
 * stream.end();
 * return c.body(stream.body, 200, EVENT_STREAM_HEADERS);
 */
export function createEventStream(c: Context<MockEnv>, framing: SseFraming = 'spaced', idPlace: SseIdPlace = 'first'): EventStream {
  const gone = new AbortController();
  const queue: Next[] = [];
  let wake: (() => void) | undefined;
  let open = true;
  const push = (next: Next) => {
    queue.push(next);
    wake?.();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (!queue.length && !gone.signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        const next = queue.shift();
        if (next === undefined) return;
        if (next === 'end') controller.close();
        else if (next === 'drop') {
          const socket = incomingOf(c)?.socket;
          // Over a socket: flush what was written, then close without the chunked body's end (the server then
          // cancels the body). Not by erroring the body: @hono/node-server would log it and write an error text.
          if (socket) socket.destroySoon();
          else controller.error(new Error('coze-mock dropped the connection mid-stream'));
        } else controller.enqueue(next);
      },
      cancel() {
        open = false;
        gone.abort();
        wake?.();
      },
    },
    { highWaterMark: 0 },
  );
  const last = (next: 'end' | 'drop') => {
    if (!open) return;
    open = false;
    push(next);
  };
  return {
    body,
    signal: gone.signal,
    send(event) {
      if (open) push(encoder.encode(formatSseEvent(event, framing, idPlace)));
    },
    end: () => last('end'),
    drop: () => last('drop'),
  };
}
