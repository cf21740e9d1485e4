import { describe, expect, it } from 'vitest';
import { createWaits } from './waits.js';

describe('createWaits', () => {
  it('ends a wait when its time is up, when released, and when its signal aborts, leaving no timer pending', async () => {
    const waits = createWaits();
    expect(await waits.wait(1)).toBe('elapsed');
    const released = waits.wait(60_000);
    const client = new AbortController();
    const aborted = waits.wait(60_000, client.signal);
    expect(waits.pending).toBe(2);
    client.abort();
    expect(await aborted).toBe('aborted');
    waits.releaseAll();
    expect(await released).toBe('released');
    expect(waits.pending).toBe(0);
  });

  it('answers at once for an aborted signal, and after close every wait is released at once', async () => {
    const waits = createWaits();
    expect(await waits.wait(60_000, AbortSignal.abort())).toBe('aborted');
    const held = waits.wait(60_000);
    waits.close();
    expect(await held).toBe('released');
    expect(await waits.wait(60_000)).toBe('released');
    expect(waits.pending).toBe(0);
  });

  it('releases the waits of one owner only', async () => {
    const waits = createWaits();
    const mine = waits.wait(60_000, undefined, 'a');
    const theirs = waits.wait(60_000, undefined, 'b');
    const nobodys = waits.wait(60_000);
    waits.release('a');
    expect(await mine).toBe('released');
    expect(waits.pending).toBe(2);
    waits.release('c');
    expect(waits.pending).toBe(2);
    waits.releaseAll();
    expect(await Promise.all([theirs, nobodys])).toEqual(['released', 'released']);
  });
});
