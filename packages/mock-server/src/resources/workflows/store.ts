import type { Clock } from '../../clock.js';
import { randomToken } from '../../state/random.js';
import { StateTable } from '../../state/table.js';
import { createWaits, type Waits } from '../../state/waits.js';
import type { Step, StepEnd, Usage } from './steps.js';

/**
 * Workflow runs (`execute_id` → run), the state behind run histories and resumes. One table capped by
 * `limits.maxEntries`: a full table of live runs refuses new ones (429) and never forgets one to make room. Runs are
 * kept a day on the mock clock after their last change (Coze keeps an End node's output 7 days, an Output node's a
 * day). The timers that pace streams are held here too, so a reset or a shutdown ends every stream at once.
 */

/** How long a run is kept after its last change (mock clock). */
export const RUN_RETENTION_MS = 24 * 60 * 60 * 1000;

/** workflow_history `run_mode`: 0 sync, 1 stream, 2 async. */
export const RUN_MODE = { sync: 0, stream: 1, async: 2 } as const;
export type RunMode = (typeof RUN_MODE)[keyof typeof RUN_MODE];

/** How fast runs move on: `workflows` of the options (config/schema.ts declares them with their defaults). */
export interface WorkflowTimings {
  /** An async run answers `Running` until this long (mock clock, ms) after it started … */
  asyncCompleteAfterMs: number;
  /** … or until its history has been read this many times: whichever comes first, so a frozen clock never hangs it. */
  asyncCompleteAfterRetrievals: number;
  /** Real time between two events of a stream, in ms (0: every event at once). */
  eventDelayMs: number;
}

/** One run of a workflow, as its history reports it. Mutated in place by a resume. */
export interface WorkflowRun {
  executeId: string;
  workflowId: string;
  workspaceId: string;
  /** Whose token started it: only that user reads its history or resumes it. */
  userId: string;
  botId: string;
  connectorId: string;
  connectorUid: string;
  runMode: RunMode;
  /** The log id of the request that started it. */
  logid: string;
  createdAtMs: number;
  updatedAtMs: number;
  /** How the latest step ended. */
  end: StepEnd;
  usage: Usage;
  /** The interrupt waiting for an answer (`{execute_id}/{digits}`, like Coze's event ids). */
  eventId: string | undefined;
  resumes: number;
  /** Async runs only: until this instant (mock clock) … */
  settlesAtMs: number | undefined;
  /** … or this many more history reads, the run reports `Running` whatever its step says. */
  readsToSettle: number;
  expiresAtMs: number;
}

/** What starting a run takes; the store adds the ids, times and expiry. */
export type NewRun = Pick<WorkflowRun, 'workflowId' | 'workspaceId' | 'userId' | 'botId' | 'connectorId' | 'connectorUid' | 'runMode' | 'logid' | 'usage'> & {
  step: Step;
};

const DIGITS = '0123456789';
const newEventId = (executeId: string) => `${executeId}/${randomToken(19, DIGITS)}`;

/**
 * @example
 * const runs = new WorkflowRunStore(clock, 1000);
 * const run = runs.start({ ...who, runMode: RUN_MODE.async, step }, timings);
 * runs.read(run); // counts a history read; the second one settles it (by default)
 */
export class WorkflowRunStore {
  readonly runs: StateTable<WorkflowRun>;
  /** Stream pacing timers: released on reset, refused after shutdown, dropped when the client leaves. */
  readonly waits: Waits = createWaits();

  constructor(
    private readonly clock: Clock,
    capacity: number,
  ) {
    this.runs = new StateTable('workflow runs', () => clock.now(), capacity);
  }

  /** Records a new run (429 when the table is full of live runs). */
  start(input: NewRun, timings: WorkflowTimings): WorkflowRun {
    const now = this.clock.now();
    const { step, ...who } = input;
    const executeId = randomToken(18, DIGITS, randomToken(1, '123456789'));
    const async = input.runMode === RUN_MODE.async;
    const run: WorkflowRun = {
      ...who,
      executeId,
      createdAtMs: now,
      updatedAtMs: now,
      end: step.end,
      eventId: step.end.kind === 'interrupt' ? newEventId(executeId) : undefined,
      resumes: 0,
      settlesAtMs: async ? now + timings.asyncCompleteAfterMs : undefined,
      readsToSettle: async ? timings.asyncCompleteAfterRetrievals : 0,
      expiresAtMs: now + RUN_RETENTION_MS,
    };
    this.runs.add(executeId, run);
    return run;
  }

  get(executeId: string): WorkflowRun | undefined {
    return this.runs.get(executeId);
  }

  /** Whether the run's step shows: always for sync and stream runs, for async runs once due. */
  settled(run: WorkflowRun): boolean {
    return run.settlesAtMs === undefined || this.clock.now() >= run.settlesAtMs;
  }

  /** Counts a history read of the run: the `asyncCompleteAfterRetrievals`-th settles an async run. */
  read(run: WorkflowRun): void {
    if (run.settlesAtMs !== undefined && --run.readsToSettle <= 0) run.settlesAtMs = undefined;
  }

  /** The run waiting on this interrupt event, if it is live, settled and still waiting on exactly this event. */
  interrupted(eventId: string): WorkflowRun | undefined {
    const run = this.get(eventId.slice(0, eventId.indexOf('/')));
    return run && run.eventId === eventId && this.settled(run) ? run : undefined;
  }

  /** Applies a resume's step: a new event id if it asks again, none once it ends. */
  resume(run: WorkflowRun, step: Step, usage: Usage): void {
    const now = this.clock.now();
    run.resumes++;
    run.end = step.end;
    run.eventId = step.end.kind === 'interrupt' ? newEventId(run.executeId) : undefined;
    run.usage = {
      input_count: run.usage.input_count + usage.input_count,
      output_count: run.usage.output_count + usage.output_count,
      token_count: run.usage.token_count + usage.token_count,
    };
    run.updatedAtMs = now;
    run.expiresAtMs = now + RUN_RETENTION_MS;
  }

  /** Reset: every run goes and every paced stream ends. */
  clear(): void {
    this.runs.clear();
    this.waits.releaseAll();
  }

  /** Shutdown: paced streams end now and no new pacing starts. */
  close(): void {
    this.waits.close();
  }
}
