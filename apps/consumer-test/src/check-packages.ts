import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import type { Tarball } from './pack.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const ATTW_BIN = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');

/** What the two tools said about one tarball. */
export interface PackageVerdict {
  name: string;
  /** publint's messages, formatted (errors, warnings and suggestions alike: all of them count). */
  publint: string[];
  /** attw's report when it found a problem, empty when the types are right. */
  attw: string[];
}

/**
 * Runs `publint` (strict) and `@arethetypeswrong/cli` on a packed tarball. The packages are ESM only, so attw runs
 * with its `esm-only` profile (no `require()` of them, no node10 resolution of subpaths).
 *
 * @example
 * const verdict = await checkTarball(tarball); // { name, publint: [], attw: [] } when both tools are happy
 */
export async function checkTarball(tarball: Tarball): Promise<PackageVerdict> {
  const bytes = readFileSync(tarball.file);
  const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, level: 'suggestion', strict: true });
  const publintLines = messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);

  // attw exits 1 when it finds a problem its profile does not ignore; then its report is the finding.
  let attw: string[] = [];
  try {
    await run(process.execPath, [ATTW_BIN, tarball.file, '--profile', 'esm-only', '--format', 'ascii', '--no-color', '--no-emoji'], { timeout: 120_000, maxBuffer: 32 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    attw = [`${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || e.message];
  }
  return {
    name: tarball.name,
    publint: publintLines,
    attw,
  };
}
