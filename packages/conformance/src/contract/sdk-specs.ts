import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CONFORMANCE_DIR } from '../paths.js';
import { installedSdks, type SdkLocation } from '../sdk/load-sdk.js';

/**
 * Turns what the user names with `--sdk` into an SDK on disk: a version already installed as an alias needs no
 * network; anything else (`1.4.0`, `latest`, `file:<dir>`, a `.tgz`) is installed with npm into a cache directory.
 */

const run = promisify(execFile);

/** The versions `pnpm contract` always runs: the current one, one 1.2.x, two 1.0.x and the first published. */
export const DEFAULT_CONTRACT_VERSIONS = ['1.3.9', '1.2.0', '1.0.21', '1.0.14', '1.0.4'];

/**
 * Where `--sdk` installs land: COZE_SDK_CACHE, or node_modules/.cache/coze-sdk of this package.
 *
 * @example
 * defaultCacheDir({ COZE_SDK_CACHE: '/tmp/sdks' }); // '/tmp/sdks'
 */
export const defaultCacheDir = (env: Record<string, string | undefined> = process.env) =>
  env.COZE_SDK_CACHE || join(CONFORMANCE_DIR, 'node_modules', '.cache', 'coze-sdk');

/** Whether a spec names local files (`file:<path>`, a path, a `.tgz`) rather than a registry version or tag. */
const isLocalSpec = (spec: string) => spec.startsWith('file:') || spec.endsWith('.tgz') || spec.startsWith('.') || isAbsolute(spec);

/** The npm spec to install for a user's `--sdk` value. */
function npmSpecOf(spec: string): string {
  if (!isLocalSpec(spec)) return `@coze/api@${spec}`;
  const path = resolve(spec.replace(/^file:/, ''));
  if (!existsSync(path)) throw new Error(`--sdk ${spec}: ${path} does not exist`);
  return `@coze/api@file:${realpathSync(path)}`;
}

/**
 * Installs `@coze/api` at `spec` into `<cacheDir>/<key>` (reused when already there) and returns where it is.
 * Registry installs add `axios` (the SDK's peer dependency); local directories are linked offline.
 *
 * @example
 * const location = await installSdk('1.4.0'); // npm install --prefix …/1.4.0 @coze/api@1.4.0 axios
 */
export async function installSdk(spec: string, cacheDir = defaultCacheDir(), log: (line: string) => void = () => {}): Promise<SdkLocation> {
  const npmSpec = npmSpecOf(spec);
  const local = isLocalSpec(spec);
  const key = local ? `local-${createHash('sha256').update(npmSpec).digest('hex').slice(0, 12)}` : spec.replace(/[^\w.-]/g, '_');
  const prefix = join(cacheDir, key);
  const dir = join(prefix, 'node_modules', '@coze', 'api');
  const fresh = spec === 'latest' || spec === 'next';
  if (!existsSync(join(dir, 'package.json')) || fresh || local) {
    mkdirSync(prefix, { recursive: true });
    const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', npmSpec];
    if (local) args.push('--offline');
    else args.push('axios@^1');
    log(`installing ${npmSpec} into ${prefix}`);
    try {
      await run('npm', args, { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`npm could not install ${npmSpec}: ${(e.stderr || e.message).trim().split('\n').slice(-5).join('\n')}`, { cause: error });
    }
  }
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const label = local || spec === version ? version : `${spec} (${version})`;
  return { label, dir: realpathSync(dir), from: npmSpec };
}

/**
 * Resolves a `--sdk` value: an installed alias when one has that version, otherwise an install into the cache.
 *
 * @example
 * await resolveSdkSpec('1.2.0'); // the cz-sdk-1.2.0 alias, no network
 * await resolveSdkSpec('latest'); // npm install into the cache
 */
export async function resolveSdkSpec(spec: string, options: { cacheDir?: string; log?: (line: string) => void } = {}): Promise<SdkLocation> {
  const installed = installedSdks().get(spec);
  if (installed) return installed;
  return installSdk(spec, options.cacheDir, options.log);
}
