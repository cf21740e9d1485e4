import { describe, expect, it } from 'vitest';
import { CapacityError } from '../errors.js';
import { StateTable } from './table.js';

const entry = (expiresAtMs: number) => ({ expiresAtMs });

describe('StateTable', () => {
  it('reserves room for several records at once, or refuses them all', () => {
    const now = 0;
    const table = new StateTable<{ expiresAtMs: number }>('things', () => now, 3);
    table.add('a', entry(9_000));
    expect(() => table.reserve(2)).not.toThrow();
    table.add('b', entry(9_000));
    expect(() => table.reserve(2)).toThrow(CapacityError);
    expect(() => table.reserve(1)).not.toThrow();
    expect(table.size).toBe(2);
  });

  it('hides expired entries from get, but not from getIncludingExpired', () => {
    let now = 1_000;
    const table = new StateTable<{ expiresAtMs: number }>('things', () => now, 10);
    table.add('a', entry(2_000));
    expect(table.get('a')).toBeDefined();
    now = 2_000;
    expect(table.get('a')).toBeUndefined();
    expect(table.getIncludingExpired('a')).toEqual(entry(2_000));
  });

  it('sweeps only entries expired longer than the grace period', () => {
    let now = 0;
    const table = new StateTable<{ expiresAtMs: number }>('things', () => now, 10);
    table.add('old', entry(10));
    table.add('recent', entry(900));
    now = 1_000;
    expect(table.sweep(500)).toBe(1);
    expect(table.getIncludingExpired('old')).toBeUndefined();
    expect(table.getIncludingExpired('recent')).toBeDefined();
  });

  it('when full, drops expired entries first and keeps every live one', () => {
    let now = 0;
    const table = new StateTable<{ expiresAtMs: number }>('things', () => now, 3);
    table.add('short', entry(100));
    table.add('long1', entry(10_000));
    table.add('long2', entry(10_000));
    now = 200;
    table.add('new', entry(10_000));
    expect(table.getIncludingExpired('short')).toBeUndefined();
    for (const key of ['long1', 'long2', 'new']) expect(table.get(key)).toBeDefined();
  });

  it('refuses a new entry when every entry is live, with the seconds until the earliest expiry', () => {
    let now = 0;
    const table = new StateTable<{ expiresAtMs: number }>('codes', () => now, 2);
    table.add('a', entry(5_500));
    table.add('b', entry(9_000));
    let refusal: unknown;
    try {
      table.add('c', entry(9_000));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CapacityError);
    expect((refusal as CapacityError).retryAfterSeconds).toBe(6);
    expect((refusal as CapacityError).table).toBe('codes');
    expect(table.get('a')).toBeDefined();
    expect(table.get('b')).toBeDefined();
    expect(() => table.reserve()).toThrow(CapacityError);
    // Once the earliest expires, there is room again.
    now = 5_500;
    expect(() => table.reserve()).not.toThrow();
    table.add('c', entry(9_000));
    expect(table.get('c')).toBeDefined();
    expect(table.get('b')).toBeDefined();
  });

  it('replacing an existing key never counts as a new entry', () => {
    const table = new StateTable<{ expiresAtMs: number }>('things', () => 0, 1);
    table.add('a', entry(10));
    expect(() => table.add('a', entry(20))).not.toThrow();
    expect(table.get('a')).toEqual(entry(20));
  });
});
