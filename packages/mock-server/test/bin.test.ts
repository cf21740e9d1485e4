/**
 * `bin/coze-mock.js` as the package ships it: the CLI bundle (built here by scripts/bundle-cli.mjs into a copy of the
 * package layout) run with a code cache: Node's own on Node ≥ 22.1 (`module.enableCompileCache`), on Node 20 the
 * hand-made one of bin/node20-code-cache.js beside the bundle. Whichever Node runs this file, its path is tested
 * (`.ci/run` also runs the installed bin on Node 22 and 24). Every child is stopped after its request; waits are bounded.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'coze-mock-bin-'));
const bin = join(dir, 'bin', 'coze-mock.js');
const cache = join(dir, 'dist', 'cli.bundle.cjs.cache');
/** Node's own compile cache (Node ≥ 22.1), pointed at a folder of this test. */
const nodeCache = join(dir, 'node-compile-cache');
const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

beforeAll(async () => {
  mkdirSync(join(dir, 'bin'));
  for (const file of ['coze-mock.js', 'node20-code-cache.js']) copyFileSync(fileURLToPath(new URL(`../bin/${file}`, import.meta.url)), join(dir, 'bin', file));
  const script = new URL('../scripts/bundle-cli.mjs', import.meta.url).href;
  const { bundleCli } = (await import(script)) as { bundleCli: (options: { outfile: string }) => Promise<void> };
  await bundleCli({ outfile: join(dir, 'dist', 'cli.bundle.cjs') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether the inspector's script, as the bundle serves it, compiles (its modules are sent as their own source). */
async function inspectorCompiles(baseURL: string): Promise<boolean> {
  const source = await (await fetch(`${baseURL}/__mock/inspector/app.js`)).text();
  try {
    new Script(source);
    return source.includes('(function trafficPanel(');
  } catch {
    return false;
  }
}

/**
 * Starts the bin, reads users.me with the PAT it printed and the inspector's script, stops it with SIGTERM; the
 * status, whether the script compiles, and the exit code.
 */
async function startAndAsk(): Promise<{ status: number; inspector: boolean; exitCode: number | null; clientId: string }> {
  const child = spawn(process.execPath, [bin, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NODE_COMPILE_CACHE: nodeCache } });
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code} before printing its fixtures`)));
    });
    const fixtures = JSON.parse(line) as { baseURL: string; pat: string; apps: { web: { clientId: string } } };
    const res = await fetch(`${fixtures.baseURL}/v1/users/me`, { headers: { authorization: `Bearer ${fixtures.pat}` } });
    await res.arrayBuffer();
    const inspector = await inspectorCompiles(fixtures.baseURL);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    return { status: res.status, inspector, exitCode: await exited, clientId: fixtures.apps.web.clientId };
  } finally {
    clearTimeout(killer);
  }
}

describe.runIf(hasCompileCache)('bin/coze-mock.js on Node ≥ 22.1', () => {
  it('serves from the bundle through Node\'s compile cache, and leaves no hand-made cache beside it', async () => {
    expect(await startAndAsk()).toMatchObject({ status: 200, inspector: true, exitCode: 0 });
    expect(readdirSync(nodeCache, { recursive: true }).length).toBeGreaterThan(0);
    expect(existsSync(cache)).toBe(false);
    expect(await startAndAsk()).toMatchObject({ status: 200, exitCode: 0 });
  });
});

// Node 20 has no compile cache of its own.
describe.skipIf(hasCompileCache)('bin/coze-mock.js on Node 20', () => {
  it('serves from the bundle and leaves a code cache that the next start uses as it is', async () => {
    const first = await startAndAsk();
    expect(first).toMatchObject({ status: 200, inspector: true, exitCode: 0 });
    expect(existsSync(cache)).toBe(true);
    const written = readFileSync(cache);
    const { mtimeMs } = statSync(cache);

    const second = await startAndAsk();
    expect(second).toEqual(first);
    // A cache V8 accepted and this run did not outgrow is left alone (one V8 refused would be written anew).
    expect(statSync(cache).mtimeMs).toBe(mtimeMs);
    expect(readFileSync(cache).equals(written)).toBe(true);
  });

  it('ignores a cache that is not this bundle’s, or that V8 refuses, and writes a good one', async () => {
    const good = readFileSync(cache);
    // Garbage; good data under another bundle's key (V8 alone would take it: it checks only the source's length);
    // this bundle's key over data V8 refuses.
    const bads = [Buffer.from('not a cache'), Buffer.concat([Buffer.alloc(32), good.subarray(32)]), Buffer.concat([good.subarray(0, 32), Buffer.alloc(4096, 7)])];
    for (const bad of bads) {
      writeFileSync(cache, bad);
      expect(await startAndAsk()).toMatchObject({ status: 200, exitCode: 0 });
      expect(readFileSync(cache).subarray(0, 32).equals(good.subarray(0, 32))).toBe(true);
      expect(readFileSync(cache).length).toBeGreaterThan(100_000);
    }
  });
});
