import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseJsonText, valueNestsDeeperThan } from './limits.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts arrays and objects alike, up to the limit and one past it', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`)).toBe(true);
    expect(nestsDeeperThan('[[1]]', 1)).toBe(true);
    expect(nestsDeeperThan('[1][2][3]', 1)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(`["${'['.repeat(200)}"]`, 2)).toBe(false);
    expect(nestsDeeperThan(`["\\"${'['.repeat(200)}"]`, 2)).toBe(false);
    expect(nestsDeeperThan(`["\\\\", ${nested(3)}]`, 3)).toBe(true);
  });

  it('measures a text no longer than the limit as shallow without reading it', () => {
    expect(nestsDeeperThan('[[[', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[', 3)).toBe(true);
  });
});

describe('nestsDeeperThan, wide texts', () => {
  it('counts closing brackets: many siblings at one level are not deep', () => {
    const wide = `[${'[],'.repeat(200)}{"a":1}]`;
    expect(nestsDeeperThan(wide, 2)).toBe(false);
    expect(nestsDeeperThan(wide, 1)).toBe(true);
  });
});

describe('valueNestsDeeperThan', () => {
  it('counts objects and arrays of an already parsed value, up to the limit and one past it', () => {
    const value = { a: [[1]], b: 'x' };
    expect(valueNestsDeeperThan(value, 3)).toBe(false);
    expect(valueNestsDeeperThan(value, 2)).toBe(true);
    expect(valueNestsDeeperThan([{}], 2)).toBe(false);
    expect(valueNestsDeeperThan([{ deep: [] }], 2)).toBe(true);
  });

  it('measures the deepest member, wherever it is', () => {
    expect(valueNestsDeeperThan({ shallow: 1, later: { deeper: { deepest: {} } } }, 3)).toBe(true);
    expect(valueNestsDeeperThan([1, 2, [3, [4]]], 3)).toBe(false);
    expect(valueNestsDeeperThan([1, 2, [3, [4, []]]], 3)).toBe(true);
  });

  it('does not look into strings, numbers or null, and takes the default limit', () => {
    expect(valueNestsDeeperThan('[[[[[[', 1)).toBe(false);
    expect(valueNestsDeeperThan(null, 0)).toBe(false);
    expect(valueNestsDeeperThan(7, 0)).toBe(false);
    expect(valueNestsDeeperThan({}, 0)).toBe(true);
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = [deep];
    expect(valueNestsDeeperThan(deep)).toBe(false);
    expect(valueNestsDeeperThan([deep])).toBe(true);
  });
});

describe('parseJsonText', () => {
  it('answers the value, or why there is none', () => {
    expect(parseJsonText('{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonText('{"a":')).toEqual({ ok: false, why: 'not valid JSON' });
    expect(parseJsonText(nested(5000))).toEqual({ ok: false, why: `nested deeper than ${MAX_JSON_DEPTH} levels` });
  });
});
