import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatExchangeLine, readCassetteFile } from '@coze-mock/server';
import { ALL_CHECKS } from '../checks/index.js';
import type { Check } from '../checks/check.js';
import { runChecks, type CheckResult } from '../runner/run-checks.js';
import { formatSkipSummary, liveRunProblem } from '../runner/skip-summary.js';
import type { SdkAdapter } from '../sdk/adapter.js';
import { compareCassettes, driftMarkdown, type DriftFinding } from '../shapes/cassette-drift.js';
import { createLiveTarget, type LiveTargetOptions } from '../targets/live-target.js';
import { openMockTarget } from '../targets/mock-target.js';
import { withRecorder } from '../targets/recorded-target.js';

/**
 * `COZE_LIVE=1 pnpm contract --record <cassette>`: runs the checks against live Coze through `coze-mock record`, so
 * the run's exchanges are kept as a cassette (replayable offline with `coze-mock --replay`), then runs the same
 * checks against a fresh mock through a recorder too and writes the drift report: what real Coze sent that the mock
 * does not. `pnpm contract --drift <cassette>` does the second half again, offline, for a cassette kept earlier.
 */

export interface LiveRecordOptions {
  env: Record<string, string | undefined>;
  /** The cassette to write (added to when it exists). */
  out: string;
  /** Where `drift.md` goes. */
  reportDir: string;
  sdk: SdkAdapter;
  /** Default: every check. */
  checks?: readonly Check[];
  log?: (text: string) => void;
  live?: LiveTargetOptions;
}

/** How a recorded live run went. */
export interface LiveRecordOutcome {
  /** 0: recorded and compared; 1: nothing ran (no credentials), said loudly, no cassette written. */
  code: number;
  results: CheckResult[];
  findings: DriftFinding[];
}

/**
 * @example
 * const { code } = await recordLiveRun({ env: process.env, out: 'reports/live.cassette.json', reportDir: 'reports', sdk });
 * @throws Error when COZE_LIVE is not 1 (a usage error)
 */
export async function recordLiveRun(options: LiveRecordOptions): Promise<LiveRecordOutcome> {
  const { env, sdk } = options;
  const log = options.log ?? ((text: string) => process.stdout.write(text));
  const checks = options.checks ?? ALL_CHECKS;
  if (env.COZE_LIVE !== '1') throw new Error('--record records a live run: set COZE_LIVE=1 and the live credentials (packages/conformance/README.md, "Live runs")');
  const live = createLiveTarget(env, options.live);
  // Nothing to record is never a success, COZE_LIVE_ALLOW_SKIP or not.
  const problem = liveRunProblem('live', checks, live.unmet, { ...env, COZE_LIVE_ALLOW_SKIP: undefined });
  if (problem) {
    log(`\n!!! contract --record: NOTHING RAN against live Coze, and no cassette was written.\n${problem}\n`);
    return { code: 1, results: [], findings: [] };
  }
  log(`contract --record: ${checks.length} checks against ${live.baseURL} through coze-mock record → ${options.out}\n${formatSkipSummary('live', checks, live.unmet)}`);
  const target = await withRecorder(live, options.out, (exchange, index) => log(formatExchangeLine(exchange, index)));
  let results: CheckResult[];
  try {
    results = await runChecks(checks, target, sdk);
  } finally {
    await target.close();
  }
  const ran = results.filter((r) => r.status !== 'skip').length;
  log(`contract --record: ${ran} checks ran (${results.filter((r) => r.status === 'fail' || r.status === 'timeout').length} failed); cassette ${options.out}\n`);
  const findings = await driftAgainstMock({ ...options, cassette: options.out, checks, log });
  return { code: 0, results, findings };
}

/**
 * Runs `checks` against a fresh mock through a recorder and writes `drift.md` comparing a live cassette with it.
 *
 * @example
 * const findings = await driftAgainstMock({ cassette: 'live.cassette.json', reportDir: 'reports', sdk });
 */
export async function driftAgainstMock(options: {
  cassette: string;
  reportDir: string;
  sdk: SdkAdapter;
  checks?: readonly Check[];
  log?: (text: string) => void;
}): Promise<DriftFinding[]> {
  const log = options.log ?? ((text: string) => process.stdout.write(text));
  const live = readCassetteFile(options.cassette);
  const work = mkdtempSync(join(tmpdir(), 'coze-drift-'));
  try {
    const mockOut = join(work, 'mock.cassette.json');
    const target = await withRecorder(await openMockTarget(), mockOut);
    try {
      await runChecks(options.checks ?? ALL_CHECKS, target, options.sdk);
    } finally {
      await target.close();
    }
    const mock = readCassetteFile(mockOut);
    const findings = compareCassettes(live, mock);
    const report = driftMarkdown(findings, {
      live: `${options.cassette} (${live.exchanges.length} exchanges, recorded from ${live.upstream ?? 'an unnamed upstream'})`,
      mock: `a fresh coze-mock running the same checks (${mock.exchanges.length} exchanges)`,
    });
    mkdirSync(options.reportDir, { recursive: true });
    const file = join(options.reportDir, 'drift.md');
    writeFileSync(file, `# Drift report\n\n${report}`);
    log(`\n${report}\ndrift report: ${file}\n`);
    return findings;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
