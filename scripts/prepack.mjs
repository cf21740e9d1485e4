#!/usr/bin/env node
// `prepack` of every public package: refuses `npm pack`/`npm publish` (npm ignores `publishConfig`, so the tarball's
// `exports` would point at ./src/*.ts) and empties dist so that files of deleted sources never ship. The package's own
// `build` runs next. Release with `pnpm publish` / `changeset publish` (which uses pnpm in this workspace).
import { rmSync } from 'node:fs';

const agent = process.env.npm_config_user_agent ?? '';
if (!agent.startsWith('pnpm/')) {
  process.stderr.write(
    `${process.env.npm_package_name ?? 'this package'}: pack or publish it with pnpm (pnpm pack, pnpm publish, changeset publish), not ${agent.split(' ')[0] || 'this tool'}: ` +
      'only pnpm applies publishConfig (exports pointing at dist) and replaces workspace:* ranges.\n',
  );
  process.exit(1);
}
rmSync('dist', { recursive: true, force: true });
