import { DEVIATIONS, type Deviation } from '@coze-mock/server';
import type { Check } from '../checks/check.js';
import { failingIds, runChecks } from '../runner/run-checks.js';
import type { SdkAdapter } from '../sdk/adapter.js';
import { openMockTarget } from '../targets/mock-target.js';
import { compareWithMap, readDeviationMap, writeDeviationMap, type MapProblem } from './deviation-map.js';
import type { Progress } from './progress.js';

/**
 * `pnpm contract --meta-full`: every check against a mock with each deviation switched on (and with none), one
 * deviation after another in this process, compared with deviation-map.json. `write` records what was seen instead.
 */

/** What the cross product found. */
export interface MetaFullResult {
  /** Checks failing against the mock with no deviation (must be none). */
  failingWithout: string[];
  /** Per deviation, the checks that failed. */
  failing: Record<string, string[]>;
  /** Differences from the map (empty after `write`). */
  problems: MapProblem[];
}

async function failingUnder(deviations: Deviation[], checks: readonly Check[], sdk: SdkAdapter): Promise<string[]> {
  const target = await openMockTarget({ deviations });
  try {
    return failingIds(await runChecks(checks, target, sdk));
  } finally {
    await target.close();
  }
}

/**
 * Runs the cross product.
 *
 * @example
 * const { problems } = await runMetaFull(ALL_CHECKS, sdk, progress);
 */
export async function runMetaFull(checks: readonly Check[], sdk: SdkAdapter, progress: Progress, options: { write?: boolean; mapFile?: string } = {}): Promise<MetaFullResult> {
  const names = Object.keys(DEVIATIONS) as Deviation[];
  progress.update('no deviation', 'running');
  const failingWithout = await failingUnder([], checks, sdk);
  progress.update('no deviation', failingWithout.length ? 'failed' : 'done', `${failingWithout.length} failing`);
  const failing: Record<string, string[]> = {};
  for (const deviation of names) {
    progress.update(deviation, 'running');
    failing[deviation] = await failingUnder([deviation], checks, sdk);
    progress.update(deviation, failing[deviation].length ? 'done' : 'failed', `caught by ${failing[deviation].length}`);
  }
  progress.end();
  if (options.write) {
    writeDeviationMap(failing, options.mapFile);
    return { failingWithout, failing, problems: [] };
  }
  const map = readDeviationMap(options.mapFile).deviations;
  const ran = checks.map((check) => check.id);
  const problems = names.flatMap((deviation) => compareWithMap(deviation, failing[deviation] ?? [], map[deviation] ?? [], ran) ?? []);
  for (const stale of Object.keys(map).filter((name) => !names.includes(name as Deviation))) problems.push({ deviation: stale, unexpected: [], missing: map[stale] ?? [] });
  return { failingWithout, failing, problems };
}
