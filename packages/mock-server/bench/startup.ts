import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Start-up: the time from spawning a server process to its first 200, for the compiled CLI
 * (`node bin/coze-mock.js --port 0 --json`, which runs the CLI bundle with its code cache, first request `GET /v1/users/me` with the PAT it printed) and for the smallest
 * bare Hono server (servers/hello.mjs, `GET /hello`). Each is started `runs` times, one after another; medians.
 */

const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const CLI = `${packageDir}bin/coze-mock.js`;
/** The bundle the bin runs (built by the package's `build`). */
export const CLI_BUNDLE = `${packageDir}dist/cli.bundle.cjs`;
const HELLO = fileURLToPath(new URL('./servers/hello.mjs', import.meta.url));

/** Spawn → first line of JSON on stdout → first 200 of `firstRequest`, in ms. */
async function timeToFirst200(args: string[], firstRequest: (printed: { baseURL: string; pat?: string }) => [string, RequestInit]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] });
  const watchdog = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before printing its URL`)));
    });
    const [url, init] = firstRequest(JSON.parse(line) as { baseURL: string; pat?: string });
    const reply = await fetch(url, init);
    await reply.arrayBuffer();
    if (reply.status !== 200) throw new Error(`${url} answered ${reply.status}`);
    return performance.now() - started;
  } finally {
    clearTimeout(watchdog);
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Median start-up of the compiled CLI and of a bare Hono server, `runs` each, alternating. */
export async function measureStartup(runs: number, cliPath = CLI): Promise<{ cliMs: number; honoMs: number; ratio: number }> {
  const cli: number[] = [];
  const hono: number[] = [];
  for (let i = 0; i < runs; i++) {
    cli.push(await timeToFirst200([cliPath, '--port', '0', '--json'], (f) => [`${f.baseURL}/v1/users/me`, { headers: { authorization: `Bearer ${f.pat}` } }]));
    hono.push(await timeToFirst200([HELLO], (f) => [`${f.baseURL}/hello`, {}]));
  }
  const cliMs = median(cli);
  const honoMs = median(hono);
  return { cliMs, honoMs, ratio: cliMs / honoMs };
}
