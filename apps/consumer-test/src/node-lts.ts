import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './packages.js';

const run = promisify(execFile);

/** The Node lines `.ci/run` also runs the consumer smoke on (20 is the one the workspace itself runs on). */
export const LTS_MAJORS = ['22', '24'] as const;

/** Where the Node binaries are kept between runs: node_modules/.cache/node-lts/<major>/bin/node. */
export const NODE_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'node-lts');

/**
 * The `node` binary of the newest release of a Node line, from the npm registry's `node-<platform>-<arch>` package
 * (the official binary, published by the Node.js project's release tooling; nothing is downloaded from elsewhere).
 * Fetched once with `npm pack`, then reused; only `bin/node` is kept.
 *
 * @example
 * const node22 = await ltsNode('22'); // …/node_modules/.cache/node-lts/22/bin/node
 */
export async function ltsNode(major: string, cache = NODE_CACHE): Promise<string> {
  const dir = join(cache, major);
  const node = join(dir, 'bin', 'node');
  if (existsSync(node)) return node;
  const work = join(cache, `.${major}-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const spec = `node-${process.platform}-${process.arch}@${major}`;
    await run('npm', ['pack', spec, '--pack-destination', work, '--silent'], { timeout: 300_000, maxBuffer: 4 * 1024 * 1024 });
    const [tarball] = readdirSync(work).filter((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${spec} wrote no tarball`);
    await run('tar', ['-xzf', join(work, tarball), '-C', work, 'package/bin/node'], { timeout: 120_000 });
    rmSync(dir, { recursive: true, force: true });
    // A rename: a run interrupted half-way leaves no half-written binary where the next run looks.
    renameSync(join(work, 'package'), dir);
    return node;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The version a Node binary reports.
 *
 * @example
 * await nodeVersion(await ltsNode('24')); // 'v24.22.3'
 */
export async function nodeVersion(node: string): Promise<string> {
  return (await run(node, ['--version'], { timeout: 30_000 })).stdout.trim();
}
