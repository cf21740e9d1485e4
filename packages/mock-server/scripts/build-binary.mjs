#!/usr/bin/env node
// `pnpm build:binary [--out <file>]`: a single executable of the coze-mock CLI (Node's single-executable
// applications): the CLI and every dependency bundled into one CommonJS file (esbuild), turned into a SEA blob,
// injected (postject) into a copy of this node binary. The result needs no node, node_modules or workspace.
// Default output: packages/mock-server/dist-binary/coze-mock (coze-mock.exe on Windows).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PACKAGE_DIR, bundleCli } from './bundle-cli.mjs';

const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/**
 * Builds the executable at `out` and returns its path.
 *
 * @example
 * await buildBinary(join(tmp, 'coze-mock'));
 */
export async function buildBinary(out = join(PACKAGE_DIR, 'dist-binary', process.platform === 'win32' ? 'coze-mock.exe' : 'coze-mock')) {
  const work = mkdtempSync(join(tmpdir(), 'coze-mock-sea-'));
  try {
    const main = join(work, 'coze-mock.cjs');
    const blob = join(work, 'coze-mock.blob');
    await bundleCli({ outfile: main });
    const config = join(work, 'sea-config.json');
    writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true }));
    execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
    mkdirSync(dirname(out), { recursive: true });
    rmSync(out, { force: true });
    copyFileSync(process.execPath, out);
    chmodSync(out, 0o755);
    if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', out]);
    const { inject } = createRequire(import.meta.url)('postject');
    await inject(out, 'NODE_SEA_BLOB', readFileSync(blob), {
      sentinelFuse: SENTINEL_FUSE,
      ...(process.platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
    });
    if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', out]);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
  const started = performance.now();
  const out = await buildBinary(values.out && resolve(process.env.INIT_CWD ?? process.cwd(), values.out));
  process.stdout.write(`wrote ${out} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
