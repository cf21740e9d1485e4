import { ALL_CHECKS } from '../src/checks/index.js';
import { formatSkipSummary } from '../src/runner/skip-summary.js';
import { planTarget } from '../src/targets/select-target.js';

/** Prints, once per run, which checks the chosen target can run and which are skipped and why (live runs mostly). */
export default function printTargetPlan(): void {
  const plan = planTarget(process.env);
  if (plan.kind !== 'mock') process.stdout.write(formatSkipSummary(plan.kind, ALL_CHECKS, plan.unmet));
}
