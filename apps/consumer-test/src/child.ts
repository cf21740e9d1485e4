import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** How a child ended, with everything it printed. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running child process with bounded waits on its output and its end. */
export interface Child {
  process: ChildProcess;
  /** Resolves with the first stdout line; rejects if the child exits first or `timeoutMs` passes. */
  firstLine(timeoutMs: number): Promise<string>;
  /** Resolves when the child has exited and its pipes are drained; kills it (SIGKILL) and rejects after `timeoutMs`. */
  exited(timeoutMs: number): Promise<Exit>;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** SIGKILL if still running (for afterAll); a detached child's whole process group, grandchildren included. */
  kill(): void;
}

/**
 * Spawns a command with piped output. Nothing waits without a bound.
 *
 * @example
 * const child = start('npx', ['coze-mock', '--port', '0', '--json'], { cwd });
 * const fixtures = JSON.parse(await child.firstLine(30_000));
 * child.process.kill('SIGTERM');
 * expect((await child.exited(10_000)).code).toBe(0);
 */
export function start(command: string, args: string[], options: SpawnOptions = {}): Child {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const describe = () => `${command} ${args.join(' ')}`;
  // A detached child leads its own process group: kill the group, so that what it started (npx's shell and node)
  // goes too.
  const kill = () => {
    if (options.detached && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    } else if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return {
    process: child,
    output: () => ({ stdout, stderr }),
    kill,
    exited: (timeoutMs) =>
      new Promise<Exit>((resolve, reject) => {
        const timer = setTimeout(() => {
          kill();
          reject(new Error(`${describe()} did not exit within ${timeoutMs} ms\nstdout: ${stdout.slice(-2000)}\nstderr: ${stderr.slice(-2000)}`));
        }, timeoutMs);
        void ended.then((exit) => {
          clearTimeout(timer);
          resolve(exit);
        });
      }),
    firstLine: (timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${describe()} printed no line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        const check = () => {
          const end = stdout.indexOf('\n');
          if (end < 0) return;
          clearTimeout(timer);
          child.stdout?.off('data', check);
          resolve(stdout.slice(0, end));
        };
        child.stdout?.on('data', check);
        check();
        void ended.then(() => {
          clearTimeout(timer);
          reject(new Error(`${describe()} exited before printing a line\nstdout: ${stdout.slice(-2000)}\nstderr: ${stderr.slice(-2000)}`));
        });
      }),
  };
}

/**
 * Runs a command to its end (bounded) and returns how it ended.
 *
 * @example
 * const { code, stdout } = await runToEnd('npx', ['coze-mock', '--help'], { cwd }, 30_000);
 */
export function runToEnd(command: string, args: string[], options: SpawnOptions, timeoutMs: number): Promise<Exit> {
  return start(command, args, options).exited(timeoutMs);
}
