import { DEFAULT_QUESTION, type FixtureWorkflow } from './fixtures.js';

/**
 * What the fixture workflows do, apart from how it is delivered (a JSON reply, a stream, a run history): each run or
 * resume is one step, the node messages it outputs and how it ends. Pure functions of their input, so a run answers
 * the same whichever endpoint started it.
 */

/** A message of a workflow node: what a stream's Message event carries. */
export interface NodeMessage {
  nodeId: string;
  nodeTitle: string;
  nodeType: 'End' | 'Question';
  content: string;
}

/** How a step ends: the workflow's output, a question waiting for an answer, or a failure. */
export type StepEnd =
  | { kind: 'done'; output: string }
  | { kind: 'interrupt'; question: string }
  | { kind: 'fail'; code: number; message: string };

export interface Step {
  messages: NodeMessage[];
  end: StepEnd;
}

/** resume_workflow: a question is answered in at most 3 resumes, else the run fails. */
export const MAX_RESUMES = 3;

/** Coze's node ids: the End node is 900001 (coze-openapi.yaml's example); the mock's Question node is 100002. */
const END_NODE = { nodeId: '900001', nodeTitle: 'End', nodeType: 'End' } as const;
const QUESTION_NODE = { nodeId: '100002', nodeTitle: 'Question', nodeType: 'Question' } as const;

const done = (output: string): Step => ({ messages: [{ ...END_NODE, content: output }], end: { kind: 'done', output } });
const ask = (question: string): Step => ({ messages: [{ ...QUESTION_NODE, content: question }], end: { kind: 'interrupt', question } });

/**
 * The step a run starts with.
 *
 * @example
 * firstStep(echo, { input: 'hi' }).end; // { kind: 'done', output: '{"input":"hi"}' }
 */
export function firstStep(workflow: FixtureWorkflow, parameters: Record<string, unknown>): Step {
  if (workflow.kind === 'echo') return done(JSON.stringify(parameters));
  const { question } = parameters;
  return ask(typeof question === 'string' && question.trim() ? question : DEFAULT_QUESTION);
}

/**
 * The step a resume makes: an answer ends the run with `{question, answer}`; a blank one asks again, until the
 * `MAX_RESUMES`-th resume fails the run.
 *
 * @example
 * resumeStep('What is your name?', 'Ada', 1).end; // { kind: 'done', output: '{"question":"What is your name?","answer":"Ada"}' }
 */
export function resumeStep(question: string, answer: string, resumes: number): Step {
  if (answer.trim()) return done(JSON.stringify({ question, answer }));
  if (resumes >= MAX_RESUMES) {
    return { messages: [], end: { kind: 'fail', code: 4000, message: `the question was not answered in ${MAX_RESUMES} resumes` } };
  }
  return ask(question);
}

/** Token usage as Coze reports it (`input_count`, `output_count`, `token_count`). */
export interface Usage {
  input_count: number;
  output_count: number;
  token_count: number;
}

/**
 * A stand-in for tokens: a quarter of the UTF-8 bytes, rounded up (deterministic, grows with the text).
 *
 * @example
 * usageOf('{"input":"hi"}', '{"input":"hi"}'); // { input_count: 4, output_count: 4, token_count: 8 }
 */
export function usageOf(input: string, output: string): Usage {
  const count = (text: string) => Math.ceil(Buffer.byteLength(text) / 4);
  const input_count = count(input);
  const output_count = count(output);
  return { input_count, output_count, token_count: input_count + output_count };
}
