/**
 * The `coze-mock` CLI as a user runs it: `node --import tsx src/cli.ts …`. Every child is killed after its test, and
 * every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicFixtures } from '../src/fixtures/types.js';
import { SEED } from './helpers.js';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
// A bound, not a speed check: a tsx start-up takes ~0.5 s idle but well over ten seconds on a 2-core machine running
// the other suites beside this one (seen: 20 s at a load average of 14).
const TIMEOUT_MS = 60_000;
const children = new Set<ChildProcess>();
const dir = mkdtempSync(join(tmpdir(), 'coze-mock-cli-'));

// Children are killed at the end of the file (and each on its own timeout).
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// The CLI bundled once (esbuild, ~0.1 s) so each case starts a plain node process. The first test still starts
// src/cli.ts through tsx, exactly as `pnpm start` does.
const bundle = join(dir, 'coze-mock.mjs');
beforeAll(async () => {
  await build({
    entryPoints: [join(PACKAGE_DIR, 'src/cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    logLevel: 'silent',
  });
});

function cli(args: string[], how: 'tsx' | 'bundle' = 'bundle') {
  const entry = how === 'tsx' ? ['--import', 'tsx', 'src/cli.ts'] : [bundle];
  const child = spawn(process.execPath, [...entry, ...args], { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`coze-mock ${args.join(' ')} did not exit within ${TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // Let the pipes drain.
      setImmediate(() => resolve({ code, signal, stdout, stderr }));
    });
  });
  /** Resolves with the first full stdout line. */
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output within ${TIMEOUT_MS} ms; stderr: ${stderr}`)), TIMEOUT_MS);
    const check = () => {
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve(stdout.slice(0, end));
    };
    child.stdout?.on('data', check);
    exited.then(() => reject(new Error(`exited before printing; stderr: ${stderr}`)), reject);
  });
  firstLine.catch(() => undefined);
  return { child, exited, firstLine };
}

const configFile = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

// One child at a time: a 2-core machine runs them no faster side by side.
describe('coze-mock', { timeout: 2 * TIMEOUT_MS }, () => {
  it('--port 0 --json prints the fixtures as one JSON line, serves them, honours --config, and stops cleanly on SIGTERM', async () => {
    const config = configFile('good.json', { pats: [{ token: 'pat_from_the_cli_config' }], workspaces: [{ id: '99', name: 'From CLI' }] });
    const { child, exited, firstLine } = cli(['--port', '0', '--json', '--seed', SEED, '--config', config], 'tsx');
    const fixtures = JSON.parse(await firstLine) as PublicFixtures;
    expect(fixtures.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fixtures.baseURL).not.toBe('http://127.0.0.1:0');
    const served = (await (await fetch(`${fixtures.baseURL}/__mock/fixtures`)).json()) as PublicFixtures;
    expect(served).toEqual(fixtures);
    const me = await fetch(`${fixtures.baseURL}/v1/users/me`, { headers: { authorization: 'Bearer pat_from_the_cli_config' } });
    expect(me.status).toBe(200);
    expect(fixtures.workspaces.map((w) => w.name)).toContain('From CLI');
    child.kill('SIGTERM');
    const result = await exited;
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stderr).toContain('SIGTERM, stopping');
    await expect(fetch(`${fixtures.baseURL}/`)).rejects.toThrow();
  });

  it('without --json prints the banner; a SIGINT sent as soon as it is read stops it cleanly', async () => {
    const { child, exited } = cli(['--port', '0', '--seed', SEED]);
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('no banner')), TIMEOUT_MS);
      child.stdout?.on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('Ctrl-C stops the server.')) {
          clearTimeout(timer);
          resolve(out);
        }
      });
    });
    expect(line).toMatch(/coze-mock listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(line).toMatch(/PAT\s+pat_/);
    // The bot and workflow ids an app's config needs (COZE_BOT_ID, COZE_WORKFLOW_ID), by name.
    expect(line).toMatch(/bots\s+Echo bot \d{19}, .*Draft bot \d{19} \(unpublished\)/);
    expect(line).toMatch(/workflows\s+Echo workflow \d{19}, Question workflow \d{19}/);
    child.kill('SIGINT');
    expect(await exited).toMatchObject({ code: 0 });
  });

  it('--routes mounts the Hono routes a module exports (here built from the kit, behind requireToken)', async () => {
    const routes = configFile(
      'routes.mjs',
      `export default ({ Hono, requireToken }) =>
  new Hono().post('/v3/chat', requireToken('chat'), (c) => c.json({ code: 0, msg: '', data: { id: 'chat_from_cli' } }));`,
    );
    const { child, exited, firstLine } = cli(['--port', '0', '--json', '--seed', SEED, '--routes', routes]);
    const fixtures = JSON.parse(await firstLine) as PublicFixtures;
    const chat = await fetch(`${fixtures.baseURL}/v3/chat`, { method: 'POST', headers: { authorization: `Bearer ${fixtures.pat}` } });
    expect(await chat.json()).toEqual({ code: 0, msg: '', data: { id: 'chat_from_cli' } });
    expect((await fetch(`${fixtures.baseURL}/v3/chat`, { method: 'POST' })).status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited).toMatchObject({ code: 0 });
  });

  it('--routes with a module that exports no routes: exits 2 and says what to export', async () => {
    const result = await cli(['--port', '0', '--routes', configFile('nothing.mjs', 'export const x = 1;')]).exited;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--routes .*nothing\.mjs: export a Hono app/);
  });

  // `pnpm start -- --help` hands the CLI a leading `--`.
  it.each([[['--help']], [['--', '--help']]])('%j prints the usage and exits 0', async (args) => {
    const result = await cli(args).exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^coze-mock: an offline mock of the Coze OAuth server\n\nUsage: coze-mock \[options\][\s\S]*--config <file>/);
  });

  // Each spawn costs about half a second of tsx start-up, so the cases are few; parseConfig's own rows are in
  // fixtures.test.ts.
  it.each<[string, () => string[], RegExp]>([
    ['a config with a bad redirect URI', () => ['--config', configFile('bad-uri.json', { apps: [{ type: 'web', name: 'A', redirectUris: ['not a url'] }] })], /apps\[0\]\.redirectUris\[0\]: /],
    ['a config whose client ids clash', () => ['--config', configFile('clash.json', { apps: [{ type: 'web', name: 'A', clientId: 'x' }, { type: 'pkce', name: 'B', clientId: 'x' }] })], /apps\[1\]\.clientId x is already taken/],
    ['an unknown flag', () => ['--frobnicate'], /Unknown option '--frobnicate'[\s\S]*Usage: coze-mock/],
  ])('%s: exits 2 and says what is wrong', async (_name, args, message) => {
    const result = await cli(['--port', '0', '--seed', SEED, ...args()]).exited;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
