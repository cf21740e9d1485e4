import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACT_ROWS, type ContractRow } from '../src/contract-rows.js';
import { ALL_CHECKS } from '../src/checks/index.js';
import type { CredentialKind } from '../src/targets/target.js';

/** docs/contract.md's rows: `| <a id="row-id"></a>\`row-id\` | what holds | basis | checks |` (the checks column is generated: test/docs.test.ts). */
const contractDoc = readFileSync(new URL('../../../docs/contract.md', import.meta.url), 'utf8');
const docRows = [...contractDoc.matchAll(/^\| <a id="([a-z-]+\.[a-z0-9-]+)"><\/a>`\1` \|/gm)].map((m) => m[1] as string);

const CREDENTIALS: CredentialKind[] = ['pat', 'web', 'pkce', 'device', 'jwt', 'channel', 'refreshToken', 'accountId', 'enterpriseId', 'workspace', 'bots', 'workflows'];

describe('the check table', () => {
  it('names the same rows as docs/contract.md', () => {
    expect([...docRows].sort()).toEqual(Object.keys(CONTRACT_ROWS).sort());
  });

  it('covers every row of docs/contract.md with at least one check', () => {
    const covered = new Set(ALL_CHECKS.flatMap((check) => check.covers));
    const uncovered = (Object.keys(CONTRACT_ROWS) as ContractRow[]).filter((row) => !covered.has(row));
    expect(uncovered, 'contract rows without a check').toEqual([]);
  });

  it('has unique ids, and every check names its source and at least one row', () => {
    const ids = ALL_CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of ALL_CHECKS) {
      expect(check.source.length, `${check.id} names no source`).toBeGreaterThan(5);
      expect(check.covers.length, `${check.id} covers no row`).toBeGreaterThan(0);
    }
  });

  it('makes every check need a credential, so a live run without credentials runs nothing', () => {
    const credentialless = ALL_CHECKS.filter((check) => !check.needs.some((need) => (CREDENTIALS as string[]).includes(need)));
    expect(credentialless.map((check) => check.id)).toEqual([]);
  });
});
