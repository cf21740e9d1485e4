import { describe, expect, it } from 'vitest';
import { bodyMatches, queryMatches } from './match.js';

const params = (query: string) => new URLSearchParams(query);

describe('queryMatches', () => {
  it('wants each given parameter with exactly its values, others allowed unless exact', () => {
    expect(queryMatches({}, params('a=1'))).toBe(true);
    expect(queryMatches({ query: { a: '1' } }, params('a=1&b=2'))).toBe(true);
    expect(queryMatches({ query: { a: '1' } }, params('a=2'))).toBe(false);
    expect(queryMatches({ query: { a: '1' } }, params('b=1'))).toBe(false);
    expect(queryMatches({ query: { a: ['1', '2'] } }, params('a=1&a=2'))).toBe(true);
    expect(queryMatches({ query: { a: ['1', '2'] } }, params('a=2&a=1'))).toBe(false);
    expect(queryMatches({ query: { a: '1' }, exact: true }, params('a=1&b=2'))).toBe(false);
    expect(queryMatches({ exact: true }, params('b=2'))).toBe(false);
    expect(queryMatches({ exact: true }, params(''))).toBe(true);
  });

  it('skips ignored names on both sides', () => {
    expect(queryMatches({ query: { a: '1', ts: '100' }, ignore: ['ts'], exact: true }, params('a=1&ts=200'))).toBe(true);
    expect(queryMatches({ query: { a: '1' }, ignore: ['ts'], exact: true }, params('a=1&ts=200'))).toBe(true);
    expect(queryMatches({ query: { a: '1' }, ignore: ['ts'], exact: true }, params('a=1&other=1'))).toBe(false);
  });
});

describe('bodyMatches', () => {
  it('is true without a body to match, false when the request has no JSON body', () => {
    expect(bodyMatches({}, undefined)).toBe(true);
    expect(bodyMatches({ body: { a: 1 } }, undefined)).toBe(false);
  });

  it('compares objects member by member (a subset unless exact), arrays in full, scalars strictly', () => {
    const sent = { bot_id: '7', stream: true, messages: [{ role: 'user', content: 'hi' }] };
    expect(bodyMatches({ body: { bot_id: '7' } }, sent)).toBe(true);
    expect(bodyMatches({ body: { bot_id: 7 } }, sent)).toBe(false);
    expect(bodyMatches({ body: { bot_id: '7' }, exact: true }, sent)).toBe(false);
    expect(bodyMatches({ body: sent, exact: true }, structuredClone(sent))).toBe(true);
    expect(bodyMatches({ body: { messages: [{ role: 'user' }] } }, sent)).toBe(true);
    expect(bodyMatches({ body: { messages: [{ role: 'user' }] }, exact: true }, sent)).toBe(false);
    expect(bodyMatches({ body: { messages: [] } }, sent)).toBe(false);
    expect(bodyMatches({ body: { missing: null } }, sent)).toBe(false);
    expect(bodyMatches({ body: { bot_id: { nested: 1 } } }, sent)).toBe(false);
    expect(bodyMatches({ body: [1, 2] }, [1, 2])).toBe(true);
    expect(bodyMatches({ body: 'x' }, 'x')).toBe(true);
  });

  it('ignores a name at any depth, a dotted path only from the root', () => {
    const recorded = { user_id: 'u1', meta: { created_at: 1, user_id: 'u1' }, items: [{ id: 'a', n: 1 }] };
    const sent = { user_id: 'u2', meta: { created_at: 2, user_id: 'u2' }, items: [{ id: 'b', n: 1 }] };
    expect(bodyMatches({ body: recorded, exact: true }, sent)).toBe(false);
    expect(bodyMatches({ body: recorded, exact: true, ignore: ['user_id', 'meta.created_at', 'id'] }, sent)).toBe(true);
    expect(bodyMatches({ body: recorded, exact: true, ignore: ['user_id', 'created_at.meta', 'id'] }, sent)).toBe(false);
    // Ignored members may be missing on either side, even with exact.
    expect(bodyMatches({ body: { a: 1 }, exact: true, ignore: ['nonce'] }, { a: 1, nonce: 'x' })).toBe(true);
    expect(bodyMatches({ body: { a: 1, nonce: 'x' }, exact: true, ignore: ['nonce'] }, { a: 1 })).toBe(true);
  });
});
