import { cpus, loadavg, totalmem } from 'node:os';
import type { FullTables } from './full-tables.js';
import type { LoadResult } from './load.js';
import type { StreamResult } from './stream.js';

/** One timed scenario and, for the mock's, the reference it is compared with (and the issue's goal ratio). */
export interface Scenario {
  name: string;
  result: LoadResult;
  /** `steady`: the reference's 5 s steady run, when `result` is its run with the scenario's very requests. */
  reference?: { name: string; result: LoadResult; goal?: number; steady?: LoadResult };
}

export interface Report {
  quick: boolean;
  seconds: number;
  connections: number;
  scenarios: Scenario[];
  /** The streamed chat: the mock, and the reference sending the same `events` frames (`bytes` in all) with streamSSE. */
  streaming: { events: number; bytes: number; reference: StreamResult; mock: StreamResult };
  startup: { cliMs: number; honoMs: number; ratio: number; runs: number };
  heap: { tokens: number; bytes: number; bytesPerToken: number };
  chatHeap: { messages: number; bytes: number; bytesPerMessage: number };
  fullTables: FullTables;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(2);

/**
 * The start-up line of the report (alone, it is what `--only startup` prints).
 *
 * @example
 * console.log(formatStartup({ cliMs: 210, honoMs: 150, ratio: 1.4, runs: 9 }));
 */
export function formatStartup(startup: Report['startup']): string {
  return `start-up, spawn to first 200 (median of ${startup.runs}): compiled CLI ${int(startup.cliMs)} ms, bare Hono ${int(startup.honoMs)} ms, ratio ${startup.ratio.toFixed(2)} (goal ≤ 1.5)`;
}

/**
 * The streamed chat's table and its two ratios, each beside the reference's figure: time to first event (the
 * reference's over the mock's, so that higher is better in both) and events per second.
 *
 * @example
 * formatStreaming(report.streaming); // ['## streamed chat …', '| server | …', …]
 */
export function formatStreaming({ events, bytes, reference, mock }: Report['streaming']): string[] {
  const row = (name: string, r: StreamResult) =>
    `| ${name} | ${int(r.chats)} | ${r.unexpected} | ${int(r.eventsPerSecond)} | ${ms(r.firstEventP50)} | ${ms(r.firstEventP99)} | ${int(r.cpuPerEvent)} |`;
  return [
    `streamed chat, POST /v3/chat: ${events} events and ${int(bytes)} bytes a chat (echo bot, 200 characters, 4 a delta), the same frames from both servers`,
    '',
    '| server | chats | unexpected | events/s | first event p50 ms | p99 ms | server CPU µs/event |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('reference: bare Hono streamSSE, the same frames', reference),
    row('mock: streamed chat with the echo bot', mock),
    '',
    `streamed chat, events per second: mock ${int(mock.eventsPerSecond)}, reference ${int(reference.eventsPerSecond)}, ratio ${(mock.eventsPerSecond / reference.eventsPerSecond).toFixed(2)} (goal ≥ 0.8)`,
    `streamed chat, time to first event (p50): mock ${ms(mock.firstEventP50)} ms, reference ${ms(reference.firstEventP50)} ms, ratio ${(reference.firstEventP50 / mock.firstEventP50).toFixed(2)} (reference over mock; goal ≥ 0.8)`,
  ];
}

/**
 * The bench's printed report (markdown).
 *
 * @example
 * console.log(formatReport(report));
 */
export function formatReport(report: Report): string {
  const cpu = cpus();
  const lines = [
    `# coze-mock bench${report.quick ? ' (quick)' : ''}`,
    '',
    `node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${int(totalmem() / 2 ** 20)} MiB, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; autocannon, ${report.connections} connections, ${report.seconds} s per scenario`,
    '',
    '| scenario | requests | unexpected | req/s | p50 ms | p99 ms | server CPU µs/req | ratio of req/s (goal) | ratio of CPU per request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const { name, result: r, reference } of report.scenarios) {
    const steady = reference?.steady ? `; ${(r.rps / reference.steady.rps).toFixed(2)} of its steady rate` : '';
    const ratio = reference ? `${(r.rps / reference.result.rps).toFixed(2)} of ${reference.name}${reference.goal ? ` (≥ ${reference.goal})` : ''}${steady}` : '';
    // The reference's server CPU per request over the mock's: the figure the load generator (sharing the cores) cannot
    // move; the same goal applies.
    const cpuRatio = reference && r.cpuPerRequest > 0 ? (reference.result.cpuPerRequest / r.cpuPerRequest).toFixed(2) : '';
    lines.push(`| ${name} | ${int(r.requests)} | ${r.unexpected} | ${int(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${int(r.cpuPerRequest)} | ${ratio} | ${cpuRatio} |`);
  }
  const { startup, heap, chatHeap, fullTables } = report;
  lines.push(
    '',
    ...formatStreaming(report.streaming),
    '',
    formatStartup(startup),
    `heap per stored token: ${int(heap.bytesPerToken)} bytes (${int(heap.tokens)} tokens issued in-process, ${int(heap.bytes)} bytes after a full GC; goal ≤ 300)`,
    `heap per stored message: ${int(chatHeap.bytesPerMessage)} bytes (${int(chatHeap.messages)} messages of streamed echo chats, with their conversations and chat records, ${int(chatHeap.bytes)} bytes after a full GC)`,
    `full tables: ${int(fullTables.records)} records (8 tables × ${int(fullTables.maxEntries)}) hold ${fullTables.heapMiB.toFixed(1)} MiB of heap, ${fullTables.totalHeapMiB.toFixed(1)} MiB in all (goal ≤ 256 MiB at the default cap)`,
  );
  return lines.join('\n');
}
