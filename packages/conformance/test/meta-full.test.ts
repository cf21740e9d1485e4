import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVIATIONS } from '@coze-mock/server';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS, checkById } from '../src/checks/index.js';
import { checksThatCanSee, compareWithMap, readDeviationMap } from '../src/contract/deviation-map.js';
import { runMetaFull } from '../src/contract/meta-full.js';
import { createProgress } from '../src/contract/progress.js';
import { loadSdkFromEnv } from '../src/sdk/load-sdk.js';

const quiet = () => createProgress('runs', 1, { live: false, write: () => undefined });

describe('the deviation map and pnpm contract --meta-full', () => {
  it('a deviation is run against the checks it makes fail and every check of the rows they guard', () => {
    const seen = checksThatCanSee(['web.code-single-use'], ALL_CHECKS).map((check) => check.id);
    expect(seen).toContain('web.code-single-use');
    const rows = checkById('web.code-single-use')!.covers;
    for (const check of ALL_CHECKS) expect(seen.includes(check.id), check.id).toBe(check.id === 'web.code-single-use' || check.covers.some((row) => rows.includes(row)));
  });

  it('compares only within the checks that ran', () => {
    expect(compareWithMap('d', ['a'], ['a', 'z'], ['a', 'b'])).toBeUndefined();
    expect(compareWithMap('d', ['b'], ['a'], ['a', 'b'])).toEqual({ deviation: 'd', unexpected: ['b'], missing: ['a'] });
  });

  it('--meta-full --write-map records what each deviation makes fail; the next --meta-full agrees with it', async () => {
    const checks = ['web.code-single-use', 'jwt.single-use'].map((id) => checkById(id)!);
    const sdk = await loadSdkFromEnv({});
    const mapFile = join(mkdtempSync(join(tmpdir(), 'coze-map-')), 'deviation-map.json');
    const written = await runMetaFull(checks, sdk, quiet(), { write: true, mapFile });
    expect(written.failingWithout).toEqual([]);
    const map = readDeviationMap(mapFile).deviations;
    expect(Object.keys(map)).toEqual(Object.keys(DEVIATIONS));
    expect(map['code-reusable']).toEqual(['web.code-single-use']);
    expect(map['jti-not-enforced']).toEqual(['jwt.single-use']);
    // The committed map agrees on these two checks.
    const committed = readDeviationMap().deviations;
    for (const [deviation, ids] of Object.entries(map)) expect(ids, deviation).toEqual((committed[deviation] ?? []).filter((id) => checks.some((c) => c.id === id)));
    expect(readFileSync(mapFile, 'utf8')).toMatch(/Written by `pnpm contract --meta-full --write-map`/);
    expect((await runMetaFull(checks, sdk, quiet(), { mapFile })).problems).toEqual([]);
  }, 120_000);
});
