/**
 * `pnpm bench --quick` as a smoke: every scenario runs against its real server process and reports finite figures.
 * No timing is asserted (the machine may be busy); the full bench is `pnpm bench` (bench/RESULTS.md).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import type { Report } from '../bench/report.js';

const SCENARIOS = [
  'reference: bare Hono GET /hello',
  'mock: PAT GET /v1/users/me',
  'reference: bare Hono + jose RS256 verify',
  'reference: jose verify, the same JWTs',
  'mock: JWT exchange (fresh JWT each)',
  'reference: bare Hono POST, random token',
  'reference: bare POST, the same code requests',
  'mock: code exchange (fresh code each)',
  'reference: bare POST, the same refresh requests',
  'mock: refresh (fresh refresh token each)',
  'mock: POST …/device/code',
];

it('bench --quick measures every scenario, the streamed chat beside its reference, the start-up ratio, the heap per token, per message and of full tables', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--json'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    maxBuffer: 16 * 1024 * 1024,
  });
  const report = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Report;
  expect(report.scenarios.map((s) => s.name)).toEqual(SCENARIOS);
  for (const { name, result, reference } of report.scenarios) {
    expect(result.requests, name).toBeGreaterThan(0);
    expect(result.unexpected, `${name}: every reply is the expected one`).toBe(0);
    for (const figure of [result.rps, result.p50, result.p99, result.cpuPerRequest]) expect(Number.isFinite(figure), name).toBe(true);
    if (name.startsWith('mock:')) expect(reference?.result.rps, name).toBeGreaterThan(0);
  }
  // The printed table carries a ratio for every mock scenario.
  expect(stdout.match(/\| mock: .* \| [\d.]+ of /g)).toHaveLength(5);
  for (const figure of [report.startup.cliMs, report.startup.honoMs, report.startup.ratio, report.heap.bytesPerToken]) {
    expect(Number.isFinite(figure) && figure > 0).toBe(true);
  }
  expect(report.heap.tokens).toBeGreaterThanOrEqual(400);
  // The streamed chat: both servers sent the same number of events per chat, every chat whole, and both ratios are printed.
  const { streaming, chatHeap } = report;
  for (const [name, result] of [['reference', streaming.reference], ['mock', streaming.mock]] as const) {
    expect(result.chats, name).toBeGreaterThan(0);
    expect(result.unexpected, `${name}: every stream is a 200 event stream`).toBe(0);
    expect(result.events, `${name}: ${streaming.events} events a chat`).toBe(result.chats * streaming.events);
    for (const figure of [result.eventsPerSecond, result.firstEventP50, result.firstEventP99, result.cpuPerEvent]) expect(Number.isFinite(figure), name).toBe(true);
  }
  expect(streaming.mock.bytes / streaming.mock.chats).toBeCloseTo(streaming.reference.bytes / streaming.reference.chats, -2);
  expect(stdout).toMatch(/streamed chat, events per second: mock [\d,]+, reference [\d,]+, ratio [\d.]+ \(goal ≥ 0\.8\)/);
  expect(stdout).toMatch(/streamed chat, time to first event \(p50\): mock [\d.]+ ms, reference [\d.]+ ms, ratio [\d.]+/);
  expect(chatHeap.messages).toBeGreaterThanOrEqual(450);
  expect(Number.isFinite(chatHeap.bytesPerMessage) && chatHeap.bytesPerMessage > 0).toBe(true);
  // Every table filled to the smoke's cap, and the heap it holds measured.
  expect(report.fullTables.records).toBe(8 * report.fullTables.maxEntries);
  expect(report.fullTables.heapMiB).toBeGreaterThan(0);
}, 180_000);
