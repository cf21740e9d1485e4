import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { bodyCheckOf } from './body-check.js';

const schema = z.object({
  id: z.string({ message: 'required' }).min(1, 'required').max(4),
  verifier: z.string().min(2).max(3).optional(),
  seconds: z.number().int().min(1).max(10).optional(),
  ratio: z.number().min(0).max(1).optional(),
  scope: z.unknown().optional(),
});

/** Bodies at and around every bound, plus wrong types: the check must never pass one zod refuses. */
const bodies: Record<string, unknown>[] = [
  { id: 'a' },
  { id: 'abcd' },
  { id: '' },
  { id: 'abcde' },
  { id: 1 },
  {},
  { id: 'a', verifier: 'ab' },
  { id: 'a', verifier: 'abc' },
  { id: 'a', verifier: 'a' },
  { id: 'a', verifier: 'abcd' },
  { id: 'a', verifier: null },
  { id: 'a', seconds: 1 },
  { id: 'a', seconds: 10 },
  { id: 'a', seconds: 0 },
  { id: 'a', seconds: 11 },
  { id: 'a', seconds: 1.5 },
  { id: 'a', seconds: '5' },
  { id: 'a', seconds: Infinity },
  { id: 'a', ratio: 0.5 },
  { id: 'a', ratio: 1.01 },
  { id: 'a', ratio: Number.NaN },
  { id: 'a', scope: { anything: [1] } },
  { id: 'a', extra: 'kept, not read' },
];

describe('bodyCheckOf', () => {
  it.each(bodies)('agrees with zod on %j wherever it passes a body', (body) => {
    const passes = bodyCheckOf(schema)(body);
    if (passes) expect(schema.safeParse(body).success).toBe(true);
  });

  it('passes the well-formed bodies and refuses each bound crossed by one', () => {
    const check = bodyCheckOf(schema);
    expect(bodies.map((body) => check(body))).toEqual([
      true, true, false, false, false, false,
      true, true, false, false, false,
      true, true, false, false, false, false, false,
      true, false, false,
      true, true,
    ]);
  });

  it('refuses, at build time, schemas whose rules it cannot restate', () => {
    expect(() => bodyCheckOf(z.object({ id: z.string().regex(/^a/) }))).toThrow(/member id/);
    expect(() => bodyCheckOf(z.object({ n: z.number().gt(1) }))).toThrow(/member n/);
    expect(() => bodyCheckOf(z.object({ list: z.array(z.string()) }))).toThrow(/member list/);
    expect(() => bodyCheckOf(z.object({ id: z.string() }).strict())).toThrow(/strict/);
  });
});
