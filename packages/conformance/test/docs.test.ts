import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDocs, replaceRegion } from '../scripts/docs.js';
import { ALL_CHECKS } from '../src/checks/index.js';

/**
 * The docs that describe the check table match the code: the check counts, the SDK versions, the groups table and the
 * checks column of every contract row are what `pnpm docs:write` writes (scripts/docs.ts). After adding a check, a
 * group or a contract row: `pnpm docs:write`, review, commit.
 */
describe('generated docs', () => {
  for (const { file, content } of generateDocs()) {
    it(`${file.replace(/^.*?\/(?=README|packages|docs)/, '')} is what pnpm docs:write writes`, () => {
      expect(readFileSync(file, 'utf8') === content, `${file} is stale: run pnpm docs:write`).toBe(true);
    });
  }

  it('a new check changes the figures: the generator follows the table', () => {
    const extra = { ...ALL_CHECKS[0]!, id: 'pat.extra', covers: ['hosts.no-revoke'] as const };
    const [readme, conformance, contract] = generateDocs(undefined, [...ALL_CHECKS, extra]).map((f) => f.content);
    expect(readme).toContain(`<!-- generated:checks -->${ALL_CHECKS.length + 1}<!-- /generated:checks -->`);
    expect(conformance).toMatch(new RegExp(`\\| \`pat\` \\| ${ALL_CHECKS.filter((c) => c.group === 'pat').length + 1} \\|`));
    expect(contract).toMatch(/`hosts\.no-revoke` \|.*`pat\.extra` \|$/m);
  });

  it('a region without its markers is an error, not a silent skip', () => {
    expect(replaceRegion('a <!-- generated:n -->1<!-- /generated:n --> b', 'n', '2', 'x.md')).toBe('a <!-- generated:n -->2<!-- /generated:n --> b');
    expect(() => replaceRegion('no markers', 'n', '2', 'x.md')).toThrow(/x\.md: no <!-- generated:n --> region/);
  });
});
