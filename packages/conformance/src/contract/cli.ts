import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_CHECKS } from '../checks/index.js';
import { REPO_ROOT } from '../paths.js';
import type { SdkLocation } from '../sdk/load-sdk.js';
import { BASELINE_FILE, compareWithBaseline, readBaseline, writeBaseline } from './baseline.js';
import { inPool, runVersionInChild } from './child-run.js';
import { buildReport, reportMarkdown, reportSummary } from './report.js';
import type { VersionRun } from './run-version.js';
import { DEFAULT_CONTRACT_VERSIONS, resolveSdkSpec } from './sdk-specs.js';

const USAGE = `pnpm contract [options]: run the conformance checks against several @coze/api versions side by side

  --sdk <spec>        also run this version: a version (1.4.0), a dist-tag (latest), file:<dir> or a .tgz;
                      installed versions (${DEFAULT_CONTRACT_VERSIONS.join(', ')}) need no network. Repeatable.
  --only              run only the --sdk versions, not the default set
  --write-baseline    record these results as the expected ones (review the diff of contract-baseline.json!)
  --baseline <file>   compare with this baseline (default packages/conformance/contract-baseline.json)
  --out <dir>         where contract.md and contract.json go (default <repo>/reports)
  --timeout <s>       kill a version's run after this many seconds (default 120)
`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      sdk: { type: 'string', multiple: true, default: [] },
      only: { type: 'boolean', default: false },
      'write-baseline': { type: 'boolean', default: false },
      baseline: { type: 'string', default: BASELINE_FILE },
      out: { type: 'string', default: join(REPO_ROOT, 'reports') },
      timeout: { type: 'string', default: '120' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.only && !values.sdk.length) throw new Error('--only needs at least one --sdk');
  const specs = [...new Set([...(values.only ? [] : DEFAULT_CONTRACT_VERSIONS), ...values.sdk])];
  const started = performance.now();
  const locations: SdkLocation[] = [];
  for (const spec of specs) locations.push(await resolveSdkSpec(spec, { log: (line) => process.stdout.write(`${line}\n`) }));
  const unique = locations.filter((loc, i) => locations.findIndex((other) => other.dir === loc.dir) === i);
  process.stdout.write(`contract: ${ALL_CHECKS.length} checks × ${unique.length} @coze/api versions (${unique.map((l) => l.label).join(', ')})\n`);

  const workDir = mkdtempSync(join(tmpdir(), 'coze-contract-'));
  let runs: VersionRun[];
  try {
    const jobs = Math.max(2, Math.min(4, availableParallelism()));
    runs = await inPool(unique, jobs, (location) => runVersionInChild(location, workDir, Number(values.timeout) * 1000));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  let baseline = readBaseline(values.baseline);
  if (values['write-baseline']) {
    baseline = writeBaseline(baseline, runs, values.baseline);
    process.stdout.write(`wrote ${values.baseline}: explain every "TODO explain" entry and review the diff before committing\n`);
  }
  const problems = runs.flatMap((run) => compareWithBaseline(baseline, run.label, run.results));
  const report = buildReport(ALL_CHECKS, runs, problems);
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`contract: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  },
);
