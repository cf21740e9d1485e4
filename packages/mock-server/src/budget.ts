import { oauthErrors } from './errors.js';

/**
 * Byte budgets of one mock (the root server, and each sandbox alike): what the things a test may pile up through the
 * control API may hold. Entry caps alone let a few large rules cost gigabytes; these count bytes. Scripted replies
 * and bot scripts are charged to a {@link ByteAccount} and refused with 429 beyond it; the journal keeps its own
 * count and lets its oldest entries go (journal.ts). docs/security.md has the whole-server figure.
 */

/** The default budgets, per mock, in bytes. */
export const DEFAULT_BYTE_BUDGETS = {
  /** Scripted replies (`/__mock/replies`, `/__mock/faults`, cassettes), as estimated heap. */
  replyBytes: 4 * 1024 * 1024,
  /** Bot scripts, as estimated heap. */
  scriptBytes: 2 * 1024 * 1024,
  /** The request journal: its strings plus a fixed cost per entry. */
  journalBytes: 2 * 1024 * 1024,
} as const;

/** What a byte account is kept for. */
export type BudgetKind = 'replies' | 'scripts';

/**
 * One mock's byte account: whoever stores something a test sent charges it here first and releases it when the thing
 * goes (deleted, used up, reset).
 *
 * @example
 * const cost = estimateRetainedBytes(script);
 * mock.budget.charge('scripts', cost); // throws the 429 capacity error when it would not fit
 * scripts.set(id, { script, cost });
 * // … on delete or reset:
 * mock.budget.release('scripts', cost);
 */
export interface ByteAccount {
  /** Counts `bytes` against `kind`, or throws the 429 capacity error (nothing counted) when they would not fit. */
  charge(kind: BudgetKind, bytes: number): void;
  /** Gives back what a charge counted. */
  release(kind: BudgetKind, bytes: number): void;
  /** What each kind holds now, and its limit. */
  usage(): Record<BudgetKind, { bytes: number; limit: number }>;
}

/**
 * @example
 * const budget = createByteAccount({ replies: 2 ** 21, scripts: 2 ** 21 });
 */
export function createByteAccount(limits: Record<BudgetKind, number>): ByteAccount {
  const held: Record<BudgetKind, number> = { replies: 0, scripts: 0 };
  return {
    charge(kind, bytes) {
      if (held[kind] + bytes > limits[kind]) {
        throw oauthErrors.capacity(`bytes of ${kind} (this one needs about ${bytes}; ${held[kind]} of ${limits[kind]} are taken)`);
      }
      held[kind] += bytes;
    },
    release(kind, bytes) {
      held[kind] = Math.max(0, held[kind] - bytes);
    },
    usage: () => ({
      replies: { bytes: held.replies, limit: limits.replies },
      scripts: { bytes: held.scripts, limit: limits.scripts },
    }),
  };
}

/** V8's costs on 64-bit with pointer compression, rounded up: an object with its property store, an array slot … */
const COST = { object: 64, member: 24, array: 32, slot: 8, number: 16, string: 24, other: 8 } as const;

/**
 * An upper estimate of the heap a parsed JSON value holds: its strings, plus a fixed cost per object, member, array
 * slot and number (a 60 KB body of small objects holds about a megabyte, which this counts; its text length would not).
 * Iterative, so any depth is safe.
 *
 * @example
 * estimateRetainedBytes({ a: [1, 2, 3] }); // 64 + 24 + 1 + 32 + 3 × (8 + 16) = 193
 */
export function estimateRetainedBytes(value: unknown): number {
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length) {
    const item = pending.pop();
    if (typeof item === 'string') total += COST.string + item.length * 2;
    else if (typeof item === 'number') total += COST.number;
    else if (Array.isArray(item)) {
      total += COST.array + item.length * COST.slot;
      for (const member of item) pending.push(member);
    } else if (item !== null && typeof item === 'object') {
      total += COST.object;
      for (const [key, member] of Object.entries(item)) {
        total += COST.member + key.length;
        pending.push(member);
      }
    } else total += COST.other;
  }
  return total;
}
