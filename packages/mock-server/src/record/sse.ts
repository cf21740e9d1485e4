/**
 * Reads a `text/event-stream` body as it passes through the recorder, event by event (the WHATWG EventSource rules:
 * `event:`, `data:` (several joined by a newline), `id:`, `retry:` and `:comment` lines; a blank line ends an event),
 * noting how long after the one before each event completed. Coze's chat stream sends `event:`/`data:` lines, its
 * workflow stream adds `id:` lines; both come out as they were sent.
 */

/** One event as recorded. */
export interface RecordedEvent {
  id?: string;
  event?: string;
  data: string;
  /** Milliseconds since the previous event (since the reply's head for the first). */
  delayMs: number;
}

/**
 * @example
 * const sse = createEventRecorder(() => performance.now());
 * sse.push('event: conversation.message.delta\ndata: {"content":"Hi"}\n\n');
 * sse.events; // [{ event: 'conversation.message.delta', data: '{"content":"Hi"}', delayMs: 3 }]
 */
export interface EventRecorder {
  /** Feeds decoded text as it arrives (any split: mid-line, mid-CRLF). */
  push(text: string): void;
  /** The body ended: an event left without its blank line still counts. */
  end(): void;
  readonly events: RecordedEvent[];
}

export function createEventRecorder(now: () => number): EventRecorder {
  const events: RecordedEvent[] = [];
  let last = now();
  let buffer = '';
  let id: string | undefined;
  let event: string | undefined;
  let data: string[] = [];

  const dispatch = () => {
    if (id === undefined && event === undefined && !data.length) return;
    const at = now();
    events.push({ ...(id === undefined ? {} : { id }), ...(event === undefined ? {} : { event }), data: data.join('\n'), delayMs: Math.max(0, Math.round(at - last)) });
    last = at;
    id = undefined;
    event = undefined;
    data = [];
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + (text[colon + 1] === ' ' ? 2 : 1));
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') id = value;
  };

  return {
    events,
    push(text) {
      buffer += text;
      // A lone CR at the end may be the first half of a CRLF: wait for the next chunk.
      const lines = buffer.split(/\r\n|\r(?!$)|\n/);
      buffer = lines.pop() ?? '';
      for (const each of lines) line(each);
    },
    end() {
      if (buffer) line(buffer.replace(/\r$/, ''));
      buffer = '';
      dispatch();
    },
  };
}
