import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PublicFixtures } from '@coze-mock/server';

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@coze-mock/server')), 'cli.ts');
const TSX = require.resolve('tsx/cli');

/** A coze-mock running as its own process (`coze-mock --port 0 --json`). */
export interface MockProcess {
  url: string;
  fixtures: PublicFixtures;
  stop(): Promise<void>;
}

/**
 * Starts the coze-mock CLI in a separate process and reads the JSON line it prints.
 *
 * @example
 * const mock = await spawnMockProcess(['--config', file]);
 * await mock.stop();
 */
export async function spawnMockProcess(extraArgs: string[] = []): Promise<MockProcess> {
  const child: ChildProcess = spawn(process.execPath, [TSX, CLI, '--port', '0', '--json', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const fixtures = await new Promise<PublicFixtures>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve(JSON.parse(line) as PublicFixtures));
    child.once('exit', (code) => reject(new Error(`coze-mock exited with ${code}: ${stderr}`)));
  });
  return {
    url: fixtures.baseURL,
    fixtures,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
