import type { SseEvent } from '../../event-stream.js';
import type { Step, StepEnd, Usage } from './steps.js';
import type { WorkflowRun } from './store.js';

/**
 * What the workflow endpoints send, built from a run: the reply of `POST /v1/workflow/run`, a stream's events and a
 * run history. Shapes from coze-openapi.yaml (OpenAPIRunFlow, OpenAPIStreamRunFlow, WorkflowExecuteHistory) and what
 * the SDKs parse (coze-js `WorkflowEvent`, coze-py `WorkflowRunHistory`, coze-go `WorkflowRunHistory`).
 */

/** The interrupt type of a question node (coze-openapi.yaml Interrupt.type: 2 = Question). */
export const QUESTION_INTERRUPT = 2;

/** Where Coze would show the run's trace; the mock serves no such page (its own origin, so nothing leaves the machine). */
export const debugUrlOf = (origin: string, run: WorkflowRun): string =>
  `${origin}/work_flow?execute_id=${run.executeId}&space_id=${run.workspaceId}&workflow_id=${run.workflowId}`;

const NO_USAGE: Usage = { input_count: 0, output_count: 0, token_count: 0 };

/** The question as interrupt data of a JSON reply (coze-openapi.yaml's example: `{content_type, content}` as a string). */
const interruptData = (run: WorkflowRun, question: string) => ({
  event_id: run.eventId,
  type: QUESTION_INTERRUPT,
  data: JSON.stringify({ content_type: 'text', content: question }),
});

/**
 * The members of `POST /v1/workflow/run`'s reply beside `code`, `msg` and `detail` (the output is `data`, a string,
 * at the top level: not the usual envelope's `data` object).
 */
export function runReplyFields(run: WorkflowRun, debugUrl: string): Record<string, unknown> {
  const common = { execute_id: run.executeId, debug_url: debugUrl };
  if (run.settlesAtMs !== undefined) return common;
  const end: StepEnd = run.end;
  if (end.kind === 'done') return { data: end.output, ...common, usage: run.usage };
  if (end.kind === 'interrupt') return { data: '', interrupt_data: interruptData(run, end.question), ...common, usage: run.usage };
  return { data: '', ...common, usage: run.usage, error_code: end.code, error_message: end.message };
}

const STATUS = { done: 'Success', interrupt: 'Running', fail: 'Fail' } as const;

/**
 * One entry of `GET /v1/workflows/{workflow_id}/run_histories/{execute_id}`. An unsettled async run is `Running`
 * with no output; an interrupted run is `Running` with its `interrupt_data`. `error_code` is a string (coze-go types
 * it so; coze-py reads `"0"` as 0).
 */
export function historyView(run: WorkflowRun, settled: boolean, debugUrl: string): Record<string, unknown> {
  const end = run.end;
  const shown = settled ? end : undefined;
  return {
    execute_id: run.executeId,
    execute_status: shown ? STATUS[shown.kind] : 'Running',
    bot_id: run.botId,
    connector_id: run.connectorId,
    connector_uid: run.connectorUid,
    run_mode: run.runMode,
    logid: run.logid,
    create_time: Math.floor(run.createdAtMs / 1000),
    update_time: Math.floor(run.updatedAtMs / 1000),
    output: shown?.kind === 'done' ? shown.output : '',
    error_code: shown?.kind === 'fail' ? String(shown.code) : '0',
    error_message: shown?.kind === 'fail' ? shown.message : '',
    debug_url: debugUrl,
    usage: shown ? run.usage : NO_USAGE,
    is_output_trimmed: false,
    ...(shown?.kind === 'interrupt' ? { interrupt_data: interruptData(run, shown.question) } : {}),
  };
}

/**
 * A step as stream events, numbered from 0 (a resume starts again at 0: stream_resume says indexes reset):
 * one `Message` per node message, then `Done` with the debug URL (coze-go parses it), `Interrupt` with the event id
 * (the stream ends there: the run waits for `stream_resume`) or `Error`.
 */
export function stepEvents(run: WorkflowRun, step: Step, debugUrl: string): SseEvent[] {
  const events: SseEvent[] = step.messages.map((message, i) => ({
    id: i,
    event: 'Message',
    data: JSON.stringify({
      content: message.content,
      content_type: 'text',
      node_is_finish: true,
      node_seq_id: '0',
      node_title: message.nodeTitle,
      node_type: message.nodeType,
      node_id: message.nodeId,
      ...(message.nodeType === 'End' ? { usage: run.usage } : {}),
    }),
  }));
  const id = events.length;
  const { end } = step;
  if (end.kind === 'done') events.push({ id, event: 'Done', data: JSON.stringify({ debug_url: debugUrl }) });
  else if (end.kind === 'interrupt') {
    // The captured stream (coze-py testdata) sends an empty `data` here: the question came in the Message before.
    events.push({ id, event: 'Interrupt', data: JSON.stringify({ interrupt_data: { data: '', event_id: run.eventId, type: QUESTION_INTERRUPT }, node_title: 'Question' }) });
  } else events.push({ id, event: 'Error', data: JSON.stringify({ error_code: end.code, error_message: end.message }) });
  return events;
}
