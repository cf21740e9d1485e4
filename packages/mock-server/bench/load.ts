import autocannon from 'autocannon';
import type { BenchChild } from './child.js';

/** One request shape; `next` (when given) supplies each request's single-use part. */
export interface LoadSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called per request; return the headers/body that make it unique (a fresh JWT, code, refresh token). */
  next?: () => { headers?: Record<string, string>; body?: string } | undefined;
  /** How many single-use credentials `next` holds: the run ends when they are spent, or at the time limit. */
  amount?: number;
}

/** What one timed scenario measured. */
export interface LoadResult {
  requests: number;
  /** Replies other than 2xx, plus socket errors and timeouts. */
  unexpected: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU (user + system) per answered request, µs. */
  cpuPerRequest: number;
}

/**
 * Drives `child` with autocannon for `seconds` over `connections` keep-alive connections, charging the child's own
 * CPU time to the answered requests. With `amount`, stops early once the single-use credentials are spent.
 *
 * @example
 * await load(server, { method: 'GET', path: '/hello' }, { seconds: 5, connections: 50 });
 */
export async function load(child: BenchChild, spec: LoadSpec, { seconds, connections }: { seconds: number; connections: number }): Promise<LoadResult> {
  const cpuBefore = await child.cpu();
  const headers = { ...(spec.body === undefined && !spec.next ? {} : { 'content-type': 'application/json' }), ...spec.headers };
  let overrun = 0;
  // Without a callback autocannon returns its instance, which is also a promise of the result.
  const instance = autocannon({
    url: child.url,
    connections: spec.amount === undefined ? connections : Math.min(connections, spec.amount),
    // autocannon notices the end of a run at its next sample: with credentials to spend, sample every 0.1 s so the
    // run ends soon after they are spent, instead of at the next whole second (the smoke runs 11 such runs).
    ...(spec.amount === undefined ? { duration: seconds } : { amount: spec.amount, sampleInt: 100 }),
    requests: [
      {
        method: spec.method,
        path: spec.path,
        headers,
        ...(spec.body === undefined ? {} : { body: spec.body }),
        ...(spec.next
          ? {
              setupRequest: (request) => {
                const unique = spec.next?.();
                if (!unique) {
                  overrun++;
                  return request;
                }
                return { ...request, headers: { ...headers, ...unique.headers }, ...(unique.body === undefined ? {} : { body: unique.body }) };
              },
            }
          : {}),
      },
    ],
  }) as unknown as Promise<autocannon.Result> & { stop(): void };
  // The rate is answered requests over the time to the last answer: autocannon's own duration runs on to its next
  // sample after the credentials are spent.
  const started = performance.now();
  let lastAnswer = started;
  (instance as unknown as NodeJS.EventEmitter).on('response', () => (lastAnswer = performance.now()));
  // With an amount, autocannon ignores its duration: the time limit stops it (at that tick too).
  const limit = spec.amount === undefined ? undefined : setTimeout(() => instance.stop(), seconds * 1000);
  const result = await instance;
  clearTimeout(limit);
  const cpuAfter = await child.cpu();
  // Requests sent after the credentials ran out (autocannon may ask for a few more) are not the scenario's.
  const requests = result.requests.total - overrun;
  const cpu = cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system;
  return {
    requests,
    unexpected: Math.max(0, result.non2xx + result.errors + result.timeouts - overrun),
    seconds: (lastAnswer - started) / 1000,
    rps: requests / ((lastAnswer - started) / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequest: cpu / Math.max(1, requests),
  };
}
