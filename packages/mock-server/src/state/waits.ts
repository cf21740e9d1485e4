/**
 * Timers the mock holds on a client's behalf (a scripted reply's delay or hang, the pace of a streamed reply), kept
 * in one set so that a reset or a shutdown lets every one of them go at once instead of leaving a request waiting for
 * a timer nobody will cancel.
 */

/** How a wait ended: its time ran out, the owner released it (reset, shutdown), or the client went away. */
export type WaitOutcome = 'elapsed' | 'released' | 'aborted';

export interface Waits {
  /**
   * Waits `ms`, ending early on {@link Waits.releaseAll}/{@link Waits.close}, on {@link Waits.release} of its `owner`,
   * or when `signal` aborts.
   */
  wait(ms: number, signal?: AbortSignal, owner?: string): Promise<WaitOutcome>;
  /** Ends the pending waits of one owner (a deleted reply rule) with `released`. */
  release(owner: string): void;
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
  // Each pending wait's release, with its owner.
  const releasers = new Map<() => void, string | undefined>();
  let closed = false;
  const releaseAll = () => {
    for (const release of [...releasers.keys()]) release();
  };
  return {
    wait(ms, signal, owner) {
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
        releasers.set(release, owner);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    release(owner) {
      for (const [release, of] of [...releasers]) if (of === owner) release();
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
