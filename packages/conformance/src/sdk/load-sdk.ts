import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONFORMANCE_DIR } from '../paths.js';
import { adaptSdk, type CozeSdkModule, type SdkAdapter } from './adapter.js';

/**
 * Finds and loads published `@coze/api` versions installed side by side: the `@coze/api` that Node resolves (from the
 * working directory first, the user's own; then from this package) and, in the workspace, the aliases
 * `cz-sdk-<version>` in packages/conformance/package.json. No package-manager layout is assumed for `@coze/api`.
 */

/** The alias prefix used in package.json: `"cz-sdk-1.2.0": "npm:@coze/api@1.2.0"`. */
export const ALIAS_PREFIX = 'cz-sdk-';

/** An SDK on disk: a directory holding its package.json. */
export interface SdkLocation {
  label: string;
  /** The package directory (symlinks resolved). */
  dir: string;
  /** How it was found: a package name or a path. */
  from: string;
}

const readPackageJson = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string; exports?: unknown; main?: string; module?: string };

/**
 * The directory of the `@coze/api` that Node resolves from `from` (a directory), or undefined. Resolves the entry
 * point and walks up to its package.json, since the SDK's `exports` need not list `./package.json`.
 */
function resolveSdkDir(from: string): string | undefined {
  let entry: string;
  try {
    entry = createRequire(join(from, 'noop.js')).resolve('@coze/api');
  } catch {
    return undefined;
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && readPackageJson(dir).name === '@coze/api') return realpathSync(dir);
  }
  return undefined;
}

/**
 * The current `@coze/api`: the user's (resolved from the working directory), else the one this package resolves.
 *
 * @example
 * currentSdkDir(); // '/my/app/node_modules/@coze/api'
 */
export function currentSdkDir(cwd = process.env.INIT_CWD ?? process.cwd()): string {
  const dir = resolveSdkDir(cwd) ?? resolveSdkDir(CONFORMANCE_DIR);
  if (!dir) throw new Error('@coze/api is not installed: npm i -D @coze/api (or name versions with --sdk)');
  return dir;
}

/**
 * The versions installed: the current `@coze/api` and every `cz-sdk-*` alias next to this package, keyed by version.
 *
 * @example
 * installedSdks().get('1.2.0')?.from; // 'cz-sdk-1.2.0'
 */
export function installedSdks(): Map<string, SdkLocation> {
  const found = new Map<string, SdkLocation>();
  const current = resolveSdkDir(process.env.INIT_CWD ?? process.cwd()) ?? resolveSdkDir(CONFORMANCE_DIR);
  if (current) found.set(readPackageJson(current).version as string, { label: readPackageJson(current).version as string, dir: current, from: '@coze/api' });
  const modules = join(CONFORMANCE_DIR, 'node_modules');
  for (const name of existsSync(modules) ? readdirSync(modules).filter((n) => n.startsWith(ALIAS_PREFIX)) : []) {
    const dir = join(modules, name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const version = readPackageJson(dir).version as string;
    if (!found.has(version)) found.set(version, { label: version, dir: realpathSync(dir), from: name });
  }
  return found;
}

/**
 * The version of the current `@coze/api` (see {@link currentSdkDir}), the one `pnpm test` runs.
 *
 * @example
 * currentSdkVersion(); // '1.3.9'
 */
export function currentSdkVersion(): string {
  return readPackageJson(currentSdkDir()).version as string;
}

/** Picks the ESM entry from package.json `exports` (or `module`/`main`), and the CommonJS one when there is one. */
function entriesOf(dir: string): { esm?: string; cjs?: string } {
  const pkg = readPackageJson(dir);
  const root = (typeof pkg.exports === 'object' && pkg.exports && '.' in pkg.exports ? (pkg.exports as Record<string, unknown>)['.'] : pkg.exports) as
    | string
    | Record<string, unknown>
    | undefined;
  const pickPath = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : value && typeof value === 'object' ? pickPath((value as Record<string, unknown>).default) : undefined;
  const esm = typeof root === 'string' ? root : pickPath(root?.import) ?? pkg.module ?? pkg.main;
  const cjs = typeof root === 'object' ? pickPath(root.require) : undefined;
  return { ...(esm ? { esm: join(dir, esm) } : {}), ...(cjs ? { cjs: join(dir, cjs) } : {}) };
}

/**
 * Loads an SDK from its package directory: its ESM entry, or its CommonJS one when the ESM file is missing (1.1.1
 * shipped a broken `exports.import`).
 *
 * @example
 * const sdk = await loadSdk(installedSdks().get('1.2.0')!);
 * sdk.version; // '1.2.0'
 */
export async function loadSdk(location: SdkLocation): Promise<SdkAdapter> {
  const { esm, cjs } = entriesOf(location.dir);
  let api: CozeSdkModule | undefined;
  let importError: unknown;
  if (esm && existsSync(esm)) {
    try {
      api = (await import(pathToFileURL(esm).href)) as CozeSdkModule;
    } catch (error) {
      importError = error;
    }
  }
  if (!api && cjs && existsSync(cjs)) api = createRequire(import.meta.url)(cjs) as CozeSdkModule;
  if (!api) throw new Error(`cannot load @coze/api from ${location.dir}: ${String(importError ?? 'no entry point')}`);
  return adaptSdk(api, { label: location.label, version: readPackageJson(location.dir).version as string, from: location.from });
}

/**
 * Loads the SDK named by `COZE_SDK` (a version installed as an alias, e.g. `1.2.0`), or the current `@coze/api`.
 *
 * @example
 * const sdk = await loadSdkFromEnv(process.env); // @coze/api 1.3.9 unless COZE_SDK says otherwise
 */
export async function loadSdkFromEnv(env: Record<string, string | undefined> = process.env): Promise<SdkAdapter> {
  const installed = installedSdks();
  const wanted = env.COZE_SDK || currentSdkVersion();
  const location = installed.get(wanted);
  if (!location) throw new Error(`COZE_SDK=${wanted} is not installed; installed: ${[...installed.keys()].join(', ')} (pnpm contract --sdk installs others)`);
  return loadSdk(location);
}
