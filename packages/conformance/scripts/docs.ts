/**
 * `pnpm docs:write` and `pnpm docs:check` (exit 1 when a file is stale): the parts of the docs that describe the
 * check table, generated from the code so that adding a check, a group or a contract row needs only a re-run.
 *
 * - `<!-- generated:NAME -->…<!-- /generated:NAME -->` regions in README.md and packages/conformance/README.md: the
 *   number of checks, the SDK versions `pnpm contract` runs, the groups table (from the checks, GROUP_SUMMARIES and
 *   the checks' sources), the shortest SDK sleep the checks hold;
 * - the last column of every row of docs/contract.md: the checks that cover the row (from each check's `covers`).
 *
 * deviation-map.json is observed, not derived: `pnpm contract --meta-full --write-map` writes it.
 * test/docs.test.ts fails when any of these files differs from what this script writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Check, CheckGroup } from '../src/checks/check.js';
import { ALL_CHECKS, GROUP_SUMMARIES } from '../src/checks/index.js';
import { DEFAULT_CONTRACT_VERSIONS } from '../src/contract/sdk-specs.js';
import { CONTRACT_ROWS } from '../src/contract-rows.js';
import { LONG_TIMER_MS } from '../src/runner/long-timers.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The files this script owns parts of, relative to the root. */
export const GENERATED_FILES = ['README.md', 'packages/conformance/README.md', 'docs/contract.md'] as const;

/**
 * Replaces the content of region `name` (between its two markers) in `text`.
 *
 * @example
 * replaceRegion('a <!-- generated:n -->1<!-- /generated:n --> b', 'n', '2', 'x.md'); // 'a <!-- generated:n -->2<!-- /generated:n --> b'
 */
export function replaceRegion(text: string, name: string, content: string, file: string): string {
  const open = `<!-- generated:${name} -->`;
  const close = `<!-- /generated:${name} -->`;
  let out = text;
  let from = 0;
  let found = 0;
  for (;;) {
    const start = out.indexOf(open, from);
    if (start < 0) break;
    const end = out.indexOf(close, start);
    if (end < 0) throw new Error(`${file}: ${open} has no ${close}`);
    out = `${out.slice(0, start + open.length)}${content}${out.slice(end)}`;
    from = start + open.length + content.length + close.length;
    found++;
  }
  if (!found) throw new Error(`${file}: no ${open} region (pnpm docs:write writes it; put the markers back)`);
  return out;
}

/** Doc pages, SDKs and RFCs a check's `source` names, in a stable form. */
function sourcesOf(checks: readonly Check[]): string[] {
  const found = new Set<string>();
  for (const { source } of checks) {
    for (const [name] of source.matchAll(/(?:\boauth_[a-z_]+|\blist_workspace|\bcoze-openapi\.yaml|@coze\/api|\bcoze-(?:py|go|java)\b|\bRFC \d+|\bsnapshots\/)/g)) found.add(name);
    if (/contract row/.test(source)) found.add('contract rows');
  }
  // Doc pages first, then the SDKs, the RFCs, the contract rows.
  const rank = (name: string) => (/^(oauth_|list_|coze-openapi|snapshots)/.test(name) ? 0 : /coze/.test(name) ? 1 : /^RFC/.test(name) ? 2 : 3);
  return [...found].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The groups table, one line per group in the order of ALL_CHECKS. */
function groupsTable(checks: readonly Check[]): string {
  const groups = [...new Set(checks.map((check) => check.group))] as CheckGroup[];
  const lines = groups.map((group) => {
    const members = checks.filter((check) => check.group === group);
    const rows = new Set(members.flatMap((check) => check.covers)).size;
    return `| \`${group}\` | ${members.length} | ${rows} | ${GROUP_SUMMARIES[group]} | ${sourcesOf(members).join(', ')} |`;
  });
  return ['', '| group | checks | contract rows | covers | sources |', '| --- | ---: | ---: | --- | --- |', ...lines, ''].join('\n');
}

/** docs/contract.md with every row's checks column rewritten from the checks' `covers`. */
function contractDoc(text: string, checks: readonly Check[]): string {
  const seen = new Set<string>();
  const out = text.replace(/^(\| <a id="([a-z-]+\.[a-z0-9-]+)"><\/a>`\2` \|.*\|)([^|]*)\|[ \t]*$/gm, (_line, head: string, row: string) => {
    seen.add(row);
    const covering = checks.filter((check) => (check.covers as readonly string[]).includes(row)).map((check) => `\`${check.id}\``);
    return `${head} ${covering.join(', ')} |`;
  });
  const missing = Object.keys(CONTRACT_ROWS).filter((row) => !seen.has(row));
  if (missing.length) throw new Error(`docs/contract.md has no row for ${missing.join(', ')} (src/contract-rows.ts lists them)`);
  return out;
}

/**
 * What every generated file should hold, given the files as they are now.
 *
 * @example
 * for (const { file, content } of generateDocs()) if (readFileSync(file, 'utf8') !== content) console.log(`${file} is stale`);
 */
export function generateDocs(root = REPO_ROOT, checks: readonly Check[] = ALL_CHECKS): { file: string; content: string }[] {
  const read = (file: string) => readFileSync(`${root}${file}`, 'utf8');
  const counts = (file: string, text: string) =>
    replaceRegion(replaceRegion(text, 'checks', String(checks.length), file), 'sdk-versions', DEFAULT_CONTRACT_VERSIONS.join(', '), file);
  return [
    { file: 'README.md', content: counts('README.md', read('README.md')) },
    {
      file: 'packages/conformance/README.md',
      content: [
        (text: string) => counts('packages/conformance/README.md', text),
        (text: string) => replaceRegion(text, 'check-groups', groupsTable(checks), 'packages/conformance/README.md'),
        (text: string) => replaceRegion(text, 'long-timer-s', String(LONG_TIMER_MS / 1000), 'packages/conformance/README.md'),
      ].reduce((text, step) => step(text), read('packages/conformance/README.md')),
    },
    { file: 'docs/contract.md', content: contractDoc(read('docs/contract.md'), checks) },
  ].map(({ file, content }) => ({ file: `${root}${file}`, content }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  const stale = generateDocs().filter(({ file, content }) => readFileSync(file, 'utf8') !== content);
  for (const { file, content } of stale) {
    if (check) process.stderr.write(`stale: ${file}\n`);
    else writeFileSync(file, content);
  }
  process.stdout.write(check ? (stale.length ? 'docs are stale: run pnpm docs:write\n' : 'docs match the code\n') : `pnpm docs:write: ${stale.length} file(s) rewritten\n`);
  process.exit(check && stale.length ? 1 : 0);
}
