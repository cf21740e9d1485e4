import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseJsonText } from './limits.js';

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

describe('parseJsonText', () => {
  it('answers the value, or why there is none', () => {
    expect(parseJsonText('{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonText('{"a":')).toEqual({ ok: false, why: 'not valid JSON' });
    expect(parseJsonText(nested(5000))).toEqual({ ok: false, why: `nested deeper than ${MAX_JSON_DEPTH} levels` });
  });
});
