/**
 * A Map whose entries carry an expiry (ms). Expired entries are invisible to `get`, swept when the map grows, and the
 * map never holds more than `capacity` entries (the oldest go first), so a flood of requests cannot exhaust memory.
 */
export class ExpiringMap<V extends { expiresAtMs: number }> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly now: () => number,
    private readonly capacity = 50_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The live entry, or undefined if missing or expired. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (!value) return undefined;
    if (value.expiresAtMs <= this.now()) return undefined;
    return value;
  }

  /** The entry even if expired (to tell "expired" from "unknown"); swept entries are gone for good. */
  getIncludingExpired(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.capacity) {
      this.sweep();
      // Make room for a tenth of the capacity at once, so a full map is swept once per many inserts, not on each.
      const target = this.capacity - Math.max(2, Math.ceil(this.capacity / 10));
      for (const oldest of this.entries.keys()) {
        if (this.entries.size <= target) break;
        this.entries.delete(oldest);
      }
    }
    this.entries.set(key, value);
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }

  /** Drops entries that expired more than `graceMs` ago (kept a little so "expired" can still be told apart). */
  sweep(graceMs = 60 * 60 * 1000): void {
    const cutoff = this.now() - graceMs;
    for (const [key, value] of this.entries) if (value.expiresAtMs <= cutoff) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
