import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check } from '../checks/check.js';
import type { ContractRow } from '../contract-rows.js';
import { CONFORMANCE_DIR } from '../paths.js';

/**
 * The deviation map (deviation-map.json): for each contract deviation the mock can switch on
 * (`@coze-mock/server`'s DEVIATIONS), the checks that fail under it. It is what `pnpm contract --meta-full` observed
 * running every check against every deviation, and `--meta-full --write-map` writes it: adding a check or a deviation
 * needs only that, never a hand edit. `pnpm test`'s meta-test (test/deviations.meta.test.ts) runs each deviation only
 * against the checks that can see it ({@link checksThatCanSee}).
 */

/** The file's shape. */
export interface DeviationMap {
  $comment?: string;
  deviations: Record<string, string[]>;
}

export const DEVIATION_MAP_FILE = join(CONFORMANCE_DIR, 'deviation-map.json');

const COMMENT =
  'Which checks fail when the mock is switched to each deviation (packages/mock-server/src/deviations.ts). Written by ' +
  '`pnpm contract --meta-full --write-map`, never by hand; test/deviations.meta.test.ts and `pnpm contract --meta-full` ' +
  'assert it. A deviation with an empty list is a hole in the checks.';

/**
 * Reads the map.
 *
 * @example
 * readDeviationMap().deviations['jti-not-enforced']; // ['jwt.single-use', …]
 */
export const readDeviationMap = (file = DEVIATION_MAP_FILE): DeviationMap => JSON.parse(readFileSync(file, 'utf8')) as DeviationMap;

/**
 * The map as written: deviations in the order given, check ids sorted; stable JSON for a reviewable diff.
 *
 * @example
 * formatDeviationMap({ 'code-reusable': ['web.code-single-use'] });
 */
export function formatDeviationMap(failing: Record<string, readonly string[]>): string {
  const deviations = Object.fromEntries(Object.entries(failing).map(([deviation, ids]) => [deviation, [...ids].sort()]));
  return `${JSON.stringify({ $comment: COMMENT, deviations }, null, 2)}\n`;
}

/** Writes the map (see {@link formatDeviationMap}). */
export function writeDeviationMap(failing: Record<string, readonly string[]>, file = DEVIATION_MAP_FILE): void {
  writeFileSync(file, formatDeviationMap(failing));
}

/**
 * The contract rows a deviation breaks: the rows guarded by the checks the map says it makes fail.
 *
 * @example
 * rowsBrokenBy(['web.code-single-use'], ALL_CHECKS); // ['authorize.code-single-use']
 */
export function rowsBrokenBy(failing: readonly string[], checks: readonly Check[]): Set<ContractRow> {
  return new Set(checks.filter((check) => failing.includes(check.id)).flatMap((check) => check.covers));
}

/**
 * The checks that can see a deviation: those the map names, and every other check guarding one of the rows those
 * guard. A check of the same promise that starts (or stops) failing under the deviation shows up here; a check of
 * an unrelated promise that does is found only by the full cross product (`pnpm contract --meta-full`).
 *
 * @example
 * checksThatCanSee(map.deviations['code-reusable'], ALL_CHECKS).map((c) => c.id); // ['pkce.code-single-use', 'web.code-single-use', …]
 */
export function checksThatCanSee(failing: readonly string[], checks: readonly Check[]): Check[] {
  const rows = rowsBrokenBy(failing, checks);
  return checks.filter((check) => failing.includes(check.id) || check.covers.some((row) => rows.has(row)));
}

/** One way a deviation run differs from the map. */
export interface MapProblem {
  deviation: string;
  /** Failed under the deviation, not in the map. */
  unexpected: string[];
  /** In the map, did not fail. */
  missing: string[];
}

/**
 * Compares the checks that failed under a deviation with the map's list, within the checks that ran.
 *
 * @example
 * compareWithMap('code-reusable', ['web.code-single-use'], ['web.code-single-use', 'pkce.code-single-use'], ran); // { missing: ['pkce.code-single-use'], … }
 */
export function compareWithMap(deviation: string, failing: readonly string[], expected: readonly string[], ran: readonly string[]): MapProblem | undefined {
  const expectedHere = expected.filter((id) => ran.includes(id));
  const unexpected = failing.filter((id) => !expectedHere.includes(id)).sort();
  const missing = expectedHere.filter((id) => !failing.includes(id)).sort();
  return unexpected.length || missing.length ? { deviation, unexpected, missing } : undefined;
}
