import { unmetReason, type Check } from '../checks/check.js';
import type { Requirement } from '../targets/target.js';

/**
 * Groups the checks a target cannot run by the reason, for a one-screen summary before a run.
 *
 * @example
 * skipsByReason(ALL_CHECKS, target.unmet).get('COZE_API_TOKEN is not set'); // ['pat.users-me', …]
 */
export function skipsByReason(checks: readonly Check[], unmet: (requirement: Requirement) => string | undefined): Map<string, string[]> {
  const byReason = new Map<string, string[]>();
  for (const check of checks) {
    const reason = unmetReason(check, unmet);
    if (reason) byReason.set(reason, [...(byReason.get(reason) ?? []), check.id]);
  }
  return byReason;
}

/**
 * The summary text: how many checks run, and each skip reason with the checks it skips.
 *
 * @example
 * process.stdout.write(formatSkipSummary('live', ALL_CHECKS, plan.unmet));
 */
export function formatSkipSummary(kind: string, checks: readonly Check[], unmet: (requirement: Requirement) => string | undefined): string {
  const byReason = skipsByReason(checks, unmet);
  const skipped = [...byReason.values()].reduce((n, ids) => n + ids.length, 0);
  const lines = [`[conformance] target ${kind}: ${checks.length - skipped} of ${checks.length} checks can run, ${skipped} skipped`];
  for (const [reason, ids] of byReason) lines.push(`  skipped (${reason}): ${ids.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Why a live run must fail before it starts, or undefined: with `COZE_LIVE=1` and not one check able to run (say, the
 * CI secrets went missing), a green run would prove nothing. `COZE_LIVE_ALLOW_SKIP=1` accepts such a run.
 *
 * @example
 * const problem = liveRunProblem(plan.kind, ALL_CHECKS, plan.unmet, process.env);
 * if (problem) throw new Error(problem);
 */
export function liveRunProblem(
  kind: string,
  checks: readonly Check[],
  unmet: (requirement: Requirement) => string | undefined,
  env: Record<string, string | undefined>,
): string | undefined {
  if (kind !== 'live' || env.COZE_LIVE !== '1' || env.COZE_LIVE_ALLOW_SKIP === '1') return undefined;
  const skipped = [...skipsByReason(checks, unmet).values()].reduce((n, ids) => n + ids.length, 0);
  if (skipped < checks.length) return undefined;
  return `COZE_LIVE=1 but no live check can run: every one is skipped (a live job whose secrets went missing must not pass).\n${formatSkipSummary(kind, checks, unmet)}Set the variables above, or COZE_LIVE_ALLOW_SKIP=1 to accept a run that checks nothing.`;
}
