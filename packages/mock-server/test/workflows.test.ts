/**
 * Workflows (coze-openapi.yaml OpenAPIRunFlow, OpenAPIStreamRunFlow, OpenAPIStreamResumeFlow,
 * OpenAPIGetWorkflowRunHistory) over the fixture workflows: replies, the stream's framing, interrupts and resumes, run
 * histories, async runs under a frozen clock, and the runs' state (cap, reset). Bad input: workflows-errors.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { createMockApp } from '../src/app.js';
import { expectApiError, fixturesOf, LOGID, newMock, SEED, T0_SECONDS } from './helpers.js';
import { callWorkflow, expectEvents, history, historyPath, interruptOf, RUN, STREAM_RESUME, STREAM_RUN, withToken, workflowsOf } from './workflow-support.js';

let app: MockApp;
let ids: { echo: string; question: string };
beforeEach(() => {
  app = newMock();
  ids = workflowsOf(app);
});

const runReply = async (res: Response) => {
  const body = (await res.json()) as Record<string, unknown>;
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body).toMatchObject({ code: 0, msg: '', detail: { logid: res.headers.get('x-tt-logid') } });
  return body;
};

describe('the fixture workflows', () => {
  it('are listed under workflows in /__mock/fixtures with an id and a name that says what each does', async () => {
    const { workflows } = (await (await app.request('/__mock/fixtures')).json()) as { workflows: { id: string; kind: string; name: string }[] };
    expect(workflows.map((w) => [w.kind, w.name])).toEqual([
      ['echo', 'Echo workflow'],
      ['question', 'Question workflow'],
    ]);
    for (const w of workflows) expect(w.id).toMatch(/^[1-9]\d{18}$/);
  });

  it('have ids derived from the seed: the same seed gives the same ids, another seed others', () => {
    expect(workflowsOf(newMock())).toEqual(ids);
    expect(workflowsOf(createMockApp({ seed: `${SEED}-other` })).echo).not.toBe(ids.echo);
  });
});

describe('POST /v1/workflow/run', () => {
  it('runs the echo workflow at once: data is the JSON of the parameters, with execute_id, debug_url and usage', async () => {
    const parameters = { input: 'JavaScript', n: 3, nested: { ok: true } };
    const body = await runReply(await callWorkflow(app, RUN, { workflow_id: ids.echo, parameters }));
    expect(JSON.parse(body.data as string)).toEqual(parameters);
    expect(body.execute_id).toMatch(/^[1-9]\d{18}$/);
    expect(body.debug_url).toBe(`http://localhost/work_flow?execute_id=${body.execute_id}&space_id=${fixturesOf(app).workspaces[0]?.id}&workflow_id=${ids.echo}`);
    // A quarter of the UTF-8 bytes, rounded up: 50 bytes in, the same 50 out.
    expect(body.usage).toEqual({ input_count: 13, output_count: 13, token_count: 26 });
  });

  it('takes parameters given as a JSON string holding an object, and none at all', async () => {
    expect((await runReply(await callWorkflow(app, RUN, { workflow_id: ids.echo, parameters: '{"a":"b"}' }))).data).toBe('{"a":"b"}');
    expect((await runReply(await callWorkflow(app, RUN, { workflow_id: ids.echo }))).data).toBe('{}');
  });

  it('answers the question workflow with interrupt_data (type 2, the question in data) and no output', async () => {
    const body = await runReply(await callWorkflow(app, RUN, { workflow_id: ids.question, parameters: { question: 'Which city?' } }));
    expect(body.data).toBe('');
    expect(body.interrupt_data).toEqual({ event_id: expect.stringMatching(new RegExp(`^${body.execute_id}/\\d{19}$`)), type: 2, data: '{"content_type":"text","content":"Which city?"}' });
  });

  it('records the run: its history is Success with the same output, run_mode 0 and the request\'s logid', async () => {
    const res = await callWorkflow(app, RUN, { workflow_id: ids.echo, parameters: { x: 1 }, ext: { user_id: 'end-user-7' }, bot_id: '7348' });
    const body = await runReply(res);
    expect(await history(app, ids.echo, body.execute_id as string)).toEqual({
      execute_id: body.execute_id,
      execute_status: 'Success',
      bot_id: '7348',
      connector_id: '1024',
      connector_uid: 'end-user-7',
      run_mode: 0,
      logid: res.headers.get('x-tt-logid'),
      create_time: T0_SECONDS,
      update_time: T0_SECONDS,
      output: '{"x":1}',
      error_code: '0',
      error_message: '',
      debug_url: body.debug_url,
      usage: body.usage,
      is_output_trimmed: false,
    });
  });
});

describe('is_async runs', () => {
  const startAsync = async (a: MockApp, workflowId: string) =>
    (await runReply(await callWorkflow(a, RUN, { workflow_id: workflowId, parameters: { input: 'later' }, is_async: true }))) as { execute_id: string; data?: unknown };

  it('answer only execute_id and debug_url; the history says Running, then Success on the second read even on a frozen clock', async () => {
    const started = await startAsync(app, ids.echo);
    expect(started).not.toHaveProperty('data');
    expect(await history(app, ids.echo, started.execute_id)).toMatchObject({
      execute_status: 'Running',
      output: '',
      run_mode: 2,
      usage: { token_count: 0 },
      bot_id: '0',
      connector_uid: fixturesOf(app).user.user_id,
    });
    expect(await history(app, ids.echo, started.execute_id)).toMatchObject({ execute_status: 'Success', output: '{"input":"later"}', run_mode: 2 });
  });

  it('complete once asyncCompleteAfterMs of the mock clock has passed, whatever the reads', async () => {
    const slow = newMock({ workflows: { asyncCompleteAfterMs: 5000, asyncCompleteAfterRetrievals: 1000 } });
    const { echo } = workflowsOf(slow);
    const started = await startAsync(slow, echo);
    expect((await history(slow, echo, started.execute_id)).execute_status).toBe('Running');
    slow.mock.clock.advance(4.999);
    expect((await history(slow, echo, started.execute_id)).execute_status).toBe('Running');
    slow.mock.clock.advance(0.001);
    expect((await history(slow, echo, started.execute_id)).execute_status).toBe('Success');
  });

  it('of the question workflow end Running with interrupt_data, and resume through stream_resume', async () => {
    const started = await startAsync(app, ids.question);
    await history(app, ids.question, started.execute_id);
    const waiting = await history(app, ids.question, started.execute_id);
    expect(waiting).toMatchObject({ execute_status: 'Running', interrupt_data: { type: 2 } });
    const { event_id } = waiting.interrupt_data as { event_id: string };
    const events = await expectEvents(await callWorkflow(app, STREAM_RESUME, { workflow_id: ids.question, event_id, interrupt_type: 2, resume_data: 'Ada' }));
    expect(events.map((e) => e.event)).toEqual(['Message', 'Done']);
    expect(await history(app, ids.question, started.execute_id)).toMatchObject({ execute_status: 'Success', output: '{"question":"What is your name?","answer":"Ada"}' });
  });
});

describe('POST /v1/workflow/stream_run', () => {
  it('streams the echo workflow in Coze\'s framing: id, event and data lines with a space after the colon, ids from 0, Done last', async () => {
    const res = await callWorkflow(app, STREAM_RUN, { workflow_id: ids.echo, parameters: { input: 'hi' } });
    expect(res.headers.get('x-tt-logid')).toMatch(LOGID);
    const events = await expectEvents(res);
    expect(events.map((e) => e.lines.map((line) => line.slice(0, line.indexOf(' '))))).toEqual([
      ['id:', 'event:', 'data:'],
      ['id:', 'event:', 'data:'],
    ]);
    expect(events.map((e) => [e.id, e.event])).toEqual([
      ['0', 'Message'],
      ['1', 'Done'],
    ]);
    expect(JSON.parse(events[0]?.data as string)).toMatchObject({ content: '{"input":"hi"}', node_title: 'End', node_seq_id: '0', node_is_finish: true, usage: { token_count: 8 } });
    const { debug_url } = JSON.parse(events[1]?.data as string) as { debug_url: string };
    const executeId = new URL(debug_url).searchParams.get('execute_id') as string;
    expect(await history(app, ids.echo, executeId)).toMatchObject({ execute_status: 'Success', run_mode: 1, output: '{"input":"hi"}' });
  });

  it('asks the question workflow\'s question as a Message and ends the stream with Interrupt, no Done', async () => {
    const events = await expectEvents(await callWorkflow(app, STREAM_RUN, { workflow_id: ids.question }));
    expect(events.map((e) => [e.id, e.event])).toEqual([
      ['0', 'Message'],
      ['1', 'Interrupt'],
    ]);
    expect(JSON.parse(events[0]?.data as string)).toMatchObject({ content: 'What is your name?', node_title: 'Question' });
    expect(JSON.parse(events[1]?.data as string)).toEqual({ interrupt_data: { data: '', event_id: expect.stringMatching(/^\d{19}\/\d{19}$/), type: 2 }, node_title: 'Question' });
  });
});

describe('POST /v1/workflow/stream_resume', () => {
  const ask = async (a: MockApp = app) => interruptOf(await expectEvents(await callWorkflow(a, STREAM_RUN, { workflow_id: ids.question, parameters: { question: 'Which city?' } })));
  const resume = (event_id: string, resume_data: string) => callWorkflow(app, STREAM_RESUME, { workflow_id: ids.question, event_id, interrupt_type: 2, resume_data });

  it('resumes with the answer: ids start again at 0, the End message holds {question, answer}, then Done', async () => {
    const events = await expectEvents(await resume((await ask()).event_id, 'Hangzhou'));
    expect(events.map((e) => [e.id, e.event])).toEqual([
      ['0', 'Message'],
      ['1', 'Done'],
    ]);
    expect(JSON.parse(JSON.parse(events[0]?.data as string).content as string)).toEqual({ question: 'Which city?', answer: 'Hangzhou' });
  });

  it('answers an event only once: a second resume of it is 404 code 4200', async () => {
    const { event_id } = await ask();
    await expectEvents(await resume(event_id, 'Hangzhou'));
    const again = await resume(event_id, 'Hangzhou');
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);
    await expectApiError(again, 404, 4200);
  });

  it('asks again after a blank answer, under a new event id, and fails the run at the third blank resume', async () => {
    let { event_id } = await ask();
    const executeId = event_id.split('/')[0] as string;
    for (let i = 1; i <= 2; i++) {
      const events = await expectEvents(await resume(event_id, '  '));
      expect(events.map((e) => e.event)).toEqual(['Message', 'Interrupt']);
      const next = interruptOf(events).event_id;
      expect(next).not.toBe(event_id);
      expect(next.startsWith(`${executeId}/`)).toBe(true);
      event_id = next;
    }
    const failed = await expectEvents(await resume(event_id, ''));
    expect(failed.map((e) => [e.id, e.event])).toEqual([['0', 'Error']]);
    expect(JSON.parse(failed[0]?.data as string)).toEqual({ error_code: 4000, error_message: 'the question was not answered in 3 resumes' });
    expect(await history(app, ids.question, executeId)).toMatchObject({ execute_status: 'Fail', error_code: '4000', output: '' });
  });
});

describe('the runs\' state', () => {
  it('is capped by limits.maxEntries: a full table of live runs refuses the next with 429 and Retry-After, and keeps the others', async () => {
    const small = newMock({ limits: { maxEntries: 2 } });
    const { echo } = workflowsOf(small);
    const first = await runReply(await callWorkflow(small, RUN, { workflow_id: echo }));
    await expectEvents(await callWorkflow(small, STREAM_RUN, { workflow_id: echo }));
    const refused = await callWorkflow(small, RUN, { workflow_id: echo });
    expect(refused.headers.get('retry-after')).toBe('86400');
    await expectApiError(refused, 429, 4013);
    expect((await history(small, echo, first.execute_id as string)).execute_status).toBe('Success');
    small.mock.clock.advance(86_400);
    await runReply(await callWorkflow(small, RUN, { workflow_id: echo }));
  });

  it('is cleared by reset: a run\'s history is then 404 code 4200', async () => {
    const body = await runReply(await callWorkflow(app, RUN, { workflow_id: ids.echo }));
    await app.request('/__mock/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await expectApiError(await app.request(historyPath(ids.echo, body.execute_id as string), { headers: withToken(fixturesOf(app).pat) }), 404, 4200);
  });

  it('keeps runs per sandbox: a sandbox does not see the server\'s runs', async () => {
    const body = await runReply(await callWorkflow(app, RUN, { workflow_id: ids.echo }));
    const created = (await (await app.request('/__mock/sandboxes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { id: string };
    const res = await app.request(`/__sandbox/${created.id}${historyPath(ids.echo, body.execute_id as string)}`, { headers: withToken(fixturesOf(app).pat) });
    await expectApiError(res, 404, 4200);
  });
});
