import { expect, it } from 'vitest';
import { useCozeMock, useCozeMockSandbox } from '../../src/vitest.js';

/**
 * The isolation the README promises, tested while it matters: two files (isolation-a and isolation-b), each with its
 * own sandbox on the one server of the global setup, run at the same time in two workers
 * (vitest.parallel.config.ts). Each first waits until the other's sandbox exists, so a serial run fails here instead
 * of passing unnoticed; then each moves and resets its own clock many times while the other does the same, and
 * checks that its clock only ever reflects its own moves.
 */

/** How long a file waits for the other one to be running. Far more than two workers need to start. */
const RENDEZVOUS_MS = 20_000;

export function isolationCase(name: string, stepSeconds: number): void {
  // At collection time, so the file's hooks (the sandbox's deletion after the file) are registered.
  const sandbox = useCozeMockSandbox();
  it(`${name}: runs while the other file runs, and its sandbox's clock moves only with its own calls`, async () => {
    const shared = useCozeMock();
    const mine = await sandbox;
    const deadline = Date.now() + RENDEZVOUS_MS;
    while (!(await shared.control.verbs.sandboxes()).sandboxes.some((s) => s.id !== mine.id)) {
      if (Date.now() > deadline) throw new Error('the other file never ran at the same time as this one: the files ran one after the other');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    for (let round = 0; round < 10; round++) {
      const start = (await mine.control.clock()).nowSeconds;
      await mine.control.advanceClock(stepSeconds);
      // The other file's moves are of another size: any of them showing here would break the equality.
      const moved = (await mine.control.clock()).nowSeconds - start;
      expect(moved - stepSeconds).toBeGreaterThanOrEqual(0);
      expect(moved - stepSeconds).toBeLessThan(5);
      await mine.control.reset();
      expect(Math.abs((await mine.control.clock()).nowSeconds - Date.now() / 1000)).toBeLessThan(5);
    }
  });
}
