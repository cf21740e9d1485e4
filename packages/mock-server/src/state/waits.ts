/**
 * Timers the mock holds on a client's behalf (a scripted reply's delay or hang, the pace of a streamed reply), kept
 * in one set so that a reset or a shutdown lets every one of them go at once instead of leaving a request waiting for
 * a timer nobody will cancel.
 */

/** How a wait ended: its time ran out, the owner released it (reset, shutdown), or the client went away. */
export type WaitOutcome = 'elapsed' | 'released' | 'aborted';

export interface Waits {
  /** Waits `ms`, ending early on {@link Waits.releaseAll}/{@link Waits.close} or when `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<WaitOutcome>;
  /** Ends every pending wait with `released`. */
  releaseAll(): void;
  /** Ends every pending wait and answers later ones `released` at once (server shutdown). */
  close(): void;
  /** How many waits are pending (for tests: a released wait leaves no timer behind). */
  readonly pending: number;
}

/**
 * @example
 * const waits = createWaits();
 * if ((await waits.wait(500, request.signal)) === 'aborted') return; // the client left
 * waits.releaseAll(); // on reset: every held request goes on
 */
export function createWaits(): Waits {
  const releasers = new Set<() => void>();
  let closed = false;
  const releaseAll = () => {
    for (const release of [...releasers]) release();
  };
  return {
    wait(ms, signal) {
      if (closed) return Promise.resolve('released');
      if (signal?.aborted) return Promise.resolve('aborted');
      return new Promise<WaitOutcome>((resolve) => {
        const finish = (outcome: WaitOutcome) => {
          clearTimeout(timer);
          releasers.delete(release);
          signal?.removeEventListener('abort', onAbort);
          resolve(outcome);
        };
        const release = () => finish('released');
        const onAbort = () => finish('aborted');
        const timer = setTimeout(() => finish('elapsed'), ms);
        releasers.add(release);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    releaseAll,
    close() {
      closed = true;
      releaseAll();
    },
    get pending() {
      return releasers.size;
    },
  };
}
