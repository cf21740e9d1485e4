#!/usr/bin/env node
// Sums every suite's machine-readable report (vitest and Playwright JSON reporters write them under
// <package>/test-results/) into the one line CI reads: "N passed, N failed, N skipped".
// Usage: node scripts/summarize-tests.mjs [exit-code-of-the-test-command]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const totals = { passed: 0, failed: 0, skipped: 0 };
const seen = [];

function addVitest(report) {
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') totals.passed++;
      else if (test.status === 'failed') totals.failed++;
      else totals.skipped++;
    }
    // A file that failed to load has no assertions but must count as a failure.
    if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') totals.failed++;
  }
}

function addPlaywright(report) {
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'expected' || test.status === 'flaky') totals.passed++;
        else if (test.status === 'skipped') totals.skipped++;
        else totals.failed++;
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  totals.failed += (report.errors ?? []).length;
}

const missing = [];
for (const group of ['packages', 'apps']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const pkg of readdirSync(dir)) {
    const manifest = join(dir, pkg, 'package.json');
    const hasTests = existsSync(manifest) && Boolean(JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test);
    const results = join(dir, pkg, 'test-results');
    const reports = existsSync(results) ? readdirSync(results).filter((n) => n.endsWith('.json')) : [];
    let counted = 0;
    for (const name of reports) {
      const report = JSON.parse(readFileSync(join(results, name), 'utf8'));
      if (Array.isArray(report.testResults)) addVitest(report);
      else if (Array.isArray(report.suites)) addPlaywright(report);
      else continue;
      counted++;
      seen.push(`${group}/${pkg}/test-results/${name}`);
    }
    // A suite that left no report (it never ran, or turbo replayed a cache entry without it) must not vanish silently.
    if (hasTests && counted === 0) missing.push(`${group}/${pkg}`);
  }
}
totals.failed += missing.length;

const exitCode = Number(process.argv[2] ?? '0');
// The test command also runs typecheck and lint; if it failed while every test passed, count that as a failure.
if (exitCode !== 0 && totals.failed === 0) totals.failed = 1;
process.stderr.write(`reports: ${seen.join(', ') || 'none'}\n`);
if (missing.length > 0) process.stderr.write(`no report from: ${missing.join(', ')} (each counted as a failure)\n`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode !== 0 || totals.failed > 0 || seen.length === 0 ? 1 : 0);
