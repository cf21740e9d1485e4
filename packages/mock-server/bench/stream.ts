import { Agent, request } from 'node:http';
import type { BenchChild } from './child.js';

/**
 * The streaming load: `connections` clients each post a chat and read its event stream to the end, one chat after
 * another, for `seconds` (or until `amount` chats are done). autocannon times whole replies; a stream is judged by
 * when its first event arrives and how fast its events come, so this reads the bytes itself (node:http, keep-alive).
 */

/** One streamed request: `POST path` with a JSON body. */
export interface StreamSpec {
  path: string;
  headers?: Record<string, string>;
  body: string;
}

/** What a streaming run measured. */
export interface StreamResult {
  chats: number;
  /** Replies other than 200 `text/event-stream`, cut off streams, socket errors. */
  unexpected: number;
  /** Events received (blank-line-terminated frames). */
  events: number;
  /** Bytes of event stream received. */
  bytes: number;
  seconds: number;
  eventsPerSecond: number;
  /** Request sent → first complete event received, ms. */
  firstEventP50: number;
  firstEventP99: number;
  /** Server CPU (user + system) per event, µs. */
  cpuPerEvent: number;
}

interface OneChat {
  ok: boolean;
  events: number;
  bytes: number;
  firstEventMs: number;
}

/** Posts one chat and reads its stream to the end, counting frames as their closing blank line arrives. */
function streamOnce(url: URL, spec: StreamSpec, agent: Agent): Promise<OneChat> {
  return new Promise((resolve) => {
    const sent = performance.now();
    let firstEventMs = Number.NaN;
    let events = 0;
    let bytes = 0;
    let tail = '';
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(spec.body), ...spec.headers } },
      (res) => {
        const ok = res.statusCode === 200 && /^text\/event-stream/.test(String(res.headers['content-type']));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          bytes += Buffer.byteLength(chunk);
          // A frame ends with a blank line; it may be split over chunks, so keep the last character of the previous one.
          const text = tail + chunk;
          for (let at = text.indexOf('\n\n'); at !== -1; at = text.indexOf('\n\n', at + 2)) {
            if (events++ === 0) firstEventMs = performance.now() - sent;
          }
          tail = text.endsWith('\n') ? '\n' : '';
        });
        res.on('end', () => resolve({ ok, events, bytes, firstEventMs }));
        res.on('error', () => resolve({ ok: false, events, bytes, firstEventMs }));
      },
    );
    req.on('error', () => resolve({ ok: false, events, bytes, firstEventMs }));
    req.end(spec.body);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * Drives `child` with streamed chats and charges its own CPU to the events it sent.
 *
 * @example
 * await streamLoad(mock, { path: '/v3/chat', headers, body }, { seconds: 5, connections: 20 });
 */
export async function streamLoad(
  child: BenchChild,
  spec: StreamSpec,
  { seconds, connections, amount = Number.POSITIVE_INFINITY }: { seconds: number; connections: number; amount?: number },
): Promise<StreamResult> {
  const url = new URL(spec.path, child.url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const cpuBefore = await child.cpu();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const firstEvents: number[] = [];
  let chats = 0;
  let begun = 0;
  let unexpected = 0;
  let events = 0;
  let bytes = 0;
  const client = async () => {
    while (performance.now() < deadline && begun < amount) {
      begun++;
      const chat = await streamOnce(url, spec, agent);
      chats++;
      events += chat.events;
      bytes += chat.bytes;
      if (!chat.ok || chat.events === 0) unexpected++;
      else firstEvents.push(chat.firstEventMs);
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = await child.cpu();
  agent.destroy();
  firstEvents.sort((a, b) => a - b);
  return {
    chats,
    unexpected,
    events,
    bytes,
    seconds: elapsed,
    eventsPerSecond: events / elapsed,
    firstEventP50: percentile(firstEvents, 50),
    firstEventP99: percentile(firstEvents, 99),
    cpuPerEvent: (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / Math.max(1, events),
  };
}

/**
 * The frames of one stream as they came (each ending with its blank line), to hand a reference server that sends
 * the very same events.
 *
 * @example
 * const frames = await recordFrames(mock.url, spec); // ['event:conversation.chat.created\ndata:{…}\n\n', …]
 */
export async function recordFrames(baseURL: string, spec: StreamSpec): Promise<string[]> {
  const reply = await fetch(new URL(spec.path, baseURL), { method: 'POST', headers: { 'content-type': 'application/json', ...spec.headers }, body: spec.body });
  const text = await reply.text();
  if (reply.status !== 200 || !text.endsWith('\n\n')) throw new Error(`recording a stream got HTTP ${reply.status}: ${text.slice(0, 200)}`);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((frame) => `${frame}\n\n`);
}
