import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));

/**
 * Bundles `src/main.ts` and `@coze/api` for the browser with esbuild (`platform: 'browser'` honours the SDK's
 * `browser` field, which leaves out `crypto`, `os`, `ws`, `node-fetch` and `jsonwebtoken`).
 *
 * @example
 * const js = await bundleSpa(); // an ES module, ~200 kB minified
 */
export async function bundleSpa(options: { minify?: boolean } = {}): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? true,
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output');
  return output.text;
}
