import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToEnd } from './child.js';
import type { Tarball } from './pack.js';

/** The user's files copied into the fresh project: a vitest config and test, a Playwright config and spec. */
const PROJECT_FILES = fileURLToPath(new URL('../project/', import.meta.url));

/**
 * What the consumer project installs from the registry besides the tarballs: the lower bounds of the peer ranges of
 * @coze-mock/testing (`vitest >=4.1 <5`, `@playwright/test >=1.50 <2`), so that the ranges are what is tested (the
 * workspace itself runs the newest), and the SDK a user would have.
 */
export const REGISTRY_DEPENDENCIES = { '@coze/api': '1.3.9', axios: '^1.13.2', vitest: '4.1.0', '@playwright/test': '1.50.0' };

/**
 * Writes a fresh npm project into `dir` whose dependencies are the tarballs (as `file:` specs) and installs it with
 * plain `npm install` (no workspace, npm's own layout), preferring npm's cache.
 *
 * @example
 * await installConsumerProject(tmp.path, await packAll(tmp.path));
 */
export async function installConsumerProject(dir: string, tarballs: Tarball[], timeoutMs: number): Promise<void> {
  for (const file of readdirSync(PROJECT_FILES)) cpSync(join(PROJECT_FILES, file), join(dir, file));
  const fromTarballs = Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.file}`]));
  const manifest = { name: 'coze-mock-consumer', private: true, type: 'module', dependencies: fromTarballs, devDependencies: REGISTRY_DEPENDENCIES };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const args = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  const result = await runToEnd('npm', args, { cwd: dir, env: npmEnv() }, timeoutMs);
  if (result.code !== 0) throw new Error(`npm install failed (${result.code}):\n${result.stderr.slice(-3000)}`);
}

/**
 * The environment for npm and npx in the consumer project: no pnpm variables leaking from `pnpm test` (npm would read
 * `npm_config_*` as its own settings), no Playwright browser download, `--yes` for npx.
 */
export function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|INIT_CWD$|VITEST|TURBO_|NODE_OPTIONS$)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, npm_config_yes: 'true', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ...extra };
}
