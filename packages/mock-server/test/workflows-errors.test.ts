/**
 * Bad input on the workflow endpoints: tokens (401 code 4100, 403 code 4101 naming `runWorkflow`), wrong types,
 * unknown ids and oversize bodies. Each gets a Coze-shaped 4xx JSON envelope (the streaming calls too, before any
 * event), never a 5xx.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { expectApiError, fixturesOf, newMock, postJson, T0_SECONDS } from './helpers.js';
import { callWorkflow, expectEvents, historyPath, interruptOf, RUN, STREAM_RESUME, STREAM_RUN, withToken, workflowsOf } from './workflow-support.js';

const OTHER_USER_PAT = 'pat_other_user_token';
const NO_WORKFLOW_PAT = 'pat_without_run_workflow';
const EXPIRED_PAT = 'pat_expired_long_ago';
const TEAM_ONLY_PAT = 'pat_team_space_only';

/** The fixtures' team space: the workflows live in the personal one. */
const TEAM = fixturesOf(newMock()).workspaces[1]?.id as string;

let app: MockApp;
let ids: { echo: string; question: string };
beforeEach(() => {
  const pats = [
    { token: OTHER_USER_PAT, userId: '4242' },
    { token: NO_WORKFLOW_PAT, permissions: ['listBot'] },
    { token: EXPIRED_PAT, expiresAt: T0_SECONDS - 1 },
    { token: TEAM_ONLY_PAT, workspaceIds: [TEAM] },
  ];
  app = newMock({ config: { pats }, bodyLimitBytes: 1024 });
  ids = workflowsOf(app);
});

/** Asserts a JSON error envelope (not an event stream) and returns its message. */
async function expectRefusal(res: Response, status: number, code: number): Promise<string> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await expectApiError(res, status, code)).msg;
}

/** One valid call per endpoint, with `token` (undefined: no Authorization header). */
const calls: Record<string, (a: MockApp, token?: string) => Response | Promise<Response>> = {
  run: (a, token) => postJson(a, RUN, { workflow_id: workflowsOf(a).echo }, token === undefined ? {} : withToken(token)),
  stream_run: (a, token) => postJson(a, STREAM_RUN, { workflow_id: workflowsOf(a).echo }, token === undefined ? {} : withToken(token)),
  stream_resume: (a, token) =>
    postJson(a, STREAM_RESUME, { workflow_id: workflowsOf(a).question, event_id: '1/2', interrupt_type: 2, resume_data: 'x' }, token === undefined ? {} : withToken(token)),
  run_histories: (a, token) => a.request(historyPath(workflowsOf(a).echo, '123'), token === undefined ? {} : { headers: withToken(token) }),
};

describe.each(Object.keys(calls))('%s', (name) => {
  const call = calls[name] as (a: MockApp, token?: string) => Response | Promise<Response>;

  it('answers 401 code 4100 as JSON without a token, with an unknown one and with an expired one', async () => {
    await expectRefusal(await call(app), 401, 4100);
    await expectRefusal(await call(app, 'pat_nobody_has_this'), 401, 4100);
    await expectRefusal(await call(app, EXPIRED_PAT), 401, 4100);
  });

  it('answers 403 code 4101 naming runWorkflow to a token without that permission', async () => {
    expect(await expectRefusal(await call(app, NO_WORKFLOW_PAT), 403, 4101)).toBe('the token lacks the permission runWorkflow');
  });

  it('answers 403 code 4101 to a token limited to another workspace', async () => {
    expect(await expectRefusal(await call(app, TEAM_ONLY_PAT), 403, 4101)).toContain('workspace');
  });
});

describe.each([RUN, STREAM_RUN])('the body of %s', (path) => {
  const refused = async (body: unknown, field: string, headers: Record<string, string> = {}) => {
    const res = await postJson(app, path, body, { ...withToken(fixturesOf(app).pat), ...headers });
    expect(await expectRefusal(res, 400, 4000)).toContain(field);
  };

  it('must be a JSON object with a string workflow_id', async () => {
    await refused({}, 'workflow_id');
    await refused({ workflow_id: 7 }, 'workflow_id');
    await refused({ workflow_id: '' }, 'workflow_id');
    await refused('{"workflow_id":', 'body');
    await refused([ids.echo], 'body');
    await refused(JSON.stringify({ workflow_id: ids.echo }), 'content-type', { 'content-type': 'text/plain' });
  });

  it('refuses mistyped members: parameters, is_async, ext, bot_id, and bot_id with app_id together', async () => {
    await refused({ workflow_id: ids.echo, parameters: [1, 2] }, 'parameters');
    await refused({ workflow_id: ids.echo, parameters: 'not json' }, 'parameters');
    await refused({ workflow_id: ids.echo, parameters: '[1]' }, 'parameters');
    await refused({ workflow_id: ids.echo, is_async: 'yes' }, 'is_async');
    await refused({ workflow_id: ids.echo, ext: 'user' }, 'ext');
    await refused({ workflow_id: ids.echo, bot_id: 42 }, 'bot_id');
    await refused({ workflow_id: ids.echo, bot_id: '1', app_id: '2' }, 'app_id');
  });

  it('ignores null and unknown members', async () => {
    const res = await callWorkflow(app, path, { workflow_id: ids.echo, parameters: null, bot_id: null, execute_mode: 'whatever' });
    expect(res.status).toBe(200);
  });

  it('answers an unknown workflow 404 code 4200, and a body over bodyLimitBytes 413 code 4000', async () => {
    expect(await expectRefusal(await callWorkflow(app, path, { workflow_id: '7000000000000000000' }), 404, 4200)).toBe('workflow 7000000000000000000 not found');
    await expectRefusal(await callWorkflow(app, path, { workflow_id: ids.echo, parameters: { text: 'x'.repeat(2000) } }), 413, 4000);
  });
});

describe('stream_resume', () => {
  let eventId: string;
  beforeEach(async () => {
    eventId = interruptOf(await expectEvents(await callWorkflow(app, STREAM_RUN, { workflow_id: ids.question }))).event_id;
  });
  const resume = (body: Record<string, unknown>, token?: string) =>
    callWorkflow(app, STREAM_RESUME, { workflow_id: ids.question, event_id: eventId, interrupt_type: 2, resume_data: 'Ada', ...body }, token);

  it('needs every member, rightly typed', async () => {
    expect(await expectRefusal(await resume({ resume_data: undefined }), 400, 4000)).toContain('resume_data');
    expect(await expectRefusal(await resume({ resume_data: 5 }), 400, 4000)).toContain('resume_data');
    expect(await expectRefusal(await resume({ interrupt_type: '2' }), 400, 4000)).toContain('interrupt_type');
    expect(await expectRefusal(await resume({ event_id: undefined }), 400, 4000)).toContain('event_id');
  });

  it('refuses an interrupt_type other than the event\'s (2, a question) with 400, and keeps the event pending', async () => {
    expect(await expectRefusal(await resume({ interrupt_type: 1 }), 400, 4000)).toContain('interrupt_type');
    await expectEvents(await resume({}));
  });

  it('answers 404 code 4200 for an unknown event, another workflow\'s and another user\'s', async () => {
    await expectRefusal(await resume({ event_id: 'no-slash' }), 404, 4200);
    await expectRefusal(await resume({ event_id: `${eventId}0` }), 404, 4200);
    await expectRefusal(await resume({ workflow_id: ids.echo }), 404, 4200);
    await expectRefusal(await resume({}, OTHER_USER_PAT), 404, 4200);
    await expectEvents(await resume({}));
  });
});

describe('run_histories', () => {
  it('answers 404 code 4200 for an unknown run, another workflow\'s, another user\'s and an unknown workflow', async () => {
    const { execute_id } = (await (await callWorkflow(app, RUN, { workflow_id: ids.echo })).json()) as { execute_id: string };
    const get = (workflowId: string, executeId: string, token = fixturesOf(app).pat) => app.request(historyPath(workflowId, executeId), { headers: withToken(token) });
    await expectRefusal(await get(ids.echo, '1234'), 404, 4200);
    await expectRefusal(await get(ids.question, execute_id), 404, 4200);
    await expectRefusal(await get(ids.echo, execute_id, OTHER_USER_PAT), 404, 4200);
    await expectRefusal(await get('999', execute_id), 404, 4200);
    expect((await get(ids.echo, execute_id)).status).toBe(200);
  });
});

it('never answers a 5xx to malformed workflow calls', async () => {
  const bodies: unknown[] = ['', 'null', '1', '"s"', '{', '{"workflow_id":{}}', { workflow_id: ids.echo, parameters: 'null' }, { workflow_id: ids.echo, parameters: { deep: [[[[{}]]]] } }, { event_id: '/', workflow_id: ids.question, interrupt_type: 2, resume_data: '' }];
  for (const path of [RUN, STREAM_RUN, STREAM_RESUME]) {
    for (const body of bodies) {
      const res = await callWorkflow(app, path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
      await res.body?.cancel();
    }
  }
});
