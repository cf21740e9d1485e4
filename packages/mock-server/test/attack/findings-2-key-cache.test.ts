/**
 * Issue 17 findings 3 and 8 as the tests that failed before their fixes.
 * - 3: without `XDG_CACHE_HOME` seeded keys were cached in the world-writable temp dir; any key pair found there was
 *   used, and it was written through a predictable temp name, following links. Now the cache is the user's own
 *   (`$XDG_CACHE_HOME`, else `~/.cache`, made 0700), files are opened without following links, temp names are
 *   exclusive and unpredictable, and an entry is used only if its MAC says this user's mock wrote it for this seed.
 * - 8: a sandbox with a new seed blocked the event loop for its RSA key search and left its cache files and memory
 *   behind forever. Now the search runs off the event loop and the cache keeps a bounded number of files.
 * Findings 3 runs the CLI as a user would, with its own HOME and TMPDIR; finding 8 serves over HTTP in-process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicFixtures } from '../../src/fixtures/types.js';
import { startMockServer, type RunningMockServer } from '../../src/server.js';
import { attackerKeys } from './support.js';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(join(tmpdir(), 'coze-mock-key-attack-'));
const bundle = join(work, 'coze-mock.mjs');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  await build({ entryPoints: [join(PACKAGE_DIR, 'src/cli.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'silent' });
});

const freshDir = (name: string) => mkdtempSync(join(work, `${name}-`));
const mode = (path: string) => statSync(path).mode & 0o777;
const KEY_STREAMS = ['app/jwt/key', 'app/channel/key'];
/** The cache file names the mock used before the fix: anyone could compute them. */
const oldCacheNames = (seed: string) =>
  KEY_STREAMS.map((stream) => `${createHash('sha256').update(`seeded-rsa-v1\u00002048\u0000${seed}/${stream}`).digest('hex').slice(0, 32)}.json`);

/** Starts the CLI with this HOME and TMPDIR (no XDG_CACHE_HOME) and seed; its fixtures, once it printed them. */
async function startCli(home: string, tmp: string, seed: string): Promise<PublicFixtures> {
  const { XDG_CACHE_HOME: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [bundle, '--port', '0', '--json', '--seed', seed], { env: { ...env, HOME: home, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'inherit'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code} before printing its fixtures`)));
    });
    return JSON.parse(line) as PublicFixtures;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    clearTimeout(killer);
  }
}

describe('finding 3: the key cache is the user’s own', () => {
  const home = freshDir('home');
  const tmp = freshDir('tmp');
  const seed = `attack-${randomUUID()}`;
  const cache = join(home, '.cache', 'coze-mock-keys');
  let first: PublicFixtures;

  it('without XDG_CACHE_HOME it lives in ~/.cache, made 0700, its files 0600; nothing goes to the temp dir', async () => {
    first = await startCli(home, tmp, seed);
    expect(mode(join(home, '.cache'))).toBe(0o700);
    expect(mode(cache)).toBe(0o700);
    const files = readdirSync(cache);
    expect(files.filter((name) => name.endsWith('.json')).length).toBeGreaterThanOrEqual(KEY_STREAMS.length);
    for (const name of files) expect({ name, mode: mode(join(cache, name)) }).toEqual({ name, mode: 0o600 });
    expect(readdirSync(tmp)).toEqual([]);
  }, 90_000);

  it('a key pair planted where the mock looks is not used: the same seed keeps its own key', async () => {
    const planted = JSON.stringify({ privateKey: attackerKeys.privateKey, publicKey: attackerKeys.publicKey });
    for (const name of readdirSync(cache)) if (name.endsWith('.json')) writeFileSync(join(cache, name), planted);
    for (const dir of [join(tmp, 'coze-mock-keys'), cache]) {
      mkdirSync(dir, { recursive: true });
      for (const name of oldCacheNames(seed)) writeFileSync(join(dir, name), planted);
    }
    const again = await startCli(home, tmp, seed);
    expect(again.apps.jwt.keyId).toBe(first.apps.jwt.keyId);
    expect(again.apps.jwt.privateKey).not.toBe(attackerKeys.privateKey);
  }, 90_000);

  it('a cache directory others may write to is made 0700 again', async () => {
    const otherHome = freshDir('home');
    mkdirSync(join(otherHome, '.cache', 'coze-mock-keys'), { recursive: true });
    chmodSync(join(otherHome, '.cache', 'coze-mock-keys'), 0o777);
    await startCli(otherHome, tmp, seed);
    expect(mode(join(otherHome, '.cache', 'coze-mock-keys'))).toBe(0o700);
  }, 90_000);

  it('nothing outside the cache is written through a link at a name the mock might use', async () => {
    const otherHome = freshDir('home');
    const otherTmp = freshDir('tmp');
    const otherSeed = `attack-${randomUUID()}`;
    const victim = join(work, `victim-${randomUUID()}`);
    writeFileSync(victim, 'VICTIM');
    // The next process ids, as an attacker on the same machine would guess them, at the old temp names.
    const next = spawnSync('true').pid ?? 0;
    for (const dir of [join(otherTmp, 'coze-mock-keys'), join(otherHome, '.cache', 'coze-mock-keys')]) {
      mkdirSync(dir, { recursive: true });
      for (const name of oldCacheNames(otherSeed)) for (let pid = next; pid < next + 400; pid++) symlinkSync(victim, join(dir, `${name}.${pid}.tmp`));
    }
    await startCli(otherHome, otherTmp, otherSeed);
    expect(readFileSync(victim, 'utf8')).toBe('VICTIM');
  }, 90_000);
});

describe('finding 8: a sandbox with a new seed', () => {
  let server: RunningMockServer;
  const cacheHome = freshDir('xdg');
  const cache = join(cacheHome, 'coze-mock-keys');
  const saved = process.env.XDG_CACHE_HOME;
  beforeAll(async () => {
    // This file's own cache, so the bound below is measured on files it knows.
    process.env.XDG_CACHE_HOME = cacheHome;
    server = await startMockServer({ seed: 'beta' });
  });
  afterAll(async () => {
    await server?.close();
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  });
  const control = (path: string, init: RequestInit = {}) => fetch(`${server.url}/__mock${path}`, { ...init, headers: { 'content-type': 'application/json' } });

  it('is made while the server keeps answering: a request sent after it is answered before it', async () => {
    const order: string[] = [];
    const creating = control('/sandboxes', { method: 'POST', body: JSON.stringify({ seed: `fresh-${randomUUID()}` }) }).then(async (res) => {
      order.push('sandbox');
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const clock = await fetch(`${server.url}/__mock/clock`);
    order.push('clock');
    expect(clock.status).toBe(200);
    const res = await creating;
    expect(res.status).toBe(201);
    expect(order).toEqual(['clock', 'sandbox']);
    const { id } = (await res.json()) as { id: string };
    expect((await control(`/sandboxes/${id}`, { method: 'DELETE' })).status).toBe(200);
  }, 90_000);

  it('create and delete cycles leave a bounded key cache behind', async () => {
    // Forty entries of earlier runs, older than anything the mock writes now.
    mkdirSync(cache, { recursive: true });
    const old = Date.now() / 1000 - 86_400;
    for (let i = 0; i < 40; i++) {
      const file = join(cache, `${i.toString(16).padStart(32, '0')}.json`);
      writeFileSync(file, '{}', { mode: 0o600 });
      utimesSync(file, old, old);
    }
    for (let cycle = 0; cycle < 2; cycle++) {
      const res = await control('/sandboxes', { method: 'POST', body: JSON.stringify({ seed: `cycle-${randomUUID()}` }) });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      expect((await control(`/sandboxes/${id}`, { method: 'DELETE' })).status).toBe(200);
    }
    const entries = readdirSync(cache).filter((name) => name.endsWith('.json'));
    expect(entries.length).toBeLessThanOrEqual(32);
    // The newest are what the cycles wrote: the oldest went first.
    const recent = entries.filter((name) => statSync(join(cache, name)).mtimeMs > old * 1000 + 1000);
    expect(recent.length).toBeGreaterThanOrEqual(4);
    expect(existsSync(cache)).toBe(true);
  }, 120_000);
});
