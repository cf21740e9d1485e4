import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS, checkById } from '../src/checks/index.js';
import { compareWithBaseline, readBaseline, writeBaseline, type ContractBaseline } from '../src/contract/baseline.js';
import { buildReport, reportMarkdown } from '../src/contract/report.js';
import { runChecks } from '../src/runner/run-checks.js';
import { loadSdkFromEnv } from '../src/sdk/load-sdk.js';
import { openMockTarget } from '../src/targets/mock-target.js';

const baseline: ContractBaseline = {
  reference: '1.3.9',
  versions: {
    '1.3.9': {},
    '1.0.14': { 'jwt.unknown-kid': { status: 'timeout', why: 'never settles' }, 'pat.users-me': { status: 'skip', why: 'no users.me' } },
  },
};
const pass = (id: string) => ({ id, status: 'pass' as const });

describe('comparison with the contract baseline', () => {
  it('accepts results that match, known differences included', () => {
    expect(compareWithBaseline(baseline, '1.0.14', [pass('jwt.token'), { id: 'jwt.unknown-kid', status: 'timeout' }, { id: 'pat.users-me', status: 'skip' }])).toEqual([]);
  });

  it('reports a new failure', () => {
    const [problem] = compareWithBaseline(baseline, '1.3.9', [{ id: 'jwt.token', status: 'fail', detail: 'expires_in must be …' }]);
    expect(problem).toMatchObject({ kind: 'new failure', check: 'jwt.token', expected: 'pass', actual: 'fail' });
    expect(problem?.message).toBe('1.3.9 jwt.token: expected pass, got fail: expires_in must be …');
  });

  it('reports a stale entry: a known failure that now passes, or a check that no longer exists', () => {
    const problems = compareWithBaseline(baseline, '1.0.14', [pass('jwt.unknown-kid')]);
    expect(problems.map((p) => [p.kind, p.check, p.actual])).toEqual([
      ['stale entry', 'jwt.unknown-kid', 'pass'],
      ['stale entry', 'pat.users-me', 'missing'],
    ]);
    expect(problems[0]?.message).toContain('the baseline expects timeout (never settles), but it now passes');
  });

  it('reports a known difference that changed kind (timeout → fail)', () => {
    const problems = compareWithBaseline(baseline, '1.0.14', [{ id: 'jwt.unknown-kid', status: 'fail' }, { id: 'pat.users-me', status: 'skip' }]);
    expect(problems.map((p) => p.kind)).toEqual(['changed']);
  });

  it('compares a version without an entry (a user-named --sdk) with the reference version', () => {
    const [problem] = compareWithBaseline(baseline, '1.4.0', [{ id: 'jwt.token', status: 'fail' }]);
    expect(problem?.message).toContain('(no baseline for 1.4.0; compared with 1.3.9)');
  });

  it('writes a baseline that keeps reasons and asks for new ones', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'baseline-')), 'b.json');
    const written = writeBaseline(baseline, [{ label: '1.0.14', results: [{ id: 'jwt.unknown-kid', status: 'timeout' }, { id: 'jwt.token', status: 'fail', detail: 'boom' }] }], file);
    expect(written.versions['1.0.14']).toEqual({ 'jwt.unknown-kid': { status: 'timeout', why: 'never settles' }, 'jwt.token': { status: 'fail', why: 'TODO explain: boom' } });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(written);
  });

  it('the committed baseline names existing checks, each with a reason', () => {
    const committed = readBaseline();
    expect(Object.keys(committed.versions)).toContain(committed.reference);
    for (const [version, entries] of Object.entries(committed.versions)) {
      for (const [id, known] of Object.entries(entries)) {
        expect(checkById(id), `${version} ${id}`).toBeDefined();
        expect(known.why, `${version} ${id}`).not.toMatch(/^TODO|^$/);
      }
    }
  });

  it('a real behaviour change of the mock makes the current SDK\'s contract fail with a clear message', async () => {
    const target = await openMockTarget({ deviations: ['jti-not-enforced'] });
    try {
      const sdk = await loadSdkFromEnv({});
      const slice = ['jwt.token', 'jwt.single-use'].map((id) => checkById(id)!);
      const results = await runChecks(slice, target, sdk);
      const problems = compareWithBaseline(readBaseline(), sdk.version, results);
      expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^1\.3\.9 jwt\.single-use: expected pass, got fail: expected AuthenticationError with error invalid_client, but the call succeeded/)]);
      const markdown = reportMarkdown(buildReport(ALL_CHECKS, [{ label: sdk.version, version: sdk.version, from: sdk.from, results, unhandledRejections: [], durationMs: 1 }], problems));
      expect(markdown).toContain('## Differences from the baseline');
      expect(markdown).toMatch(/\| `jwt\.single-use` \| ❌ ‼ \|/);
    } finally {
      await target.close();
    }
  }, 20_000);
});
