import type { Check } from '../checks/check.js';
import type { CheckStatus } from '../runner/run-checks.js';
import type { BaselineProblem } from './baseline.js';
import type { VersionRun } from './run-version.js';

/** The check × version report of `pnpm contract`, as JSON and Markdown. */
export interface ContractReport {
  generatedAt: string;
  versions: { label: string; version: string; from: string; durationMs: number; counts: Record<CheckStatus, number>; unhandledRejections: string[] }[];
  checks: { id: string; title: string; source: string; results: Record<string, { status: CheckStatus; detail?: string }> }[];
  problems: BaselineProblem[];
}

const MARK: Record<CheckStatus, string> = { pass: '✅', fail: '❌', timeout: '⏱️', skip: '➖' };

/**
 * Builds the report from the per-version runs and the baseline comparison.
 *
 * @example
 * const report = buildReport(ALL_CHECKS, runs, problems);
 */
export function buildReport(checks: readonly Check[], runs: readonly VersionRun[], problems: BaselineProblem[]): ContractReport {
  const counts = (run: VersionRun) => {
    const c: Record<CheckStatus, number> = { pass: 0, fail: 0, timeout: 0, skip: 0 };
    for (const r of run.results) c[r.status]++;
    return c;
  };
  return {
    generatedAt: new Date().toISOString(),
    versions: runs.map((run) => ({ label: run.label, version: run.version, from: run.from, durationMs: run.durationMs, counts: counts(run), unhandledRejections: run.unhandledRejections })),
    checks: checks.map((check) => ({
      id: check.id,
      title: check.title,
      source: check.source,
      results: Object.fromEntries(
        runs.map((run) => {
          const r = run.results.find((x) => x.id === check.id);
          return [run.label, r ? { status: r.status, ...(r.detail ? { detail: r.detail } : {}) } : { status: 'skip' as const, detail: 'not run' }];
        }),
      ),
    })),
    problems,
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The report as Markdown: summary, differences from the baseline, the table, and details of every non-pass.
 *
 * @example
 * writeFileSync('reports/contract.md', reportMarkdown(report));
 */
export function reportMarkdown(report: ContractReport): string {
  const labels = report.versions.map((v) => v.label);
  const flagged = new Set(report.problems.map((p) => `${p.version} ${p.check}`));
  const lines = [
    '# @coze/api contract report',
    '',
    `Generated ${report.generatedAt}. ✅ pass · ❌ fail · ⏱️ timeout (never settled) · ➖ not applicable; ‼ differs from contract-baseline.json.`,
    '',
    '| version | pass | fail | timeout | n/a | unhandled rejections | time |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.versions.map((v) => `| ${v.label} | ${v.counts.pass} | ${v.counts.fail} | ${v.counts.timeout} | ${v.counts.skip} | ${v.unhandledRejections.length} | ${(v.durationMs / 1000).toFixed(1)} s |`),
    '',
    report.problems.length ? '## Differences from the baseline' : '## Matches the baseline',
    '',
    ...report.problems.map((p) => `- **${p.kind}**: ${cell(p.message)}`),
    '',
    '## Checks',
    '',
    `| check | ${labels.join(' | ')} |`,
    `| --- | ${labels.map(() => '---').join(' | ')} |`,
    ...report.checks.map((c) => `| \`${c.id}\` | ${labels.map((l) => `${MARK[c.results[l]?.status ?? 'skip']}${flagged.has(`${l} ${c.id}`) ? ' ‼' : ''}`).join(' | ')} |`),
    '',
    '## Details of every result that is not a pass',
    '',
  ];
  for (const c of report.checks) {
    for (const label of labels) {
      const r = c.results[label];
      if (r && r.status !== 'pass') lines.push(`- ${label} \`${c.id}\` (${c.source}): ${r.status}${r.detail ? ` — ${cell(r.detail).slice(0, 300)}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A few lines for the terminal.
 *
 * @example
 * process.stdout.write(reportSummary(report));
 */
export function reportSummary(report: ContractReport): string {
  const lines = report.versions.map((v) => {
    const own = report.problems.filter((p) => p.version === v.label).length;
    return `  ${v.label.padEnd(16)} ${String(v.counts.pass).padStart(3)} pass ${String(v.counts.fail).padStart(3)} fail ${String(v.counts.timeout).padStart(3)} timeout ${String(v.counts.skip).padStart(3)} n/a   ${own ? `${own} difference(s) from the baseline` : 'as in the baseline'}`;
  });
  return `${lines.join('\n')}\n`;
}
