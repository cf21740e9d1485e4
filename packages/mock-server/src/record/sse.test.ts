import { describe, expect, it } from 'vitest';
import { createEventRecorder } from './sse.js';

/** A clock the test moves by hand. */
const clock = () => {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
};

describe('createEventRecorder', () => {
  it('reads Coze\'s chat framing (event, data) and the workflow\'s (id too), with the gap before each event', () => {
    const time = clock();
    const sse = createEventRecorder(time.now);
    time.advance(40);
    sse.push('event:conversation.chat.created\ndata:{"id":"1"}\n\n');
    time.advance(25);
    sse.push('id: 0\nevent: Message\ndata: {"content":"Hi"}\n\n');
    sse.end();
    expect(sse.events).toEqual([
      { event: 'conversation.chat.created', data: '{"id":"1"}', delayMs: 40 },
      { id: '0', event: 'Message', data: '{"content":"Hi"}', delayMs: 25 },
    ]);
  });

  it('joins several data lines, skips comments and unknown fields, strips one space after the colon only', () => {
    const sse = createEventRecorder(clock().now);
    sse.push(': keep-alive\nretry: 10\ndata:  two spaces\ndata: line 2\nfoo: bar\n\n');
    sse.end();
    expect(sse.events).toEqual([{ data: ' two spaces\nline 2', delayMs: 0 }]);
  });

  it('copes with chunks split anywhere, CRLF and CR line ends, and a last event without its blank line', () => {
    const sse = createEventRecorder(clock().now);
    for (const chunk of ['event: a\r', '\ndata: 1\r\n', '\r', '\nevent: b\rdata: 2\r\r', 'data: [DONE]']) sse.push(chunk);
    sse.end();
    expect(sse.events.map(({ event, data }) => ({ event, data }))).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('records no event for blank lines alone', () => {
    const sse = createEventRecorder(clock().now);
    sse.push('\n\n\n');
    sse.end();
    expect(sse.events).toEqual([]);
  });
});
