/** `pnpm contract` runs each SDK version in its own child process (run-version.ts), a few at a time. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SdkLocation } from '../sdk/load-sdk.js';
import type { VersionRun } from './run-version.js';

// From the sources (the workspace) the child runs run-version.ts through tsx; from the published dist, plain node.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const RUN_VERSION = fileURLToPath(new URL(FROM_SOURCES ? './run-version.ts' : './run-version.js', import.meta.url));
const childEntry = () => (FROM_SOURCES ? [createRequire(import.meta.url).resolve('tsx/cli'), RUN_VERSION] : [RUN_VERSION]);

/**
 * Runs one version's checks (or only `checkIds`) in a child process and reads its results.
 *
 * @example
 * const run = await runVersionInChild(installedSdks().get('1.0.14')!, tmp, 60_000, ['jwt.unknown-kid']);
 * // `url`: against a running mock instead of the child's own
 */
export function runVersionInChild(location: SdkLocation, workDir: string, timeoutMs: number, checkIds?: string[], url?: string): Promise<VersionRun> {
  const out = join(workDir, `${location.label.replace(/[^\w.-]/g, '_')}.json`);
  const args = [...childEntry(), '--dir', location.dir, '--label', location.label, '--from', location.from, '--out', out];
  if (checkIds) args.push('--checks', checkIds.join(','));
  if (url) args.push('--url', url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(readFileSync(out, 'utf8')) as VersionRun);
      else reject(new Error(`the run of @coze/api ${location.label} ended with ${signal ?? `exit code ${code}`}:\n${stderr.trim().slice(-2000)}`));
    });
  });
}

/**
 * Runs tasks with at most `limit` at a time, keeping their order.
 *
 * @example
 * const runs = await inPool(locations, 4, (location) => runVersionInChild(location, dir, 60_000));
 */
export async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

