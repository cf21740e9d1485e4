/**
 * Workflows with the unmodified @coze/api over real loopback HTTP: `workflows.runs.create` (sync and `is_async` with
 * `runs.history`), `.stream`, `.resume`, and the SDK's errors; then paced streams over a socket: a client that leaves,
 * a reset and a shutdown each end the stream and leave no timer behind.
 */
import { AuthenticationError, CozeAPI, NotFoundError, PermissionDeniedError, type WorkflowEvent, type WorkflowEventInterrupt } from '@coze/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../src/index.js';

let server: RunningMockServer;
let client: CozeAPI;
let echo: string;
let question: string;
beforeAll(async () => {
  // Async runs settle on their second history read only (never by time here, on a slow machine either).
  server = await startMockServer({ workflows: { asyncCompleteAfterMs: 600_000 }, config: { pats: [{ token: 'pat_cannot_run_workflows', permissions: ['listBot'] }] } });
  client = new CozeAPI({ token: server.fixtures.pat, baseURL: server.url });
  echo = server.fixtures.workflows.find((w) => w.kind === 'echo')?.id as string;
  question = server.fixtures.workflows.find((w) => w.kind === 'question')?.id as string;
});
afterAll(() => server.close());

const collect = async (events: AsyncIterable<WorkflowEvent>) => {
  const seen: WorkflowEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
};

describe('@coze/api workflows.runs against the mock', () => {
  it('create runs the echo workflow: data holds the parameters, and history reports the same output', async () => {
    const parameters = { input: 'JavaScript', count: 2 };
    const run = await client.workflows.runs.create({ workflow_id: echo, parameters });
    expect(JSON.parse(run.data)).toEqual(parameters);
    const [entry] = await client.workflows.runs.history(echo, run.execute_id);
    expect(entry).toMatchObject({ execute_id: run.execute_id, execute_status: 'Success', output: run.data, run_mode: 0 });
  });

  it('create with is_async answers an execute_id; history says Running, then Success', async () => {
    const run = await client.workflows.runs.create({ workflow_id: echo, parameters: { input: 'Hello World' }, is_async: true });
    expect(run.execute_id).toMatch(/^\d{19}$/);
    expect((await client.workflows.runs.history(echo, run.execute_id))[0]?.execute_status).toBe('Running');
    const [done] = await client.workflows.runs.history(echo, run.execute_id);
    expect(done).toMatchObject({ execute_status: 'Success', output: '{"input":"Hello World"}', run_mode: 2 });
  });

  it('stream yields the End node\'s Message and then Done, numbered from 0', async () => {
    const events = await collect(client.workflows.runs.stream({ workflow_id: echo, parameters: { input: 'hi' } }));
    expect(events.map((e) => [e.id, e.event])).toEqual([
      [0, 'Message'],
      [1, 'Done'],
    ]);
    expect(events[0]?.data).toMatchObject({ content: '{"input":"hi"}', node_title: 'End', node_is_finish: true });
  });

  it('stream stops at the question\'s Interrupt; resume with its event_id and type ends with the answer and Done', async () => {
    const asked = await collect(client.workflows.runs.stream({ workflow_id: question, parameters: { question: 'Which city?' } }));
    expect(asked.map((e) => e.event)).toEqual(['Message', 'Interrupt']);
    expect(asked[0]?.data).toMatchObject({ content: 'Which city?' });
    const { interrupt_data } = asked[1]?.data as WorkflowEventInterrupt;
    const resumed = await collect(
      client.workflows.runs.resume({ workflow_id: question, event_id: interrupt_data.event_id, interrupt_type: interrupt_data.type, resume_data: 'Hangzhou' }),
    );
    expect(resumed.map((e) => [e.id, e.event])).toEqual([
      [0, 'Message'],
      [1, 'Done'],
    ]);
    expect(JSON.parse((resumed[0]?.data as { content: string }).content)).toEqual({ question: 'Which city?', answer: 'Hangzhou' });
  });

  it('surfaces the mock\'s refusals as the SDK\'s error classes, on streams too', async () => {
    const stranger = new CozeAPI({ token: 'pat_not_a_real_token', baseURL: server.url });
    await expect(collect(stranger.workflows.runs.stream({ workflow_id: echo }))).rejects.toBeInstanceOf(AuthenticationError);
    await expect(collect(client.workflows.runs.stream({ workflow_id: '123' }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.workflows.runs.create({ workflow_id: '123' })).rejects.toMatchObject({ status: 404, code: 4200, msg: 'workflow 123 not found' });
    const limited = new CozeAPI({ token: 'pat_cannot_run_workflows', baseURL: server.url });
    await expect(limited.workflows.runs.create({ workflow_id: echo })).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe('paced streams over a socket (workflows.eventDelayMs)', () => {
  let paced: RunningMockServer;
  beforeAll(async () => {
    paced = await startMockServer({ workflows: { eventDelayMs: 400 } });
  });
  afterAll(() => paced.close());

  /** Starts a stream of the echo workflow and reads its first frame. */
  async function firstFrame(target: RunningMockServer, signal?: AbortSignal) {
    const res = await fetch(`${target.url}/v1/workflow/stream_run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.fixtures.pat}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workflow_id: target.fixtures.workflows[0]?.id }),
      ...(signal ? { signal } : {}),
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^id: 0\nevent: Message\n/);
    return reader;
  }
  const pendingOf = (target: RunningMockServer) => target.app.mock.store.workflowRuns.waits.pending;
  async function until(condition: () => boolean) {
    for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return condition();
  }

  it('sends every event, the later ones after the delay', async () => {
    const reader = await firstFrame(paced);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toMatch(/^id: 1\nevent: Done\n/);
  });

  it('stops and lets its timer go when the client leaves', async () => {
    const leave = new AbortController();
    await firstFrame(paced, leave.signal);
    expect(pendingOf(paced)).toBe(1);
    leave.abort();
    expect(await until(() => pendingOf(paced) === 0)).toBe(true);
  });

  it('is cut off by a reset (the body breaks off) and by a shutdown, which does not wait for it', async () => {
    const reader = await firstFrame(paced);
    await fetch(`${paced.url}/__mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await expect(reader.read()).rejects.toThrow();
    expect(pendingOf(paced)).toBe(0);

    const own = await startMockServer({ workflows: { eventDelayMs: 10_000 } });
    const held = await firstFrame(own);
    await own.close();
    await expect(held.read()).rejects.toThrow();
    expect(pendingOf(own)).toBe(0);
  });
});
