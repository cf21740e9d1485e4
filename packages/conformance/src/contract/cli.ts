import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEVIATIONS } from '@coze-mock/server';
import type { Check } from '../checks/check.js';
import { ALL_CHECKS } from '../checks/index.js';
import { currentSdkVersion, installedSdks, loadSdkFromEnv, type SdkLocation } from '../sdk/load-sdk.js';
import { BASELINE_FILE, compareWithBaseline, readBaseline, writeBaseline } from './baseline.js';
import { inPool, runVersionInChild } from './child-run.js';
import { DEVIATION_MAP_FILE } from './deviation-map.js';
import { runMetaFull } from './meta-full.js';
import { createProgress, processSink } from './progress.js';
import { buildReport, reportMarkdown, reportSummary } from './report.js';
import type { VersionRun } from './run-version.js';
import { DEFAULT_CONTRACT_VERSIONS, resolveSdkSpec } from './sdk-specs.js';
import { driftAgainstMock, recordLiveRun } from './live-record.js';

const USAGE = `coze-contract [options] (pnpm contract in the workspace): run the conformance checks with one or several
@coze/api versions side by side, each against its own fresh coze-mock (or --url)

  --sdk <spec>        also run this version: a version (1.4.0), a dist-tag (latest), file:<dir> or a .tgz;
                      installed versions need no network (the workspace has ${DEFAULT_CONTRACT_VERSIONS.join(', ')}). Repeatable.
  --only              run only the --sdk versions, not the default set (the workspace's versions, or else the
                      @coze/api your project has installed)
  --url <base>        run against this already running coze-mock (one version at a time) instead of a fresh one
  --checks <list>     run only these checks: ids (jwt.single-use) or groups (pat), comma-separated
  --write-baseline    record these results as the expected ones (review the diff of contract-baseline.json!)
  --baseline <file>   compare with this baseline (default: contract-baseline.json of this package)
  --out <dir>         where contract.md and contract.json go (default ./reports)
  --timeout <s>       kill a version's run after this many seconds (default 120)
  --record <file>     with COZE_LIVE=1: run the checks against live Coze through coze-mock record, keep the exchanges
                      as a cassette (replay it offline with coze-mock --replay), then write <out>/drift.md: what real
                      Coze sent that the mock does not. Without live credentials it says so and exits 1.
  --drift <file>      write <out>/drift.md for a cassette recorded earlier, against a fresh mock (offline)
  --meta-full         instead: every check against a mock with each contract deviation switched on (the whole cross
                      product; pnpm test runs each deviation only against the checks that can see it), compared with
                      deviation-map.json; with --write-map, record what was seen there (after adding a check)

Progress goes to stdout: one line rewritten in place on a terminal, one line per version started and finished in CI.
`;

/** The workspace's versions when they are all installed (no network), else the project's own `@coze/api`. */
function defaultVersions(): string[] {
  const installed = installedSdks();
  return DEFAULT_CONTRACT_VERSIONS.every((version) => installed.has(version)) ? DEFAULT_CONTRACT_VERSIONS : [currentSdkVersion()];
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      sdk: { type: 'string', multiple: true, default: [] },
      only: { type: 'boolean', default: false },
      'write-baseline': { type: 'boolean', default: false },
      baseline: { type: 'string', default: BASELINE_FILE },
      out: { type: 'string', default: join(process.env.INIT_CWD ?? process.cwd(), 'reports') },
      url: { type: 'string' },
      checks: { type: 'string' },
      timeout: { type: 'string', default: '120' },
      record: { type: 'string' },
      drift: { type: 'string' },
      'meta-full': { type: 'boolean', default: false },
      'write-map': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values['write-map'] && !values['meta-full']) throw new Error('--write-map needs --meta-full');
  if (values['meta-full']) return metaFull(values['write-map']);
  if (values.only && !values.sdk.length) throw new Error('--only needs at least one --sdk');
  const base = process.env.INIT_CWD ?? process.cwd();
  if (values.record) {
    const out = resolve(base, values.record);
    return (await recordLiveRun({ env: process.env, out, reportDir: values.out, sdk: await loadSdkFromEnv() })).code;
  }
  if (values.drift) {
    await driftAgainstMock({ cassette: resolve(base, values.drift), reportDir: values.out, sdk: await loadSdkFromEnv() });
    return 0;
  }
  const checks = values.checks ? selectChecks(values.checks) : ALL_CHECKS;
  const specs = [...new Set([...(values.only ? [] : defaultVersions()), ...values.sdk])];
  const started = performance.now();
  const locations: SdkLocation[] = [];
  for (const spec of specs) locations.push(await resolveSdkSpec(spec, { log: (line) => process.stdout.write(`contract: ${line}\n`) }));
  const unique = locations.filter((loc, i) => locations.findIndex((other) => other.dir === loc.dir) === i);
  process.stdout.write(`contract: ${checks.length} checks × ${unique.length} @coze/api versions (${unique.map((l) => l.label).join(', ')})\n`);

  const workDir = mkdtempSync(join(tmpdir(), 'coze-contract-'));
  let runs: VersionRun[];
  try {
    // A shared --url target has one clock: its versions take turns.
    const jobs = values.url ? 1 : Math.max(2, Math.min(4, availableParallelism()));
    const progress = createProgress('versions', unique.length, processSink());
    runs = await inPool(unique, jobs, async (location) => {
      progress.update(location.label, 'running');
      try {
        const run = await runVersionInChild(location, workDir, Number(values.timeout) * 1000, values.checks ? checks.map((check) => check.id) : undefined, values.url);
        const count = (status: string) => run.results.filter((r) => r.status === status).length;
        progress.update(location.label, 'done', `${count('pass')} pass, ${count('fail')} fail, ${count('timeout')} timeout, ${count('skip')} n/a`);
        return run;
      } catch (error) {
        progress.update(location.label, 'failed');
        throw error;
      }
    });
    progress.end();
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  let baseline = readBaseline(values.baseline);
  if (values['write-baseline']) {
    baseline = writeBaseline(baseline, runs, values.baseline);
    process.stdout.write(`wrote ${values.baseline}: explain every "TODO explain" entry and review the diff before committing\n`);
  }
  const ran = new Set(checks.map((check) => check.id));
  // A run of some checks is compared with the baseline's entries for those checks only.
  const problems = runs.flatMap((run) => compareWithBaseline(baseline, run.label, run.results)).filter((problem) => ran.has(problem.check));
  const report = buildReport(checks, runs, problems);
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'contract.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(values.out, 'contract.md'), reportMarkdown(report));

  process.stdout.write(reportSummary(report));
  process.stdout.write(`report: ${join(values.out, 'contract.md')} (and contract.json), ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  if (!problems.length) {
    process.stdout.write('contract: every version behaves as contract-baseline.json expects\n');
    return 0;
  }
  process.stderr.write(`\ncontract: ${problems.length} difference(s) from ${values.baseline}:\n${problems.map((p) => `  ${p.kind}: ${p.message}`).join('\n')}\n`);
  process.stderr.write(
    '\nA new failure means the mock or an SDK version broke a promise: fix it, or, if the change is real and intended,\n' +
      'record it with `pnpm contract --write-baseline` and explain it. A stale entry means a known difference is gone:\n' +
      'remove it from the baseline (or rerun with --write-baseline).\n',
  );
  return 1;
}

/**
 * The checks `--checks` names: ids or group names, comma-separated; an unknown name is an error.
 *
 * @example
 * selectChecks('pat,jwt.single-use'); // the pat group and one jwt check
 */
function selectChecks(list: string): Check[] {
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !ALL_CHECKS.some((check) => check.id === name || check.group === name));
  if (unknown.length) throw new Error(`--checks: no check or group named ${unknown.join(', ')}`);
  return ALL_CHECKS.filter((check) => names.includes(check.id) || names.includes(check.group));
}

/** `--meta-full`: the deviation cross product with the current SDK (COZE_SDK picks another installed version). */
async function metaFull(write: boolean): Promise<number> {
  const sdk = await loadSdkFromEnv();
  process.stdout.write(`contract --meta-full: ${ALL_CHECKS.length} checks × every deviation of the mock, @coze/api ${sdk.version}\n`);
  const started = performance.now();
  const progress = createProgress('runs', Object.keys(DEVIATIONS).length + 1, processSink());
  const result = await runMetaFull(ALL_CHECKS, sdk, progress, { write });
  const took = `${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (result.failingWithout.length) {
    process.stderr.write(`contract --meta-full: checks fail with no deviation switched on: ${result.failingWithout.join(', ')}\n`);
    return 1;
  }
  const holes = Object.entries(result.failing).filter(([, ids]) => !ids.length).map(([name]) => name);
  if (holes.length) process.stderr.write(`contract --meta-full: no check catches ${holes.join(', ')}: a hole in the checks\n`);
  if (write) {
    process.stdout.write(`wrote ${DEVIATION_MAP_FILE} (${took}); review its diff before committing\n`);
    return holes.length ? 1 : 0;
  }
  if (!result.problems.length && !holes.length) {
    process.stdout.write(`contract --meta-full: every deviation is caught by exactly the checks deviation-map.json lists (${took})\n`);
    return 0;
  }
  for (const p of result.problems) {
    process.stderr.write(`  ${p.deviation}:${p.unexpected.length ? ` also fails ${p.unexpected.join(', ')};` : ''}${p.missing.length ? ` no longer fails ${p.missing.join(', ')};` : ''}\n`);
  }
  process.stderr.write('contract --meta-full: deviation-map.json is out of date; if the change is deliberate, rerun with --write-map\n');
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`contract: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  },
);
