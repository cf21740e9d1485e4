import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publicPackages, type PublicPackage } from './packages.js';

const run = promisify(execFile);

/** A packed package. */
export interface Tarball {
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  file: string;
  bytes: number;
}

/**
 * Packs every public package with `pnpm pack` (its `prepack` builds dist; pnpm applies `publishConfig` and replaces
 * `workspace:*`, which `npm pack` does not) into `dest`, dependencies first.
 *
 * @example
 * const tarballs = await packAll('/tmp/packs'); // [{ name: '@coze-mock/server', file: '/tmp/packs/coze-mock-server-0.1.0.tgz', … }]
 */
export async function packAll(dest: string, packages: PublicPackage[] = publicPackages()): Promise<Tarball[]> {
  const tarballs: Tarball[] = [];
  for (const pkg of packages) {
    // One folder per package: the new file is the tarball, whatever pnpm names it.
    const into = mkdtempSync(join(dest, 'pack-'));
    try {
      await run('pnpm', ['pack', '--pack-destination', into], { cwd: pkg.dir, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`pnpm pack of ${pkg.name} failed: ${`${e.stdout ?? ''}${e.stderr ?? ''}`.trim().slice(-3000) || e.message}`, { cause: error });
    }
    const [name] = readdirSync(into).filter((file) => file.endsWith('.tgz'));
    if (!name) throw new Error(`pnpm pack of ${pkg.name} wrote no tarball`);
    const file = join(into, name);
    tarballs.push({ name: pkg.name, version: pkg.version, file, bytes: statSync(file).size });
  }
  return tarballs;
}

/**
 * A fresh temporary folder, removed by the returned `remove()`.
 *
 * @example
 * const tmp = tempDir('coze-consumer-'); try { … } finally { tmp.remove(); }
 */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
