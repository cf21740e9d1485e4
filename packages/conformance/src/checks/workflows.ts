import { assert, expectNonEmptyString, expectReply } from './assert.js';
import { defineChecks, type CheckContext } from './check.js';
import { answerOf, collectEvents, patClient, requireCall, uniqueText, userQuestion, type SdkChatEvent } from './chat-support.js';
import { raw } from './flows.js';

/**
 * Workflows through the SDK's `workflows` resource (coze-openapi.yaml OpenAPIRunFlow, OpenAPIStreamRunFlow,
 * OpenAPIStreamResumeFlow, OpenAPIGetWorkflowRunHistory, OpenAPIChatFlowRun) over the echo and question workflows.
 */

/** A workflow event as `runs.stream` and `runs.resume` yield it (coze-js `WorkflowEvent`). */
interface SdkWorkflowEvent {
  id: number;
  event: string;
  data?: Record<string, unknown>;
}

/** The events of a stream the SDK read as text: coze-js 1.2.0 and older post `stream_resume` as a plain request. */
function eventsFromText(text: string): SdkWorkflowEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const fields = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
      return { id: Number(fields.id), event: fields.event as string, ...(fields.event === 'Done' ? {} : { data: JSON.parse(fields.data as string) as Record<string, unknown> }) };
    });
}

/** The events of `runs.stream` or `runs.resume`: a generator's, or those of the text older versions return. */
async function workflowEvents(result: unknown): Promise<SdkWorkflowEvent[]> {
  const settled = await result;
  if (typeof settled === 'string') return eventsFromText(settled);
  return collectEvents(settled as AsyncIterable<SdkWorkflowEvent>);
}

/** Asserts a stream's ids count from 0 and its names, and returns the events by name. */
function expectEvents(events: readonly SdkWorkflowEvent[], names: string[]): SdkWorkflowEvent[] {
  assert.deepEqual(events.map((e) => e.event), names, 'the stream\'s events');
  assert.deepEqual(events.map((e) => e.id), names.map((_, i) => i), 'event ids count from 0 (the id each SDK reads before the data)');
  return [...events];
}

const messageContent = (event: SdkWorkflowEvent | undefined) => (event?.data as { content?: unknown } | undefined)?.content;

/** Streams the question workflow to its interrupt and returns the interrupt's data. */
async function interruptOf(ctx: CheckContext, question: string) {
  const events = await workflowEvents(patClient(ctx).workflows.runs.stream({ workflow_id: ctx.cred('workflows').question, parameters: { question } }));
  const [message, interrupt] = expectEvents(events, ['Message', 'Interrupt']);
  assert.equal(messageContent(message), question, 'the question node asks its question as a Message');
  const data = (interrupt?.data as { interrupt_data?: { event_id?: unknown; type?: unknown } }).interrupt_data;
  expectNonEmptyString(data?.event_id, 'interrupt_data.event_id');
  assert.equal(typeof data.type, 'number', 'interrupt_data.type is a number');
  return { event_id: data.event_id, type: data.type as number };
}

export const workflowChecks = defineChecks('workflows', [
  {
    id: 'workflows.run-echo',
    title: 'workflows.runs.create with the echo workflow: data is the output as a JSON string, with execute_id, debug_url and usage',
    source: '@coze/api Runs.create (returns the whole body); coze-openapi.yaml OpenAPIRunFlow; contract rows workflow.run-request, workflow.run-reply',
    covers: ['workflow.run-request', 'workflow.run-reply'],
    needs: ['pat', 'workflows'],
    async run(ctx) {
      const parameters = { input: uniqueText('run'), n: 3 };
      const reply = await patClient(ctx).workflows.runs.create({ workflow_id: ctx.cred('workflows').echo, parameters });
      assert.equal(typeof reply?.data, 'string', `data is the output as a string: ${JSON.stringify(reply)}`);
      assert.deepEqual(JSON.parse(reply.data), parameters, 'the echo workflow outputs its parameters');
      expectNonEmptyString(reply.execute_id, 'execute_id');
      expectNonEmptyString(reply.debug_url, 'debug_url');
      assert.equal(typeof (reply as { usage?: { token_count?: unknown } }).usage?.token_count, 'number', 'usage.token_count is a number');
    },
  },
  {
    id: 'workflows.stream-echo-done',
    title: 'workflows.runs.stream with the echo workflow: a Message with the output, then Done, ids 0 and 1',
    source: '@coze/api Runs.stream (WorkflowEvent); coze-openapi.yaml OpenAPIStreamRunFlow; contract rows workflow.stream-framing, workflow.stream-events',
    covers: ['workflow.stream-framing', 'workflow.stream-events', 'workflow.run-request'],
    needs: ['pat', 'workflows'],
    async run(ctx) {
      const parameters = { input: uniqueText('stream') };
      const events = await workflowEvents(patClient(ctx).workflows.runs.stream({ workflow_id: ctx.cred('workflows').echo, parameters }));
      const [message] = expectEvents(events, ['Message', 'Done']);
      assert.deepEqual(JSON.parse(String(messageContent(message))), parameters, 'the Message carries the output');
      const data = message?.data as { node_title?: unknown; node_seq_id?: unknown; node_is_finish?: unknown };
      assert.deepEqual([typeof data.node_title, typeof data.node_seq_id, data.node_is_finish], ['string', 'string', true], 'node_title, node_seq_id (a string), node_is_finish');
    },
  },
  {
    id: 'workflows.stream-question-resume',
    title: 'the question workflow streams its question and an Interrupt; workflows.runs.resume with the answer ends with Done, ids from 0 again',
    source: '@coze/api Runs.stream, Runs.resume; coze-openapi.yaml OpenAPIStreamResumeFlow; contract row workflow.stream-resume',
    covers: ['workflow.stream-resume', 'workflow.stream-events', 'workflow.stream-framing', 'sdk.version-differences'],
    needs: ['pat', 'workflows'],
    async run(ctx) {
      const question = `${uniqueText('name')}?`;
      const interrupt = await interruptOf(ctx, question);
      const resumed = await workflowEvents(
        patClient(ctx).workflows.runs.resume({ workflow_id: ctx.cred('workflows').question, event_id: interrupt.event_id, interrupt_type: interrupt.type, resume_data: 'Ada' }),
      );
      const [message] = expectEvents(resumed, ['Message', 'Done']);
      assert.deepEqual(JSON.parse(String(messageContent(message))), { question, answer: 'Ada' }, 'the run ends with the question and its answer');
    },
  },
  {
    id: 'workflows.run-history',
    title: 'an is_async run answers execute_id; workflows.runs.history reports it Running, then Success with the output',
    source: '@coze/api Runs.history; coze-openapi.yaml OpenAPIGetWorkflowRunHistory, WorkflowExecuteHistory; contract row workflow.run-history',
    covers: ['workflow.run-history', 'workflow.run-reply'],
    needs: ['pat', 'workflows'],
    async run(ctx) {
      const client = patClient(ctx);
      requireCall(ctx, client.workflows.runs.history, 'workflows.runs.history', 'added between 1.0.21 and 1.2.0');
      const workflow = ctx.cred('workflows').echo;
      const parameters = { input: uniqueText('async') };
      const started = await client.workflows.runs.create({ workflow_id: workflow, parameters, is_async: true });
      expectNonEmptyString(started.execute_id, 'execute_id');
      let history: { execute_status?: string; output?: string; error_code?: unknown; is_output_trimmed?: unknown }[] = [];
      for (let read = 0; read < 5 && history[0]?.execute_status !== 'Success'; read++) history = await client.workflows.runs.history(workflow, started.execute_id);
      assert.equal(history.length, 1, 'the history holds the one run');
      assert.equal(history[0]?.execute_status, 'Success', 'the run settles within a few reads');
      assert.deepEqual(JSON.parse(history[0]?.output ?? ''), parameters, 'output is the output as a string');
      assert.deepEqual([typeof history[0]?.error_code, typeof history[0]?.is_output_trimmed], ['string', 'boolean'], 'error_code is a string, is_output_trimmed a boolean');
    },
  },
  {
    id: 'workflows.stream-errors-json',
    title: 'a workflow stream with a bad token or an unknown workflow is answered JSON (401 4100, 404 4200), before any event',
    source: '@coze/api makeRequest; coze-go checkRespErr; contract row workflow.stream-errors-json',
    covers: ['workflow.stream-errors-json', 'openapi.auth-errors'],
    needs: ['pat', 'workflows'],
    async run(ctx) {
      const badToken = await raw(ctx, 'POST', '/v1/workflow/stream_run', { json: { workflow_id: ctx.cred('workflows').echo }, headers: { authorization: 'Bearer pat_not-a-token' } });
      expectReply(badToken, 401);
      assert.equal(badToken.body?.code, 4100);
      const unknown = await raw(ctx, 'POST', '/v1/workflow/stream_run', { json: { workflow_id: '7000000000000000000' }, headers: { authorization: `Bearer ${ctx.cred('pat')}` } });
      expectReply(unknown, 404);
      assert.equal(unknown.body?.code, 4200);
      let caught: unknown;
      await workflowEvents(ctx.sdk.client('pat_not-a-token', ctx.baseURL).workflows.runs.stream({ workflow_id: ctx.cred('workflows').echo })).catch((error: unknown) => (caught = error));
      assert.ok(ctx.sdk.isError(caught, 'AuthenticationError'), `the SDK throws AuthenticationError, got ${String(caught)}`);
    },
  },
  {
    id: 'workflows.chat-flow',
    title: 'workflows.chat.stream runs the echo workflow as a chat flow: the answer in deltas, then done',
    source: '@coze/api WorkflowChat.stream; coze-openapi.yaml OpenAPIChatFlowRun; coze-py tests/testdata/workflows_chat_stream_resp.txt',
    covers: ['chat.stream-framing', 'chat.stream-events'],
    needs: ['pat', 'workflows'],
    async run(ctx) {
      const client = patClient(ctx);
      requireCall(ctx, client.workflows.chat?.stream, 'workflows.chat.stream', 'added between 1.0.14 and 1.0.21');
      const question = uniqueText('chat flow');
      const events = await collectEvents<SdkChatEvent>(client.workflows.chat.stream({ workflow_id: ctx.cred('workflows').echo, additional_messages: userQuestion(question) }));
      assert.equal(answerOf(events), question, 'the chat flow answers the question');
      assert.deepEqual(events.slice(-2).map((e) => e.event), ['conversation.chat.completed', 'done'], 'it ends like a chat');
    },
  },
]);
