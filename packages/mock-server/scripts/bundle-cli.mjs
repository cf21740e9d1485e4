// Bundles src/cli.ts (and everything it imports, dependencies included) into one CommonJS file with esbuild: the file
// `bin/coze-mock.js` and `pnpm start` run (with a V8 code cache, see the bin) and the single executable's script. A
// tenth of a second, where tsx costs a second per start.
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(PACKAGE_DIR, 'src');

/** The newest modification time under src/ (and of package.json): a bundle older than this is stale. */
export function newestSourceMtime(dir = SRC) {
  let newest = statSync(join(PACKAGE_DIR, 'package.json')).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Writes the CLI bundle to `outfile`.
 *
 * @example
 * await bundleCli({ outfile: 'dist/cli.bundle.cjs' });
 */
export async function bundleCli({ outfile }) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(SRC, 'cli.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
    legalComments: 'none',
    // Fewer bytes for Node to read and compile at every start; identifiers stay, so a stack trace still names the
    // function (full minification measured no faster).
    minifyWhitespace: true,
    minifySyntax: true,
    // `coze-mock --version` without a package.json beside the bundle (the single executable has none).
    define: { __COZE_MOCK_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')).version) },
    // cli.ts reads import.meta.url only where the define above is missing (tsx, tsc's dist/cli.js).
    logOverride: { 'empty-import-meta': 'silent' },
  });
  // The bin's code cache of the previous bundle: it would be refused anyway, and must not sit in dist/ as an output.
  rmSync(`${outfile}.cache`, { force: true });
}

/** The bundle `bin/coze-mock.js` runs. */
export const CLI_BUNDLE = join(PACKAGE_DIR, 'dist', 'cli.bundle.cjs');

// `node scripts/bundle-cli.mjs` (the package's build).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundleCli({ outfile: CLI_BUNDLE });
}
