import { createCheckContext, NotApplicable, unmetReason, type Check } from '../checks/check.js';
import type { SdkAdapter } from '../sdk/adapter.js';
import type { Target } from '../targets/target.js';
import { realDelay } from './long-timers.js';

/**
 * The programmatic runner: runs checks one after another against a target without vitest, for the deviation meta-test
 * and `pnpm contract`'s per-version child processes.
 */

/** How a check ended. `skip` covers unmet requirements and APIs the SDK version lacks. */
export type CheckStatus = 'pass' | 'fail' | 'timeout' | 'skip';

/** The result of one check. */
export interface CheckResult {
  id: string;
  status: CheckStatus;
  /** Failure message, or why it was skipped. */
  detail?: string;
  durationMs: number;
}

/** Default time limits: loopback checks take milliseconds; live flows that wait for a person get minutes. */
export const DEFAULT_TIMEOUT_MS = 10_000;
export const LIVE_PERSON_TIMEOUT_MS = 300_000;

/** How a run treats time. */
export interface RunOptions {
  /**
   * Apply the checks' own short limits (`Check.timeoutMs`), which turn an SDK promise that never settles into a quick
   * `timeout`. `pnpm contract` sets it; suites that only run settling versions leave it off so a loaded machine cannot
   * turn slowness into a timeout.
   */
  hangGuard?: boolean;
  onResult?: (result: CheckResult) => void;
}

/**
 * The time limit of a check on a target.
 *
 * @example
 * timeoutOf(checkById('jwt.unknown-kid')!, { kind: 'mock' }, { hangGuard: true }); // 3000
 */
export function timeoutOf(check: Check, target: Pick<Target, 'kind'>, options: Pick<RunOptions, 'hangGuard'> = {}): number {
  if (options.hangGuard && check.timeoutMs) return check.timeoutMs;
  return target.kind === 'live' && check.needs.includes('user') ? LIVE_PERSON_TIMEOUT_MS : DEFAULT_TIMEOUT_MS;
}

class CheckTimedOut extends Error {}

/** One line for a thrown value. */
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 6).join('\n');

/**
 * Runs one check with its time limit and cleans up after it.
 *
 * @example
 * const result = await runCheck(check, target, sdk);
 */
export async function runCheck(check: Check, target: Target, sdk: SdkAdapter, options: RunOptions = {}): Promise<CheckResult> {
  const started = performance.now();
  const done = (status: CheckStatus, detail?: string): CheckResult => ({
    id: check.id,
    status,
    ...(detail ? { detail } : {}),
    durationMs: Math.round(performance.now() - started),
  });
  const reason = unmetReason(check, target.unmet);
  if (reason) return done('skip', reason);
  const limit = timeoutOf(check, target, options);
  try {
    await Promise.race([
      check.run(createCheckContext(target, sdk)),
      realDelay(limit).then(() => {
        throw new CheckTimedOut(`no result within ${limit} ms (a promise that never settles?)`);
      }),
    ]);
    return done('pass');
  } catch (error) {
    if (error instanceof NotApplicable) return done('skip', error.message);
    if (error instanceof CheckTimedOut) return done('timeout', error.message);
    return done('fail', messageOf(error));
  } finally {
    await target.afterCheck().catch(() => undefined);
  }
}

/**
 * Runs checks in order and returns their results.
 *
 * @example
 * const results = await runChecks(ALL_CHECKS, await openMockTarget(), await loadSdkFromEnv());
 * results.filter((r) => r.status === 'fail');
 */
export async function runChecks(
  checks: readonly Check[],
  target: Target,
  sdk: SdkAdapter,
  options: RunOptions = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const result = await runCheck(check, target, sdk, options);
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}

/**
 * The ids of checks that failed or timed out, sorted.
 *
 * @example
 * failingIds(results); // ['jwt.single-use']
 */
export const failingIds = (results: readonly CheckResult[]) =>
  results.filter((r) => r.status === 'fail' || r.status === 'timeout').map((r) => r.id).sort();
