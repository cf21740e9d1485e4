/**
 * `pnpm start` as a person or a supervisor uses it: the process they started is pnpm; SIGTERM to it must stop the
 * mock (nothing left listening) and Ctrl-C (SIGINT to the whole process group) must end it with exit 0 and no
 * ELIFECYCLE. The child runs in its own process group, as a terminal's foreground job does.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { start, type Child } from '../src/child.js';
import { REPO_ROOT } from '../src/packages.js';

const children: Child[] = [];
afterAll(() => children.forEach((child) => child.kill()));

async function startPnpm() {
  const child = start('pnpm', ['start', '--', '--port', '0', '--json'], { cwd: REPO_ROOT, detached: true });
  children.push(child);
  const { baseURL } = JSON.parse(await child.firstLine(60_000)) as { baseURL: string };
  expect((await fetch(`${baseURL}/__mock/fixtures`)).status).toBe(200);
  return { child, baseURL, pid: child.process.pid as number };
}

describe('pnpm start', () => {
  it('SIGTERM to the pnpm process stops the server: exit 0, nothing listening, no ELIFECYCLE', async () => {
    const { child, baseURL, pid } = await startPnpm();
    process.kill(pid, 'SIGTERM');
    const exit = await child.exited(20_000);
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.stderr).not.toMatch(/ELIFECYCLE/);
    await expect(fetch(`${baseURL}/__mock/fixtures`)).rejects.toThrow();
  });

  it('Ctrl-C (SIGINT to the process group) exits 0 quietly and frees the port', async () => {
    const { child, baseURL, pid } = await startPnpm();
    process.kill(-pid, 'SIGINT');
    const exit = await child.exited(20_000);
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.stderr).not.toMatch(/ELIFECYCLE|Command failed/);
    await expect(fetch(`${baseURL}/__mock/fixtures`)).rejects.toThrow();
  });
});
