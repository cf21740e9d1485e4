/**
 * `coze-mock record` and `coze-mock --replay` as the shipped CLI bundle runs them (the single binary bundles the same
 * src/cli.ts): the recorder prints each exchange as it writes it, the replaying mock answers from the cassette, and
 * bad flags exit 2 with the record usage. Every child is stopped after its test; waits are bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../src/server.js';
import { SEED } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'coze-mock-record-cli-'));
const bundle = join(dir, 'cli.bundle.cjs');
const children = new Set<ChildProcess>();
let upstream: RunningMockServer;

beforeAll(async () => {
  const script = new URL('../scripts/bundle-cli.mjs', import.meta.url).href;
  const { bundleCli } = (await import(script)) as { bundleCli: (options: { outfile: string }) => Promise<void> };
  await bundleCli({ outfile: bundle });
  upstream = await startMockServer({ seed: SEED });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the CLI; `lines()` yields what it prints, one line at a time, each wait bounded. */
function start(args: string[]) {
  const child = spawn(process.execPath, [bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    queue.push(line);
    wake?.();
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const nextLine = async (matching: RegExp): Promise<string> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const index = queue.findIndex((line) => matching.test(line));
      if (index >= 0) return queue.splice(0, index + 1).at(-1) as string;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no line matching ${matching}; stderr: ${stderr}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    }
  };
  return { child, nextLine, exited, stderr: () => stderr };
}

describe('coze-mock record', () => {
  it('proxies to the upstream, prints each exchange as it is recorded, and replays it with --replay', async () => {
    const out = join(dir, 'cli.cassette.json');
    const recorder = start(['record', '--upstream', upstream.url, '--out', out, '--port', '0', '--ignore', 'user_id,meta.ts']);
    expect(await recorder.nextLine(/^coze-mock record: /)).toContain(`→ ${upstream.url}`);
    const banner = readBanner(await recorder.nextLine(/point your app's baseURL at/));
    const me = await fetch(`${banner}/v1/users/me?page=1`, { headers: { authorization: `Bearer ${upstream.fixtures.pat}` } });
    expect(me.status).toBe(200);
    const recordedBody = await me.json();
    expect(await recorder.nextLine(/#1/)).toMatch(/^ {2}#1 {2}GET \/v1\/users\/me\?page=1 {2}200 {2}json {2}\d+ ms {2}\(1 credential redacted\)$/);
    await fetch(`${banner}/v1/workspaces`, { headers: { authorization: 'Bearer pat_unknown' } });
    expect(await recorder.nextLine(/#2/)).toMatch(/#2 {2}GET \/v1\/workspaces {2}401 {2}json/);
    recorder.child.kill('SIGTERM');
    expect(await recorder.exited).toBe(0);
    const cassette = JSON.parse(readFileSync(out, 'utf8')) as { ignore: string[]; exchanges: unknown[] };
    expect([cassette.ignore, cassette.exchanges.length]).toEqual([['meta.ts', 'user_id'], 2]);
    expect(readFileSync(out, 'utf8')).not.toContain(upstream.fixtures.pat);

    const replay = start(['--replay', out, '--replay-speed', '0', '--port', '0', '--seed', 'another']);
    const listening = /listening on (\S+)/.exec(await replay.nextLine(/^coze-mock listening on /))?.[1] as string;
    // The refused call (401) is the mock's own to answer: one reply from two exchanges.
    expect(await replay.nextLine(/^Replaying /)).toContain(': 1 recorded replies');
    const fixtures = (await (await fetch(`${listening}/__mock/fixtures`)).json()) as { pat: string; baseURL: string };
    const again = await fetch(`${fixtures.baseURL}/v1/users/me?page=1`, { headers: { authorization: `Bearer ${fixtures.pat}` } });
    expect(await again.json()).toEqual(recordedBody);
    replay.child.kill('SIGTERM');
    expect(await replay.exited).toBe(0);
  }, 60_000);

  it.each([
    [['record', '--out', 'x.json'], /record needs --upstream/],
    [['record', '--upstream', 'ftp://example.test', '--out', join(dir, 'bad.json'), '--port', '0'], /--upstream must be an http\(s\) URL/],
    [['--replay-speed', '2'], /--replay-speed needs --replay/],
    [['--replay', join(dir, 'missing.json'), '--port', '0'], /cannot read the cassette/],
  ])('refuses %j with exit code 2 and says why', async (args, message) => {
    const run = start(args);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(message);
  });
});

/** The proxy's URL from the banner line `point your app's baseURL at http://…;`. */
function readBanner(line: string): string {
  return (/baseURL at (http:\/\/[^;\s]+)/.exec(line) as RegExpExecArray)[1] as string;
}
