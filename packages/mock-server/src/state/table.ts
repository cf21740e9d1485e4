import { CapacityError } from '../errors.js';

/** Whatever a table stores: every record knows when it expires (mock-clock ms). */
export interface Expiring {
  expiresAtMs: number;
}

/** How long an expired record is kept so "expired" can still be told from "unknown" (unless room is needed). */
export const EXPIRED_GRACE_MS = 60 * 60 * 1000;

/**
 * A bounded table of expiring records. Expired records are invisible to `get` and are dropped first when the table is
 * full; when every record is still live the table refuses the new one with a {@link CapacityError} (a 429 upstream)
 * and never forgets a live record to make room. A full table costs O(1) per refusal: it sweeps again only once the
 * earliest expiry it saw has passed.
 *
 * @example
 * const codes = new StateTable<{ expiresAtMs: number }>('authorization codes', () => clock.now(), 1000);
 * codes.add('code_x', { expiresAtMs: clock.now() + 300_000 });
 */
export class StateTable<V extends Expiring> {
  private readonly entries = new Map<string, V>();
  /** Earliest expiry seen by the last full sweep: no point sweeping again before it. */
  private nextExpiryMs = 0;

  constructor(
    /** In words, for the 429's message (`access tokens`). */
    readonly name: string,
    private readonly now: () => number,
    /** Most records held at once, expired ones included. */
    readonly capacity: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The live record, or undefined if missing or expired. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined || value.expiresAtMs <= this.now()) return undefined;
    return value;
  }

  /** The record even if expired (to tell "expired" from "unknown"); swept records are gone for good. */
  getIncludingExpired(key: string): V | undefined {
    return this.entries.get(key);
  }

  /**
   * Stores a record. When the table is full, expired records go first; if none has expired, throws
   * {@link CapacityError} with the seconds until the earliest one will.
   */
  add(key: string, value: V): void {
    if (this.entries.size >= this.capacity && !this.entries.has(key)) this.makeRoom();
    this.entries.set(key, value);
  }

  /**
   * Makes sure `add` will take `count` new records, or throws {@link CapacityError}: call it on every table first
   * where several tables (or several records) must all be taken, so that none is left half-written.
   */
  reserve(count = 1): void {
    if (this.entries.size + count <= this.capacity) return;
    this.makeRoom();
    // Some expired records went, but maybe not enough for `count` new ones.
    if (this.entries.size + count > this.capacity) throw new CapacityError(this.name, this.secondsUntilNextExpiry());
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }

  /** Drops records that expired more than `graceMs` ago. */
  sweep(graceMs = EXPIRED_GRACE_MS): number {
    const cutoff = this.now() - graceMs;
    let earliestLive = Number.POSITIVE_INFINITY;
    let dropped = 0;
    for (const [key, value] of this.entries) {
      if (value.expiresAtMs <= cutoff) {
        this.entries.delete(key);
        dropped++;
      } else if (value.expiresAtMs < earliestLive) earliestLive = value.expiresAtMs;
    }
    this.nextExpiryMs = earliestLive;
    return dropped;
  }

  clear(): void {
    this.entries.clear();
    this.nextExpiryMs = 0;
  }

  private makeRoom(): void {
    const now = this.now();
    // Sweep all expired records (grace ignored: room beats telling "expired" from "unknown"), but not on every
    // refused insert of a flood: only once something can have expired since the last sweep.
    if (now >= this.nextExpiryMs && this.sweep(0) > 0) return;
    throw new CapacityError(this.name, this.secondsUntilNextExpiry());
  }

  /** Whole seconds until the earliest record expires (at least 1; 1 when nothing will, e.g. a request larger than the table). */
  private secondsUntilNextExpiry(): number {
    const seconds = Math.ceil((this.nextExpiryMs - this.now()) / 1000);
    return Number.isFinite(seconds) ? Math.max(1, seconds) : 1;
  }
}
