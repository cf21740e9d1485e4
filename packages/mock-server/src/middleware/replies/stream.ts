import type { Context } from 'hono';
import { MAX_HANG_MS } from '../../control/schemas.js';
import type { MockContext, MockEnv } from '../../context.js';
import { createEventStream, EVENT_STREAM_HEADERS } from '../../event-stream.js';
import type { ReplyRule } from '../../replies/index.js';

/**
 * A scripted reply's `stream`: its events in Coze's SSE framing, each after its own delay, then the end of the body,
 * a dropped connection or a hang (held at most {@link MAX_HANG_MS}, then dropped). A reset, `DELETE /__mock/replies`
 * or shutdown cuts a waiting stream off (dropped); a client that leaves stops it. Status and headers come from the
 * rule's `reply` (default 200 `text/event-stream`; a `content-type` of the rule wins).
 *
 * @example
 * if (rule.stream) return streamedReply(c, mock, rule);
 */
export function streamedReply(c: Context<MockEnv>, mock: MockContext, rule: ReplyRule): Response {
  const { events, then } = rule.stream as NonNullable<ReplyRule['stream']>;
  const stream = createEventStream(c);
  /** Waits `ms`; false when the stream is over (the client left: nothing more to do; released: cut it off). */
  const held = async (ms: number) => {
    const outcome = await mock.replies.wait(ms, stream.signal, rule);
    if (outcome === 'released') stream.drop();
    return outcome === 'elapsed';
  };
  void (async () => {
    for (const { id, event, data, delayMs } of events) {
      if (delayMs && !(await held(delayMs))) return;
      stream.send({ ...(id === undefined ? {} : { id }), ...(event === undefined ? {} : { event }), data: typeof data === 'string' ? data : JSON.stringify(data) });
    }
    if (then === 'end') stream.end();
    else if (then === 'drop') stream.drop();
    else if (await held(MAX_HANG_MS)) stream.drop();
  })();
  return c.body(stream.body, (rule.reply?.status ?? 200) as never, { ...EVENT_STREAM_HEADERS, ...rule.reply?.headers });
}
