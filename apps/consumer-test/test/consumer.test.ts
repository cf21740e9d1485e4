/**
 * A new user's view: every public package packed as a release packs it (pnpm pack: prepack builds dist), the
 * tarballs installed into a fresh npm project (no workspace), then the CLI, the vitest helper and the Playwright
 * helper used there as their READMEs say. The registry supplies @coze/api, vitest and @playwright/test (npm's cache
 * first). Everything runs in one temp folder, removed at the end.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createControlClient } from '@coze-mock/server';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { checkTarball } from '../src/check-packages.js';
import { runToEnd, start, type Child } from '../src/child.js';
import { npmEnv, REGISTRY_DEPENDENCIES } from '../src/consumer-project.js';
import { publicPackages, REPO_ROOT } from '../src/packages.js';

// Packed and installed once by global-setup.ts, which also removes the temp folder at the end.
const { tmp, project, tarballs } = inject('consumer');
const children: Child[] = [];

afterAll(() => {
  for (const child of children) child.kill();
});

// Detached: on a timeout the whole group (npx, its shell, the command) is killed.
const npx = (args: string[], timeoutMs = 60_000) => runToEnd('npx', args, { cwd: project, env: npmEnv(), detached: true }, timeoutMs);
/** An installed bin run directly, as a package.json script would (npx adds a second or two of npm per call). */
const bin = (name: string, args: string[], timeoutMs = 60_000) =>
  runToEnd(join(project, 'node_modules', '.bin', name), args, { cwd: project, env: npmEnv(), detached: true }, timeoutMs);
/** Every string value (not key) in a manifest field: the file paths of exports, bin, types and main. */
const leaves = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(leaves) : [];
const installedManifest = (name: string) => JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as Record<string, unknown>;

describe('packed tarballs', () => {
  it('every public package is packed', () => {
    expect(tarballs.map((t) => t.name)).toEqual(publicPackages().map((p) => p.name));
  });

  it('publint (strict) and attw find nothing in any tarball', async () => {
    const verdicts = await Promise.all(tarballs.map(checkTarball));
    expect(verdicts).toEqual(tarballs.map((t) => ({ name: t.name, publint: [], attw: [] })));
  });

  it('the same checks do find types that lie about the module kind and an export of a missing file', async () => {
    const dir = join(tmp, 'broken', 'package');
    mkdirSync(dir, { recursive: true });
    // ESM code whose declarations say CommonJS (.d.cts), and an export of a file that is not in the tarball.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'broken', version: '1.0.0', type: 'module', exports: { '.': { types: './index.d.cts', default: './index.js' }, './gone': './gone.js' } }));
    writeFileSync(join(dir, 'index.js'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'index.d.cts'), 'export declare const x: number;\n');
    const file = join(tmp, 'broken', 'broken-1.0.0.tgz');
    expect((await runToEnd('tar', ['-czf', file, '-C', join(tmp, 'broken'), 'package'], {}, 30_000)).code).toBe(0);
    const verdict = await checkTarball({ name: 'broken', version: '1.0.0', file, bytes: 0 });
    expect(verdict.attw).toEqual(['FalseCJS', 'NoResolution at ./gone (node16-esm)', 'NoResolution at ./gone (bundler)']);
    expect(verdict.publint).toEqual(['error: pkg.exports["./gone"] is ./gone.js but the file does not exist.']);
  });

  it('installed manifests point exports, bin and types at files that exist, with no workspace: ranges left', () => {
    for (const { name } of tarballs) {
      const manifest = installedManifest(name);
      expect(JSON.stringify(manifest)).not.toMatch(/workspace:/);
      const targets = leaves([manifest.exports, manifest.bin, manifest.types, manifest.main]);
      expect(targets.length).toBeGreaterThan(0);
      for (const path of targets) {
        expect(path, `${name}: ${path}`).not.toMatch(/^\.\/src\//);
        expect(existsSync(join(project, 'node_modules', name, path)), `${name}: ${path} exists`).toBe(true);
      }
      expect(existsSync(join(project, 'node_modules', name, 'LICENSE')), `${name}: LICENSE`).toBe(true);
    }
  });
});

/**
 * Every `@coze-mock/<package>/<path>` the READMEs name (the root README and each published package's own), as an
 * import specifier (`@coze-mock/testing/vitest`) or a file (`node_modules/@coze-mock/server/config.schema.json`).
 */
function namedInReadmes(): string[] {
  const readmes = [join(REPO_ROOT, 'README.md'), ...publicPackages().map((pkg) => join(pkg.dir, 'README.md'))];
  const named = new Set<string>();
  for (const readme of readmes) {
    for (const [spec] of readFileSync(readme, 'utf8').matchAll(/@coze-mock\/[a-z-]+\/[\w./-]*[\w]/g)) named.add(spec);
  }
  return [...named].sort();
}

describe('what the READMEs name', () => {
  it('every file and entry point they name exists in the installed packages', () => {
    const named = namedInReadmes();
    // The config file's `$schema` is one of them.
    expect(named).toContain('@coze-mock/server/config.schema.json');
    const resolveFrom = createRequire(join(project, 'package.json'));
    for (const spec of named) {
      if (/\.[a-z]+$/.test(spec)) expect(existsSync(join(project, 'node_modules', spec)), `${spec} is in the tarball`).toBe(true);
      else expect(() => resolveFrom.resolve(spec), `${spec} resolves`).not.toThrow();
    }
  });

  it('this package\'s README names the versions of vitest and @playwright/test the fresh project installs', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const name of ['vitest', '@playwright/test'] as const) expect(readme).toContain(`\`${name}\` ${REGISTRY_DEPENDENCIES[name]}`);
  });

  it('config.schema.json is the JSON Schema the README\'s config example points $schema at', () => {
    const schema = JSON.parse(readFileSync(join(project, 'node_modules/@coze-mock/server/config.schema.json'), 'utf8')) as { properties?: Record<string, unknown> };
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['port', 'seed', 'apps', 'lifetimes']));
  });

  it('pnpm -r pack cannot pack a private app: its prepack refuses and names pnpm pack:packages', async () => {
    const { code, stdout, stderr } = await runToEnd('pnpm', ['pack', '--dry-run'], { cwd: join(REPO_ROOT, 'apps', 'web-example') }, 60_000);
    expect(code).not.toBe(0);
    expect(`${stdout}${stderr}`).toContain('@coze-mock/web-example is private and never packed or published: `pnpm pack:packages`');
  });
});

// Independent child processes (each its own mock on port 0, its own output folder): side by side.
describe.concurrent('in a fresh npm project', () => {
  // The installed bin directly (npx once is enough: below, for --version and coze-contract).
  it('coze-mock --help prints the usage', async () => {
    const { code, stdout } = await bin('coze-mock', ['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^coze-mock: an offline mock of the Coze OAuth server/);
  });

  it('npx coze-mock --version prints the packed version', async () => {
    const { code, stdout } = await npx(['coze-mock', '--version']);
    const version = tarballs.find((t) => t.name === '@coze-mock/server')?.version;
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  // The installed bin itself, as a supervisor starts it: npx runs it through `sh -c`, which does not pass SIGTERM on.
  it('node_modules/.bin/coze-mock --port 0 --json serves users.me for the PAT and stops on SIGTERM with exit 0', async () => {
    const child = start(join(project, 'node_modules', '.bin', 'coze-mock'), ['--port', '0', '--json'], { cwd: project, env: npmEnv() });
    children.push(child);
    const fixtures = JSON.parse(await child.firstLine(60_000)) as { baseURL: string; pat: string; user: { user_id: string } };
    const me = await fetch(`${fixtures.baseURL}/v1/users/me`, { headers: { authorization: `Bearer ${fixtures.pat}` } });
    expect(((await me.json()) as { data: { user_id: string } }).data.user_id).toBe(fixtures.user.user_id);
    child.process.kill('SIGTERM');
    expect((await child.exited(15_000)).code).toBe(0);
    await expect(fetch(`${fixtures.baseURL}/v1/users/me`)).rejects.toThrow();
  });

  it('npx coze-contract runs every check with the project’s own @coze/api against a fresh mock', async () => {
    const { code, stdout, stderr } = await npx(['coze-contract', '--out', join(tmp, 'contract-fresh')], 120_000);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/contract: \d+ checks × 1 @coze\/api versions \(1\.3\.9\)/);
    expect(stdout).toMatch(/every version behaves as contract-baseline\.json expects/);
    expect(existsSync(join(tmp, 'contract-fresh', 'contract.md'))).toBe(true);
  });

  it('coze-contract --url --checks runs the chosen checks against an already running coze-mock', async () => {
    const mock = start(join(project, 'node_modules', '.bin', 'coze-mock'), ['--port', '0', '--json'], { cwd: project, env: npmEnv() });
    children.push(mock);
    const { baseURL } = JSON.parse(await mock.firstLine(60_000)) as { baseURL: string };
    const { code, stdout, stderr } = await bin('coze-contract', ['--url', baseURL, '--checks', 'pat,web,jwt.single-use', '--out', join(tmp, 'contract-url')], 120_000);
    // The checks went to that server: its journal holds their token requests.
    const tokenRequests = await createControlClient(baseURL).journal({ path: '/api/permission/oauth2/token' });
    mock.process.kill('SIGTERM');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/contract: 20 checks × 1 @coze\/api versions/);
    expect(stdout).toMatch(/every version behaves as contract-baseline\.json expects/);
    expect(tokenRequests.length).toBeGreaterThan(5);
  });

  // issue 15's acceptance, as a user would run it: project/outside-chat.mjs knows only @coze/api and the mock's HTTP API.
  it('an outside script with only @coze/api and /__mock/fixtures: chat streamed and polled, tools, a conversation, a file, workflows, a scripted failure, an expired token', async () => {
    const mock = start(join(project, 'node_modules', '.bin', 'coze-mock'), ['--port', '0', '--json'], { cwd: project, env: npmEnv() });
    children.push(mock);
    const { baseURL } = JSON.parse(await mock.firstLine(60_000)) as { baseURL: string };
    const { code, stdout, stderr } = await runToEnd('node', ['outside-chat.mjs', baseURL], { cwd: project, env: npmEnv() }, 60_000);
    mock.process.kill('SIGTERM');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.trim().split('\n')).toEqual([
      'ok - the streamed answer is the echo of the question; createAndPoll returns the same text, completed',
      'ok - the tool bot completes through submitToolOutputs',
      "ok - a conversation's message list holds both turns",
      "ok - an uploaded file's id is retrievable",
      'ok - a workflow run returns its echoed parameters, and a streamed one ends with Done',
      "ok - a script's failure surfaces as the SDK's failed event",
      'ok - an expired token gets 4100 as JSON on the streaming call',
    ]);
  });

  it('a vitest file through @coze-mock/testing/vitest: PAT, JWT, device with advanceClock', async () => {
    const { code, stdout, stderr } = await bin('vitest', ['run', '--reporter=json'], 120_000);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { numPassedTests: number; numFailedTests: number; numTotalTests: number };
    expect({ code, passed: report.numPassedTests, failed: report.numFailedTests }, stderr.slice(-3000)).toEqual({ code: 0, passed: 4, failed: 0 });
  });

  it('a Playwright test through @coze-mock/testing/playwright: the consent page in Chromium', async () => {
    const { code, stdout, stderr } = await bin('playwright', ['test', '--reporter=json'], 120_000);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { stats: { expected: number; unexpected: number } };
    expect({ code, expected: report.stats.expected, unexpected: report.stats.unexpected }, stderr.slice(-3000)).toEqual({ code: 0, expected: 1, unexpected: 0 });
  });
});
