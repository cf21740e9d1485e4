import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALL_CHECKS } from '../checks/index.js';
import { runChecks, type CheckResult } from '../runner/run-checks.js';
import { loadSdk } from '../sdk/load-sdk.js';
import { openMockTarget } from '../targets/mock-target.js';
import { openUrlTarget } from '../targets/url-target.js';

/**
 * One SDK version's contract run, in a child process of `pnpm contract` so that what an old SDK does wrong (1.0.14's
 * unhandled rejections) stays contained: starts its own mock on port 0, loads the SDK from `--dir`, runs every check,
 * writes the results as JSON to `--out` (`--checks` limits the run to some check ids; `--url` runs against an
 * already running coze-mock instead).
 */

/** What a child writes. */
export interface VersionRun {
  label: string;
  version: string;
  from: string;
  results: CheckResult[];
  /** Rejections nobody handled (1.0.14–1.0.19's JWT promise that never settles). */
  unhandledRejections: string[];
  durationMs: number;
}

async function main() {
  const { values } = parseArgs({
    options: { dir: { type: 'string' }, label: { type: 'string' }, from: { type: 'string' }, out: { type: 'string' }, checks: { type: 'string' }, url: { type: 'string' } },
    strict: true,
  });
  if (!values.dir || !values.label || !values.out) throw new Error('usage: run-version --dir <sdk package dir> --label <label> --out <file> [--from <spec>] [--checks id,id]');
  const unhandledRejections: string[] = [];
  process.on('unhandledRejection', (reason) => {
    const e = reason as { constructor?: { name?: string }; message?: string };
    unhandledRejections.push(`${e?.constructor?.name ?? typeof reason}: ${String(e?.message ?? reason).slice(0, 160)}`);
  });
  const started = performance.now();
  const sdk = await loadSdk({ label: values.label, dir: values.dir, from: values.from ?? values.dir });
  const target = values.url ? await openUrlTarget(values.url) : await openMockTarget();
  try {
    const only = values.checks?.split(',');
    const results = await runChecks(only ? ALL_CHECKS.filter((check) => only.includes(check.id)) : ALL_CHECKS, target, sdk, { hangGuard: true });
    const run: VersionRun = {
      label: values.label,
      version: sdk.version,
      from: sdk.from,
      results,
      unhandledRejections,
      durationMs: Math.round(performance.now() - started),
    };
    writeFileSync(values.out, JSON.stringify(run));
  } finally {
    await target.close();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`run-version: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
