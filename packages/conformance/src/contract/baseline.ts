import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE_DIR } from '../paths.js';
import type { CheckStatus } from '../runner/run-checks.js';

/**
 * The contract baseline: per SDK version, the checks that are expected NOT to pass, and why. Every check not listed is
 * expected to pass. `pnpm contract` fails when a result differs from it either way: a new failure, or a stale entry
 * (a known failure that now passes). Update it deliberately, with `--write-baseline` and a reviewed diff.
 */

/** An expected non-pass result. */
export interface KnownDifference {
  status: Exclude<CheckStatus, 'pass'>;
  /** Why this version behaves so (for the person reading the baseline). */
  why: string;
}

/** The baseline file. */
export interface ContractBaseline {
  $comment?: string;
  /** The version whose expectations apply to a version that has no entry (a user-named `--sdk`). */
  reference: string;
  versions: Record<string, Record<string, KnownDifference>>;
}

/** What differs between a run and the baseline. */
export interface BaselineProblem {
  version: string;
  check: string;
  kind: 'new failure' | 'stale entry' | 'changed';
  expected: CheckStatus;
  actual: CheckStatus | 'missing';
  message: string;
}

/** The committed baseline's path. */
export const BASELINE_FILE = join(CONFORMANCE_DIR, 'contract-baseline.json');

/**
 * Reads a baseline file.
 *
 * @example
 * readBaseline().versions['1.0.14']?.['jwt.unknown-kid']; // { status: 'timeout', why: … }
 */
export const readBaseline = (file = BASELINE_FILE): ContractBaseline => JSON.parse(readFileSync(file, 'utf8')) as ContractBaseline;

/**
 * The expectations that apply to a version: its own entry, or the reference version's when it has none.
 *
 * @example
 * expectationsFor(baseline, '1.4.0'); // 1.3.9's entries, borrowed: true
 */
export function expectationsFor(baseline: ContractBaseline, version: string): { entries: Record<string, KnownDifference>; borrowed: boolean } {
  const own = baseline.versions[version];
  if (own) return { entries: own, borrowed: false };
  return { entries: baseline.versions[baseline.reference] ?? {}, borrowed: true };
}

/**
 * Compares one version's results with the baseline.
 *
 * @example
 * compareWithBaseline(baseline, '1.2.0', [{ id: 'jwt.token', status: 'fail' }]);
 * // [{ kind: 'new failure', check: 'jwt.token', … }]
 */
export function compareWithBaseline(
  baseline: ContractBaseline,
  version: string,
  results: readonly { id: string; status: CheckStatus; detail?: string }[],
): BaselineProblem[] {
  const { entries, borrowed } = expectationsFor(baseline, version);
  const against = borrowed ? ` (no baseline for ${version}; compared with ${baseline.reference})` : '';
  const problems: BaselineProblem[] = [];
  const seen = new Set<string>();
  for (const result of results) {
    seen.add(result.id);
    const known = entries[result.id];
    const expected: CheckStatus = known?.status ?? 'pass';
    if (result.status === expected) continue;
    const detail = result.detail ? `: ${result.detail.split('\n')[0]}` : '';
    if (expected === 'pass') {
      problems.push({ version, check: result.id, kind: 'new failure', expected, actual: result.status, message: `${version} ${result.id}: expected pass, got ${result.status}${detail}${against}` });
    } else if (result.status === 'pass') {
      problems.push({ version, check: result.id, kind: 'stale entry', expected, actual: 'pass', message: `${version} ${result.id}: the baseline expects ${expected} (${known?.why}), but it now passes${against}` });
    } else {
      problems.push({ version, check: result.id, kind: 'changed', expected, actual: result.status, message: `${version} ${result.id}: the baseline expects ${expected} (${known?.why}), got ${result.status}${detail}${against}` });
    }
  }
  if (!borrowed) {
    for (const [check, known] of Object.entries(entries)) {
      if (!seen.has(check)) problems.push({ version, check, kind: 'stale entry', expected: known.status, actual: 'missing', message: `${version} ${check}: the baseline lists a check that no longer exists` });
    }
  }
  return problems;
}

/**
 * Writes the results as the new baseline for their versions, keeping the `why` of entries that stay and marking new
 * ones for a person to explain.
 *
 * @example
 * writeBaseline(baseline, runs);
 */
export function writeBaseline(
  baseline: ContractBaseline,
  runs: readonly { label: string; results: readonly { id: string; status: CheckStatus; detail?: string }[] }[],
  file = BASELINE_FILE,
): ContractBaseline {
  const next: ContractBaseline = { ...baseline, versions: { ...baseline.versions } };
  for (const run of runs) {
    const previous = baseline.versions[run.label] ?? {};
    const entries: Record<string, KnownDifference> = {};
    for (const result of run.results) {
      if (result.status === 'pass') continue;
      const kept = previous[result.id];
      entries[result.id] = { status: result.status, why: kept?.status === result.status ? kept.why : `TODO explain: ${result.detail?.split('\n')[0] ?? result.status}` };
    }
    next.versions[run.label] = entries;
  }
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
