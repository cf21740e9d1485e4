import type { Context } from 'hono';
import type { MockEnv } from '../../context.js';
import { incomingOf } from '../../http.js';

/**
 * Server-sent events in Coze's own framing, written by hand because the framing differs by endpoint: the chat
 * streams coze-py captured from the real service (`tests/testdata/chat_text_stream_resp.txt`) write `event:name` and
 * `data:{…}` with no space after the colon, its workflow captures write `id: 0`, `event: Message`, `data: {…}` with
 * one (Hono's `streamSSE` always writes the space and puts `id:` last). Each event ends with a blank line; `data`
 * is one line of JSON.
 *
 * A stream ends one of four ways: `end()` (the last event was sent), `drop()` (the connection is cut, as a scripted
 * failure), `stop()` (reset or shutdown of the mock), or the client going away. Every pending `pause` resolves at
 * once when it ends, so no timer outlives its stream.
 */

/** One event; `id` only where the endpoint sends one (workflows). */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseStream {
  /** The reply to return from the route: 200, `text/event-stream`. */
  readonly response: Response;
  /** Whether the stream has ended (by any of the four ways). */
  readonly ended: boolean;
  /** Writes one event; false (and nothing written) once the stream has ended. */
  send(event: SseEvent): boolean;
  /** Waits `ms` of real time between events; false if the stream ended meanwhile (the timer is cleared). */
  pause(ms: number): Promise<boolean>;
  /** Ends the stream after the last event. */
  end(): void;
  /**
   * Cuts the connection without ending the stream properly (a scripted drop), once the events sent so far have left:
   * the client sees them, then a broken connection.
   */
  drop(): Promise<void>;
  /** Ends the stream from outside (reset, shutdown, a cancelled chat). */
  stop(): void;
  /** Called once when the client goes away before the stream ended. */
  onClientGone(listener: () => void): void;
}

/**
 * Opens an SSE reply for the request.
 *
 * @example
 * const sse = openSseStream(c);
 * sse.send({ event: 'conversation.chat.created', data: JSON.stringify(chat) });
 * sse.end();
 * return sse.response;
 */
export function openSseStream(c: Context<MockEnv>, options: { spaceAfterColon?: boolean } = {}): SseStream {
  const gap = options.spaceAfterColon ? ' ' : '';
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let ended = false;
  let clientGone: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: ((elapsed: boolean) => void) | undefined;
  // Called when the reader has taken every queued event (ReadableStream's `pull`), or the stream ended.
  let drained: (() => void) | undefined;

  const finish = () => {
    ended = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    wake?.(false);
    wake = undefined;
    drained?.();
  };
  /** Resolves once every queued event was read (and, a turn later, written to the socket), or the stream ended. */
  const flushed = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        drained = undefined;
        setImmediate(resolve);
      };
      if (ended || (controller?.desiredSize ?? 1) > 0) done();
      else drained = done;
    });
  const readable = new ReadableStream<Uint8Array>({
    start(ctrl) {
      controller = ctrl;
    },
    pull() {
      drained?.();
    },
    cancel() {
      // The client went away (node-server cancels the body when the socket closes).
      if (ended) return;
      finish();
      clientGone?.();
    },
  });
  const close = () => {
    if (ended) return;
    finish();
    controller?.close();
  };

  return {
    response: c.body(readable, 200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' }),
    get ended() {
      return ended;
    },
    send(event) {
      if (ended) return false;
      const id = event.id === undefined ? '' : `id:${gap}${event.id}\n`;
      controller?.enqueue(encoder.encode(`${id}event:${gap}${event.event}\ndata:${gap}${event.data}\n\n`));
      return true;
    },
    pause(ms) {
      if (ended) return Promise.resolve(false);
      if (ms <= 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        wake = resolve;
        timer = setTimeout(() => {
          timer = undefined;
          wake = undefined;
          resolve(true);
        }, ms);
      });
    },
    end: close,
    stop: close,
    async drop() {
      await flushed();
      if (ended) return;
      finish();
      const socket = incomingOf(c)?.socket;
      // Over a socket: close it mid-body (no last chunk), as a broken connection would. In-process there is none:
      // fail the body instead.
      if (socket) socket.end();
      else controller?.error(new Error('coze-mock: the stream was dropped as scripted'));
    },
    onClientGone(listener) {
      clientGone = listener;
    },
  };
}
