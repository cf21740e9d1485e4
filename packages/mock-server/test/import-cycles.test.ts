import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The workspace's import-circle check (scripts/check-import-cycles.mjs, part of `pnpm lint`) on a planted tree.
const script = new URL('../../../scripts/check-import-cycles.mjs', import.meta.url).pathname;

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'coze-mock-cycles-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('scripts/check-import-cycles.mjs', () => {
  it('fails on a circle made of a type-only import, naming both files', () => {
    const root = tree({
      'context.ts': "import type { Route } from './routes/route.js';\nexport interface Context { route?: Route }\n",
      'routes/route.ts': "import type { Context } from '../context.js';\nexport interface Route { context: Context }\n",
    });
    const run = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/import cycle of 2 files/);
    expect(run.stderr).toMatch(/context\.ts -> .*routes\/route\.ts/);
  });

  it('passes layers that only import downwards, and leaves tests out', () => {
    const root = tree({
      'errors.ts': 'export class E extends Error {}\n',
      'routes/route.ts': "import { E } from '../errors.js';\nexport const f = () => new E();\n",
      'routes/route.test.ts': "import { f } from './route.js';\nimport '../errors.js';\nf();\n",
    });
    expect(execFileSync(process.execPath, [script, root], { encoding: 'utf8' })).toMatch(/none in 2 files/);
  });
});
