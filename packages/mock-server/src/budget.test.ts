import { describe, expect, it } from 'vitest';
import { createByteAccount, estimateRetainedBytes } from './budget.js';
import { OAuthError } from './errors.js';

describe('createByteAccount', () => {
  it('counts charges per kind up to the limit, refuses the one that would pass it with 429, and takes releases back', () => {
    const account = createByteAccount({ replies: 100, scripts: 50 });
    account.charge('replies', 60);
    account.charge('replies', 40);
    let refusal: unknown;
    try {
      account.charge('replies', 1);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OAuthError);
    expect(refusal).toMatchObject({ status: 429, code: 'temporarily_unavailable', retryAfterSeconds: 5 });
    account.charge('scripts', 50);
    expect(account.usage()).toEqual({ replies: { bytes: 100, limit: 100 }, scripts: { bytes: 50, limit: 50 } });
    account.release('replies', 40);
    account.charge('replies', 40);
    account.release('scripts', 80);
    expect(account.usage().scripts.bytes).toBe(0);
  });
});

describe('estimateRetainedBytes', () => {
  it('adds a cost per object, member, slot, number and character', () => {
    expect(estimateRetainedBytes({ a: [1, 2, 3] })).toBe(64 + 24 + 1 + 32 + 3 * (8 + 16));
    expect(estimateRetainedBytes('abcd')).toBe(24 + 8);
    expect(estimateRetainedBytes([null, true])).toBe(32 + 2 * 8 + 2 * 8);
  });

  it('counts small objects far above their text (the issue’s 60 KB body), and any depth without recursion', () => {
    const body = Array.from({ length: 6000 }, (_, i) => ({ i }));
    expect(estimateRetainedBytes(body)).toBeGreaterThan(10 * JSON.stringify(body).length);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(estimateRetainedBytes(deep)).toBe(100_000 * 40 + 16);
  });
});
