#!/usr/bin/env node
// `prepack` of every workspace package. A private one (the apps) is never packed: `pnpm -r pack` packs every
// project, private or not, and pnpm has no switch to leave them out, so theirs refuses and names the command that
// packs only the published packages. A public one refuses `npm pack`/`npm publish` (npm ignores `publishConfig`, so
// the tarball's `exports` would point at ./src/*.ts) and empties dist so that files of deleted sources never ship; the
// package's own `build` runs next. Release with `pnpm publish` / `changeset publish` (which uses pnpm in this workspace).
import { readFileSync, rmSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
if (manifest.private) {
  process.stderr.write(`${manifest.name} is private and never packed or published: \`pnpm pack:packages\` packs the published packages into ./packs.\n`);
  process.exit(1);
}

const agent = process.env.npm_config_user_agent ?? '';
if (!agent.startsWith('pnpm/')) {
  process.stderr.write(
    `${process.env.npm_package_name ?? 'this package'}: pack or publish it with pnpm (pnpm pack, pnpm publish, changeset publish), not ${agent.split(' ')[0] || 'this tool'}: ` +
      'only pnpm applies publishConfig (exports pointing at dist) and replaces workspace:* ranges.\n',
  );
  process.exit(1);
}
rmSync('dist', { recursive: true, force: true });
