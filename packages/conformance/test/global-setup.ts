import { ALL_CHECKS } from '../src/checks/index.js';
import { formatSkipSummary, liveRunProblem } from '../src/runner/skip-summary.js';
import { planTarget } from '../src/targets/select-target.js';

/**
 * Prints, once per run, which checks the chosen target can run and which are skipped and why (live runs mostly).
 * A live run (`COZE_LIVE=1`) in which no check can run fails here, before any file, unless `COZE_LIVE_ALLOW_SKIP=1`.
 */
export default function printTargetPlan(): void {
  const plan = planTarget(process.env);
  const problem = liveRunProblem(plan.kind, ALL_CHECKS, plan.unmet, process.env);
  if (problem) throw new Error(problem);
  if (plan.kind !== 'mock') process.stdout.write(formatSkipSummary(plan.kind, ALL_CHECKS, plan.unmet));
}
