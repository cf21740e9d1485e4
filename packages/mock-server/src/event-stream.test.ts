import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { MockEnv } from './context.js';
import { createEventStream, EVENT_STREAM_HEADERS, formatSseEvent, type EventStream } from './event-stream.js';

describe('formatSseEvent', () => {
  it('writes id, event and data in that order, a space after each colon, and a blank line after (coze-py\'s captured stream)', () => {
    expect(formatSseEvent({ id: 0, event: 'Message', data: '{"content":"msg"}' })).toBe('id: 0\nevent: Message\ndata: {"content":"msg"}\n\n');
  });

  it('writes no space after the colons in the tight framing of chat streams (coze-py\'s captured chat stream)', () => {
    expect(formatSseEvent({ event: 'conversation.chat.created', data: '{"id":"1"}' }, 'tight')).toBe('event:conversation.chat.created\ndata:{"id":"1"}\n\n');
    expect(formatSseEvent({ id: 3, event: 'done', data: '"[DONE]"' }, 'tight')).toBe('id:3\nevent:done\ndata:"[DONE]"\n\n');
  });

  it('puts the id after the data only when asked (the workflow-id-after-data deviation, Hono streamSSE\'s order)', () => {
    expect(formatSseEvent({ id: 1, event: 'Done', data: '{}' }, 'spaced', 'after-data')).toBe('event: Done\ndata: {}\nid: 1\n\n');
    expect(formatSseEvent({ event: 'Done', data: '{}' }, 'spaced', 'after-data')).toBe('event: Done\ndata: {}\n\n');
  });

  it('leaves out what is not given and splits a multi-line data into data lines', () => {
    expect(formatSseEvent({ data: 'a\r\nb\nc' })).toBe('data: a\ndata: b\ndata: c\n\n');
    expect(formatSseEvent({ event: 'done', data: '' })).toBe('event: done\ndata: \n\n');
  });
});

/** A reply built by `script` in an in-process Hono app, as a reader sees it. */
async function replyOf(script: (stream: EventStream) => void) {
  let stream!: EventStream;
  const app = new Hono<MockEnv>().get('/', (c) => {
    stream = createEventStream(c);
    script(stream);
    return c.body(stream.body, 200, EVENT_STREAM_HEADERS);
  });
  const res = await app.request('/');
  return { res, stream, reader: () => (res.body as ReadableStream<Uint8Array>).getReader() };
}
const textOf = (chunk: ReadableStreamReadResult<Uint8Array>) => new TextDecoder().decode(chunk.value);

describe('createEventStream', () => {
  it('delivers every frame sent before end, then ends; later sends are ignored', async () => {
    const { res, stream } = await replyOf((s) => {
      s.send({ id: 0, event: 'a', data: '1' });
      s.end();
    });
    stream.send({ id: 1, event: 'late', data: '2' });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await res.text()).toBe('id: 0\nevent: a\ndata: 1\n\n');
  });

  it('breaks off after the frames sent before drop (in-process: the next read fails)', async () => {
    const reader = (
      await replyOf((s) => {
        s.send({ event: 'a', data: '1' });
        s.send({ event: 'b', data: '2' });
        s.drop();
      })
    ).reader();
    expect(textOf(await reader.read())).toBe('event: a\ndata: 1\n\n');
    expect(textOf(await reader.read())).toBe('event: b\ndata: 2\n\n');
    await expect(reader.read()).rejects.toThrow('coze-mock dropped the connection mid-stream');
  });

  it('aborts its signal when the reader cancels, and a frame sent later goes nowhere', async () => {
    const reply = await replyOf(() => undefined);
    const { stream } = reply;
    const reader = reply.reader();
    const pending = reader.read();
    expect(stream.signal.aborted).toBe(false);
    await reader.cancel();
    expect(stream.signal.aborted).toBe(true);
    expect((await pending).done).toBe(true);
    stream.send({ data: 'x' });
    stream.end();
  });
});
