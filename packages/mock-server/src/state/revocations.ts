/**
 * Which tokens were revoked, and why: kept only so the inspector and `GET /__mock/tokens/{fingerprint}` can tell a
 * revoked family member from an unknown token. A log, not a credential table: it holds at most `capacity` tokens and
 * forgets the oldest first (a revoked token stays dead either way: its record is gone from the token tables).
 *
 * @example
 * const log = new RevocationLog(1000);
 * log.record(['czu_…', 'r…'], 'a refresh token was replayed', clock.now(), family);
 * log.find('czu_…'); // { reason: 'a refresh token was replayed', atMs, family }
 */
export interface Revocation {
  reason: string;
  atMs: number;
  /** The family the token belonged to, as it was when revoked (a copy). */
  family: readonly string[] | undefined;
}

export class RevocationLog {
  private readonly revoked = new Map<string, Revocation>();

  constructor(readonly capacity = 10_000) {}

  record(tokens: readonly string[], reason: string, atMs: number, family?: readonly string[]): void {
    const revocation = { reason, atMs, family };
    for (const token of tokens) {
      this.revoked.delete(token);
      this.revoked.set(token, revocation);
      if (this.revoked.size > this.capacity) this.revoked.delete(this.revoked.keys().next().value as string);
    }
  }

  find(token: string): Revocation | undefined {
    return this.revoked.get(token);
  }

  /** Every logged token, oldest first. */
  tokens(): IterableIterator<string> {
    return this.revoked.keys();
  }

  clear(): void {
    this.revoked.clear();
  }
}
