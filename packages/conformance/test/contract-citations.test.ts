import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT_ROWS } from '../src/contract-rows.js';

/** The repository root: this test reads the whole tree (the published package has no such root). */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Every citation of the contract in code, tests and docs resolves to a row of docs/contract.md: `docs/contract.md#<row>`
 * and "contract row(s) <row>" (a `prefix.*` names a group of rows). The shared folder's contract file is not cited any more.
 */

const SKIP = new Set(['node_modules', 'dist', 'reports', 'test-results', 'playwright-report', '.turbo']);
const TEXT = /\.(ts|tsx|mts|js|mjs|md|json)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return TEXT.test(name) ? [path] : [];
  });
}

const files = [...['packages', 'apps', 'docs'].flatMap((dir) => filesUnder(join(REPO_ROOT, dir))), join(REPO_ROOT, 'README.md')];
const rows = Object.keys(CONTRACT_ROWS);
const resolves = (cited: string) => (cited.endsWith('.*') ? rows.some((row) => row.startsWith(cited.slice(0, -1))) : rows.includes(cited));

describe('contract citations', () => {
  it('resolve to rows of docs/contract.md', () => {
    const broken: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const cited = [
        ...[...text.matchAll(/docs\/contract\.md#([a-z0-9.*-]+[a-z0-9*])/g)].map((m) => m[1] as string),
        ...[...text.matchAll(/contract rows? `?([a-z-]+\.[a-z0-9.*-]*[a-z0-9*])/g)].map((m) => m[1] as string),
      ];
      for (const row of cited) if (!resolves(row)) broken.push(`${relative(REPO_ROOT, file)}: ${row}`);
    }
    expect(broken).toEqual([]);
  });

  it('no longer point at the shared CONTRACT.md', () => {
    const legacy = files.filter((file) => !file.endsWith('contract-citations.test.ts') && /(?<![A-Z_])CONTRACT(?![A-Z_])/.test(readFileSync(file, 'utf8'))).map((file) => relative(REPO_ROOT, file));
    expect(legacy).toEqual([]);
  });
});
