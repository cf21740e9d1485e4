/**
 * Fake time for the SDK's polling sleeps only. `getDeviceToken({poll: true})` sleeps with
 * `new Promise(r => setTimeout(r, 5000))` (+5 s per slow_down): while a capture is active, every `setTimeout` of at
 * least `minMs` is held in a queue instead of being scheduled, and the test releases it after moving the server's clock.
 * Shorter timers and those Node's own modules start (undici's keep-alive) run for real, so loopback I/O keeps working. Unlike `vi.useFakeTimers` this
 * works outside vitest too: the same checks run in `pnpm contract`'s child processes.
 */

const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** A timer the SDK started and the capture holds. */
export interface CapturedSleep {
  /** The delay the SDK asked for (ms). */
  readonly ms: number;
  /** Fires the timer now. */
  release(): void;
}

/** An active capture. */
export interface SleepCapture {
  /**
   * The next held sleep; undefined once `until` settles first. Fails when neither happens within `withinMs` of real
   * time (the SDK is stuck on something else).
   */
  next(until: Promise<unknown>, withinMs?: number): Promise<CapturedSleep | undefined>;
  /** Every delay captured so far, in order. */
  readonly delays: number[];
  /** Puts the real `setTimeout` back; pending held sleeps never fire. */
  restore(): void;
}

let active: SleepCapture | undefined;
let queueTail: Promise<void> = Promise.resolve();

/**
 * Runs `body` with a capture of long timers, waiting for any other capture in this process to end first (runs of the
 * check table may go concurrently, e.g. in the deviation meta-test; only the polling checks hold the capture).
 *
 * @example
 * const delays = await withLongTimersCaptured(async (capture) => { … capture.next(polling) … });
 */
export function withLongTimersCaptured<T>(body: (capture: SleepCapture) => Promise<T>): Promise<T> {
  const run = queueTail.then(async () => {
    const capture = captureLongTimers();
    try {
      return await body(capture);
    } finally {
      capture.restore();
    }
  });
  queueTail = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

/**
 * Whether the `setTimeout` being intercepted was called by Node's own modules (undici's keep-alive timers, used by
 * `fetch`), which must keep running for real. The caller is the frame after the interceptor's own.
 */
function calledByNodeInternals(): boolean {
  const frames = (new Error().stack ?? '').split('\n');
  const caller = frames.findIndex((line) => line.includes('patchedSetTimeout'));
  return /\(node:internal\/|at node:internal\//.test(frames[caller + 1] ?? '');
}

/** A stand-in for a Node Timeout object, so code calling `.unref()` or `clearTimeout()` on it keeps working. */
function fakeHandle(id: number) {
  const handle = {
    id,
    ref: () => handle,
    unref: () => handle,
    hasRef: () => false,
    refresh: () => handle,
    [Symbol.toPrimitive]: () => id,
  };
  return handle;
}

/**
 * Starts holding long timers. Only one capture may be active per process (checks run one at a time).
 *
 * @example
 * const capture = captureLongTimers();
 * try {
 *   const polling = getDeviceToken({ …, poll: true });
 *   const sleep = await capture.next(polling); // the SDK wants to sleep 5000 ms
 *   await target.advanceClock(5);
 *   sleep?.release();
 * } finally { capture.restore(); }
 */
export function captureLongTimers(minMs = 1000): SleepCapture {
  if (active) throw new Error('a long-timer capture is already active');
  const queue: (CapturedSleep & { handle: object })[] = [];
  const delays: number[] = [];
  let wake: (() => void) | undefined;
  let nextId = 1;

  const patchedSetTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (typeof ms !== 'number' || ms < minMs || calledByNodeInternals()) return realSetTimeout(callback, ms, ...args);
    const handle = fakeHandle(nextId++);
    delays.push(ms);
    queue.push({ ms, handle, release: () => callback(...args) });
    wake?.();
    return handle;
  }) as unknown as typeof setTimeout;
  const patchedClearTimeout = ((handle: unknown) => {
    const index = queue.findIndex((sleep) => sleep.handle === handle);
    if (index >= 0) queue.splice(index, 1);
    else realClearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  }) as typeof clearTimeout;

  globalThis.setTimeout = patchedSetTimeout;
  globalThis.clearTimeout = patchedClearTimeout;

  const capture: SleepCapture = {
    delays,
    next(until, withinMs = 3000) {
      return new Promise((resolve, reject) => {
        let finished = false;
        const done = (value: CapturedSleep | undefined, error?: Error) => {
          if (finished) return;
          finished = true;
          realClearTimeout(timer);
          wake = undefined;
          if (error) reject(error);
          else resolve(value);
        };
        const timer = realSetTimeout(() => done(undefined, new Error(`the SDK neither slept nor finished within ${withinMs} ms`)), withinMs);
        const take = () => {
          const sleep = queue.shift();
          if (sleep) done(sleep);
        };
        wake = take;
        take();
        until.then(
          () => done(undefined),
          () => done(undefined),
        );
      });
    },
    restore() {
      if (globalThis.setTimeout === patchedSetTimeout) globalThis.setTimeout = realSetTimeout;
      if (globalThis.clearTimeout === patchedClearTimeout) globalThis.clearTimeout = realClearTimeout;
      queue.length = 0;
      if (active === capture) active = undefined;
    },
  };
  active = capture;
  return capture;
}

/**
 * Restores the real timers if a capture was left active (the runner calls it after every check).
 *
 * @example
 * afterEach(() => restoreRealTimers());
 */
export function restoreRealTimers(): void {
  active?.restore();
}

/**
 * Waits `ms` of real time even while a capture is active.
 *
 * @example
 * await realDelay(50); // even while the SDK's sleeps are held
 */
export const realDelay = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));
