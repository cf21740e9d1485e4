import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A server under test in its own process (bench/servers/*.ts), driven over IPC. */
export interface BenchChild {
  url: string;
  /** Extra fields of the child's `ready` message (the mock sends its fixtures). */
  ready: Record<string, unknown>;
  /** The child's `process.cpuUsage()`, in µs. */
  cpu(): Promise<{ user: number; system: number }>;
  /** Sends a custom command and resolves with the child's reply. */
  ask<T>(type: string, fields?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

const here = (name: string) => fileURLToPath(new URL(`./servers/${name}`, import.meta.url));
const bundles = new Map<string, Promise<string>>();

/**
 * `bench/servers/<file>` bundled once per run by esbuild (packages stay external, resolved from this package's
 * node_modules): a child then starts as plain node in a few tens of ms instead of compiling the mock's sources
 * through tsx (about a second of CPU each), and runs the same kind of single bundle the published bin runs.
 */
function bundled(file: string): Promise<string> {
  let outfile = bundles.get(file);
  if (!outfile) {
    const out = fileURLToPath(new URL(`../node_modules/.cache/coze-mock-bench/${file.replace(/\.ts$/, '')}.mjs`, import.meta.url));
    outfile = import('esbuild').then(async ({ build }) => {
      await build({ entryPoints: [here(file)], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: out, logLevel: 'warning' });
      return out;
    });
    bundles.set(file, outfile);
  }
  return outfile;
}

/** Waits for the next message of `type` from `child`. */
function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage).off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`bench server ${child.pid} exited (${code}) before answering ${type}`));
    child.on('message', onMessage).once('exit', onExit);
  });
}

/**
 * Forks `bench/servers/<file>` (bundled, see {@link bundled}) and waits until it listens. A watchdog kills it after `limitMs` whatever
 * happens, so an interrupted bench never leaves a server behind.
 *
 * @example
 * const ref = await startChild('reference.ts', ['get']);
 */
export async function startChild(file: string, args: string[] = [], { exposeGc = false, limitMs = 15 * 60_000 } = {}): Promise<BenchChild> {
  const child = fork(await bundled(file), args, {
    execArgv: exposeGc ? ['--expose-gc'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const watchdog = setTimeout(() => child.kill('SIGKILL'), limitMs);
  watchdog.unref();
  child.once('exit', () => clearTimeout(watchdog));
  const { url, type: _type, ...ready } = await nextMessage<{ type: string; url: string }>(child, 'ready');
  return {
    url,
    ready,
    async cpu() {
      const reply = nextMessage<{ usage: { user: number; system: number } }>(child, 'cpu');
      child.send({ type: 'cpu' });
      return (await reply).usage;
    },
    async ask<T>(type: string, fields: Record<string, unknown> = {}) {
      const reply = nextMessage<{ reply: T }>(child, type);
      child.send({ type, ...fields });
      return (await reply).reply;
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}
