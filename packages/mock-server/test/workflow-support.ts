/**
 * Helpers of the workflow tests: the fixture workflows of a mock, calls with the fixture PAT, and a reader of
 * server-sent events that keeps each frame's exact lines (the framing is part of the contract).
 */
import { expect } from 'vitest';
import type { MockApp } from '../src/app.js';
import { fixturesOf, postJson } from './helpers.js';

export const RUN = '/v1/workflow/run';
export const STREAM_RUN = '/v1/workflow/stream_run';
export const STREAM_RESUME = '/v1/workflow/stream_resume';
export const historyPath = (workflowId: string, executeId: string) => `/v1/workflows/${workflowId}/run_histories/${executeId}`;

/** The echo and question workflows of a mock (from `/__mock/fixtures`' view). */
export function workflowsOf(app: MockApp) {
  const { workflows } = fixturesOf(app);
  const byKind = (kind: string) => workflows.find((w) => w.kind === kind)?.id as string;
  return { echo: byKind('echo'), question: byKind('question') };
}

export const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

/** POSTs a workflow call with the fixture PAT (or `token`). */
export const callWorkflow = (app: MockApp, path: string, body: unknown, token = fixturesOf(app).pat) => postJson(app, path, body, withToken(token));

/** GETs a run's history with the fixture PAT and returns its one entry. */
export async function history(app: MockApp, workflowId: string, executeId: string): Promise<Record<string, unknown>> {
  const res = await app.request(historyPath(workflowId, executeId), { headers: withToken(fixturesOf(app).pat) });
  const body = (await res.json()) as { code: number; data: Record<string, unknown>[] };
  expect([res.status, body.code, body.data.length], JSON.stringify(body)).toEqual([200, 0, 1]);
  return body.data[0] as Record<string, unknown>;
}

export interface ReadEvent {
  id: string;
  event: string;
  data: string;
  /** The frame's lines as sent, without the blank line that ends it. */
  lines: string[];
}

/** Splits an event-stream body into frames (each ended by a blank line) and reads their fields. */
export function readEvents(text: string): ReadEvent[] {
  expect(text.endsWith('\n\n') || text === '', 'the body ends with a complete frame').toBe(true);
  return text
    .split('\n\n')
    .slice(0, -1)
    .map((frame) => {
      const lines = frame.split('\n');
      const field = (name: string) => lines.filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2)).join('\n');
      return { id: field('id'), event: field('event'), data: field('data'), lines };
    });
}

/** Asserts an event-stream reply and returns its events. */
export async function expectEvents(res: Response): Promise<ReadEvent[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return readEvents(await res.text());
}

/** The pending event id of a stream that ended with Interrupt. */
export function interruptOf(events: ReadEvent[]): { event_id: string; type: number } {
  const last = events.at(-1);
  expect(last?.event).toBe('Interrupt');
  return (JSON.parse(last?.data ?? '{}') as { interrupt_data: { event_id: string; type: number } }).interrupt_data;
}
