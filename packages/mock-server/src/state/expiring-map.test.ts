import { describe, expect, it } from 'vitest';
import { ExpiringMap } from './expiring-map.js';

const entry = (expiresAtMs: number) => ({ expiresAtMs });

describe('ExpiringMap', () => {
  it('hides expired entries from get, but not from getIncludingExpired', () => {
    let now = 1_000;
    const map = new ExpiringMap<{ expiresAtMs: number }>(() => now);
    map.set('a', entry(2_000));
    expect(map.get('a')).toBeDefined();
    now = 2_000;
    expect(map.get('a')).toBeUndefined();
    expect(map.getIncludingExpired('a')).toEqual(entry(2_000));
  });

  it('sweeps only entries expired longer than the grace period', () => {
    let now = 0;
    const map = new ExpiringMap<{ expiresAtMs: number }>(() => now);
    map.set('old', entry(10));
    map.set('recent', entry(900));
    now = 1_000;
    map.sweep(500);
    expect(map.getIncludingExpired('old')).toBeUndefined();
    expect(map.getIncludingExpired('recent')).toBeDefined();
  });

  it('never holds more than its capacity: expired entries go first, then the oldest, making room for a tenth', () => {
    const now = 0;
    const map = new ExpiringMap<{ expiresAtMs: number }>(() => now, 10);
    for (let i = 0; i < 10; i++) map.set(`k${i}`, entry(1_000));
    map.set('k10', entry(1_000));
    // k0 and k1 made room (8 left after eviction, then k10 added).
    expect(map.size).toBe(9);
    expect(map.get('k0')).toBeUndefined();
    expect(map.get('k1')).toBeUndefined();
    expect(map.get('k2')).toBeDefined();
    expect(map.get('k10')).toBeDefined();
    // The next insert fits without another eviction.
    map.set('k11', entry(1_000));
    expect(map.size).toBe(10);
    expect(map.get('k2')).toBeDefined();
  });
});
