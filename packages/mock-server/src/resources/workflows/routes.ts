import { Hono, type Context } from 'hono';
import { authorize } from '../../auth/index.js';
import type { Caller, MockContext, MockEnv } from '../../context.js';
import { ENDPOINTS } from '../../endpoints.js';
import { openApiErrors } from '../../errors.js';
import { createEventStream, EVENT_STREAM_HEADERS, type SseEvent } from '../../event-stream.js';
import { openApiReply, publicOrigin } from '../../http.js';
import { parseJsonText } from '../../json/limits.js';
import { fixtureWorkflows, type FixtureWorkflow } from './fixtures.js';
import { readApiBody } from '../request.js';
import { workflowIdPlace, workflowRunFields } from '../shared/wire-deviations.js';
import { resumeBody, runBody, type RunBody } from './schemas.js';
import { firstStep, resumeStep, usageOf, type Step } from './steps.js';
import { RUN_MODE, type RunMode, type WorkflowRun } from './store.js';
import { debugUrlOf, historyView, QUESTION_INTERRUPT, runReplyFields, stepEvents } from './views.js';

/**
 * Workflows (coze-openapi.yaml OpenAPIRunFlow, OpenAPIStreamRunFlow, OpenAPIStreamResumeFlow,
 * OpenAPIGetWorkflowRunHistory) over the fixture workflows. Every call checks the token first (401 code 4100, 403 code
 * 4101 without `runWorkflow`), then the body (400 code 4000), then the ids (404 code 4200): always a JSON reply, the
 * streaming calls included, before any event is sent.
 */

/** The permission every workflow call needs (the mock's name: Coze documents none). */
export const RUN_WORKFLOW_PERMISSION = 'runWorkflow';

/** The workflow, if it exists (else 4200) and the token may see its workspace (else 4101). */
function visibleWorkflow(mock: MockContext, caller: Caller, workflowId: string): FixtureWorkflow {
  const workflow = fixtureWorkflows(mock.fixtures).find((w) => w.id === workflowId);
  if (!workflow) throw openApiErrors.notFound(`workflow ${workflowId}`);
  if (caller.workspaceIds && !caller.workspaceIds.includes(workflow.workspaceId)) throw openApiErrors.permissionDenied(`workspace ${workflow.workspaceId}`);
  return workflow;
}

/** `parameters` as an object: given as one, or as a string holding one. */
function parametersOf(body: RunBody): Record<string, unknown> {
  const { parameters } = body;
  if (typeof parameters !== 'string') return parameters ?? {};
  const json = parseJsonText(parameters);
  const parsed = json.ok ? json.value : undefined;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw openApiErrors.invalidParameter('parameters', `a JSON object, or a string holding one${json.ok ? '' : ` (${json.why})`}`);
  }
  return parsed as Record<string, unknown>;
}

const outputOf = (step: Step) => (step.end.kind === 'done' ? step.end.output : '');

/** Validates a run request and records the run (429 when the runs table is full of live runs). */
async function startRun(c: Context<MockEnv>, mock: MockContext, mode: (body: RunBody) => RunMode): Promise<{ run: WorkflowRun; step: Step }> {
  const caller = authorize(c, mock, RUN_WORKFLOW_PERMISSION);
  const body = await readApiBody(c, mock, runBody);
  const workflow = visibleWorkflow(mock, caller, body.workflow_id);
  const parameters = parametersOf(body);
  const step = firstStep(workflow, parameters);
  const userId = body.ext?.user_id;
  const run = mock.store.workflowRuns.start(
    {
      workflowId: workflow.id,
      workspaceId: workflow.workspaceId,
      userId: caller.userId,
      botId: body.bot_id || '0',
      connectorId: body.connector_id || '1024',
      connectorUid: typeof userId === 'string' && userId ? userId : caller.userId,
      runMode: mode(body),
      logid: c.get('logid'),
      usage: usageOf(JSON.stringify(parameters), outputOf(step)),
      step,
    },
    mock.options.workflows,
  );
  return { run, step };
}

/** Sends the events, `eventDelayMs` apart; a reset or shutdown cuts the stream off, a client that leaves stops it. */
function streamReply(c: Context<MockEnv>, mock: MockContext, events: SseEvent[]): Response {
  const stream = createEventStream(c, 'spaced', workflowIdPlace(mock.deviations));
  const { waits } = mock.store.workflowRuns;
  const delayMs = mock.options.workflows.eventDelayMs;
  void (async () => {
    for (const [i, event] of events.entries()) {
      if (i > 0 && delayMs > 0) {
        const outcome = await waits.wait(delayMs, stream.signal);
        if (outcome === 'released') stream.drop();
        if (outcome !== 'elapsed') return;
      }
      stream.send(event);
    }
    stream.end();
  })();
  return c.body(stream.body, 200, EVENT_STREAM_HEADERS);
}

/**
 * @example
 * app.route('/', createWorkflowRoutes(mock));
 */
export function createWorkflowRoutes(mock: MockContext) {
  const runs = mock.store.workflowRuns;
  const debugUrl = (run: WorkflowRun) => debugUrlOf(publicOrigin(mock), run);
  return new Hono<MockEnv>()
    .post(ENDPOINTS.workflowRun, async (c) => {
      const { run } = await startRun(c, mock, (body) => (body.is_async ? RUN_MODE.async : RUN_MODE.sync));
      return c.json({ code: 0, msg: '', ...workflowRunFields(mock.deviations, runReplyFields(run, debugUrl(run))), detail: { logid: c.get('logid') } });
    })
    .post(ENDPOINTS.workflowStreamRun, async (c) => {
      const { run, step } = await startRun(c, mock, () => RUN_MODE.stream);
      return streamReply(c, mock, stepEvents(run, step, debugUrl(run)));
    })
    .post(ENDPOINTS.workflowStreamResume, async (c) => {
      const caller = authorize(c, mock, RUN_WORKFLOW_PERMISSION);
      const body = await readApiBody(c, mock, resumeBody);
      const workflow = visibleWorkflow(mock, caller, body.workflow_id);
      const run = runs.interrupted(body.event_id);
      if (!run || run.end.kind !== 'interrupt' || run.workflowId !== workflow.id || run.userId !== caller.userId) {
        throw openApiErrors.notFound(`pending interrupt event ${body.event_id} of workflow ${workflow.id}`);
      }
      if (body.interrupt_type !== QUESTION_INTERRUPT) {
        throw openApiErrors.invalidParameter('interrupt_type', `event ${body.event_id} is a question (type ${QUESTION_INTERRUPT})`);
      }
      const step = resumeStep(run.end.question, body.resume_data, run.resumes + 1);
      runs.resume(run, step, usageOf(body.resume_data, outputOf(step)));
      return streamReply(c, mock, stepEvents(run, step, debugUrl(run)));
    })
    .get(ENDPOINTS.workflowRunHistory, (c) => {
      const caller = authorize(c, mock, RUN_WORKFLOW_PERMISSION);
      const workflow = visibleWorkflow(mock, caller, c.req.param('workflow_id'));
      const executeId = c.req.param('execute_id');
      const run = runs.get(executeId);
      if (!run || run.workflowId !== workflow.id || run.userId !== caller.userId) throw openApiErrors.notFound(`execute_id ${executeId} of workflow ${workflow.id}`);
      runs.read(run);
      return openApiReply(c, [historyView(run, runs.settled(run), debugUrl(run))]);
    });
}
