import { describe, expect, it } from 'vitest';
import { RevocationLog } from './revocations.js';

describe('RevocationLog', () => {
  it('tells why and when a token was revoked, with its family as it was', () => {
    const log = new RevocationLog();
    log.record(['czu_a', 'r_a'], 'a refresh token was replayed', 1_000, ['czu_a', 'r_a']);
    expect(log.find('czu_a')).toEqual({ reason: 'a refresh token was replayed', atMs: 1_000, family: ['czu_a', 'r_a'] });
    expect(log.find('r_a')?.reason).toBe('a refresh token was replayed');
    expect(log.find('czu_other')).toBeUndefined();
    expect(log.capacity).toBe(10_000);
  });

  it('keeps at most `capacity` tokens, forgetting the oldest first; a token revoked again counts as new', () => {
    const log = new RevocationLog(2);
    log.record(['a', 'b'], 'first', 1);
    expect([...log.tokens()]).toEqual(['a', 'b']);
    log.record(['a'], 'again', 2);
    expect([...log.tokens()]).toEqual(['b', 'a']);
    log.record(['c'], 'third', 3);
    expect([...log.tokens()]).toEqual(['a', 'c']);
    expect(log.find('b')).toBeUndefined();
    expect(log.find('a')).toEqual({ reason: 'again', atMs: 2, family: undefined });
  });

  it('holds exactly its capacity, not one less', () => {
    const log = new RevocationLog(3);
    log.record(['a', 'b', 'c'], 'why', 1);
    expect([...log.tokens()]).toEqual(['a', 'b', 'c']);
  });

  it('forgets everything on clear', () => {
    const log = new RevocationLog();
    log.record(['a'], 'why', 1);
    log.clear();
    expect(log.find('a')).toBeUndefined();
    expect([...log.tokens()]).toEqual([]);
  });
});
