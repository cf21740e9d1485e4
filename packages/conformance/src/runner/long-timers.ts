import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fake time for the SDK's polling sleeps only. `getDeviceToken({poll: true})` sleeps with
 * `new Promise(r => setTimeout(r, 5000))` (+5 s per slow_down). A capture holds the long timers (≥ `minMs`) started
 * by the code it runs, instead of scheduling them; the check releases each one after moving the target's clock.
 *
 * "The code it runs" is an async scope (`AsyncLocalStorage`, a public Node API): only timers set inside
 * `capture.run(…)`, and in what that starts, are held. Every other timer, whoever sets
 * it, and short timers inside the scope (fetch/undici keep their sub-second ones) run for real. So captures in one
 * process are independent and may run concurrently (the deviation meta-test does), and nothing reads stack traces or
 * depends on which of Node's modules called. Unlike `vi.useFakeTimers` it also works outside vitest: the same checks
 * run in `pnpm contract`'s child processes.
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
  /** Runs `fn` (e.g. the SDK's polling call) in the capture's scope: its long timers are held. */
  run<T>(fn: () => T): T;
  /**
   * The next held sleep; undefined once `until` settles first. Fails when neither happens within `withinMs` of real
   * time (the SDK is stuck on something else).
   */
  next(until: Promise<unknown>, withinMs?: number): Promise<CapturedSleep | undefined>;
  /** Every delay captured so far, in order. */
  readonly delays: number[];
  /** Ends the capture: pending held sleeps never fire, later timers of its scope run for real. */
  restore(): void;
}

/** What the patched `setTimeout` needs of a capture. */
interface Holder {
  minMs: number;
  active: boolean;
  hold(sleep: CapturedSleep & { handle: object }): void;
  drop(handle: object): boolean;
}

const scope = new AsyncLocalStorage<Holder>();
const holderOf = new WeakMap<object, Holder>();
const open = new Set<SleepCapture>();
let nextId = 1;

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

const heldSetTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const holder = scope.getStore();
  if (!holder?.active || typeof ms !== 'number' || ms < holder.minMs) return realSetTimeout(callback, ms, ...args);
  const handle = fakeHandle(nextId++);
  holderOf.set(handle, holder);
  holder.hold({ ms, handle, release: () => callback(...args) });
  return handle;
}) as unknown as typeof setTimeout;

const heldClearTimeout = ((handle: unknown) => {
  const holder = typeof handle === 'object' && handle !== null ? holderOf.get(handle) : undefined;
  if (!holder?.drop(handle as object)) realClearTimeout(handle as Parameters<typeof clearTimeout>[0]);
}) as typeof clearTimeout;

/** The global timer functions are swapped while at least one capture is open, and put back after the last. */
function install(capture: SleepCapture) {
  if (open.size === 0) {
    globalThis.setTimeout = heldSetTimeout;
    globalThis.clearTimeout = heldClearTimeout;
  }
  open.add(capture);
}

function uninstall(capture: SleepCapture) {
  if (!open.delete(capture) || open.size > 0) return;
  if (globalThis.setTimeout === heldSetTimeout) globalThis.setTimeout = realSetTimeout;
  if (globalThis.clearTimeout === heldClearTimeout) globalThis.clearTimeout = realClearTimeout;
}

/** The shortest SDK sleep a capture holds by default: the SDKs' polling sleeps are 5 s and more. */
export const LONG_TIMER_MS = 2000;

/**
 * Opens a capture of long timers (≥ `minMs`).
 * Only what runs through `capture.run` is affected.
 *
 * @example
 * const capture = captureLongTimers();
 * try {
 *   const polling = capture.run(() => getDeviceToken({ …, poll: true }));
 *   const sleep = await capture.next(polling); // the SDK wants to sleep 5000 ms
 *   await target.advanceClock(5);
 *   sleep?.release();
 * } finally { capture.restore(); }
 */
export function captureLongTimers(minMs = LONG_TIMER_MS): SleepCapture {
  const queue: (CapturedSleep & { handle: object })[] = [];
  const delays: number[] = [];
  let wake: (() => void) | undefined;
  const holder: Holder = {
    minMs,
    active: true,
    hold(sleep) {
      delays.push(sleep.ms);
      queue.push(sleep);
      wake?.();
    },
    drop(handle) {
      const index = queue.findIndex((sleep) => sleep.handle === handle);
      if (index >= 0) queue.splice(index, 1);
      return index >= 0 || holderOf.has(handle);
    },
  };
  const capture: SleepCapture = {
    delays,
    run: (fn) => scope.run(holder, fn),
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
      holder.active = false;
      queue.length = 0;
      uninstall(capture);
    },
  };
  install(capture);
  return capture;
}

/**
 * Runs `body` with a new capture and ends the capture afterwards. `body` starts the SDK call through `capture.run`;
 * the rest of it (moving the clock, approving over HTTP) runs outside the scope, so fetch's own timers stay real.
 *
 * @example
 * const delays = await withLongTimersCaptured(async (capture) => { … capture.next(capture.run(() => poll())) … });
 */
export async function withLongTimersCaptured<T>(body: (capture: SleepCapture) => Promise<T>): Promise<T> {
  const capture = captureLongTimers();
  try {
    return await body(capture);
  } finally {
    capture.restore();
  }
}

/**
 * Ends every open capture (the vitest runner calls it after every check, in case one was left open).
 *
 * @example
 * afterEach(() => restoreRealTimers());
 */
export function restoreRealTimers(): void {
  for (const capture of [...open]) capture.restore();
}

/**
 * Waits `ms` of real time, whatever capture is open.
 *
 * @example
 * await realDelay(50); // even inside a capture's scope
 */
export const realDelay = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));
