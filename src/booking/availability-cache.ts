/**
 * The serialised availability answer of a desk over a range, kept for a second.
 *
 * On a release morning thousands of people ask for the same desk and the same two weeks at
 * once: one of them computes the answer, the others get the same bytes. Correctness never
 * depends on it: a hold or a booking is always decided by the database. What it costs is
 * freshness, and only across requests that overlap: every write of this instance that changes
 * a desk's places (claims, cancellations, moves, expired holds) bumps the desk's generation,
 * so a later request computes a new answer; another instance's writes show within `ttlMs`. A
 * changed desk calendar shows at once too: the entry remembers the calendar it was computed
 * from and is dropped when the calendar cache holds another one.
 *
 * It also remembers, for as long, the slots the database has just answered full (a citizen's
 * hold refused slot_full). After a sell-out nearly every attempt aims at such a slot, and each
 * one asked the database again: now the answer is given here, with the same freshness — the
 * desk's next change on this instance (a claim that took a place, a cancellation, a move, a
 * hold released or expired) forgets them, another instance's shows within `ttlMs`. A place is
 * only ever given by the database; what this can cost is a place freed elsewhere refused for
 * at most `ttlMs`, as the availability shown is that old.
 */
export class AvailabilityCache {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();
  private readonly full = new Map<string, { at: number; generation: number }>();

  constructor(
    private readonly ttlMs = 1_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  /** The answer for `key` of `deskId`, computed by `compute` when there is no fresh one. */
  get(deskId: string, key: string, basis: unknown, compute: () => Promise<string>): Promise<string> {
    if (this.ttlMs <= 0) return compute();
    const at = this.now();
    const generation = this.generations.get(deskId) ?? 0;
    const fullKey = `${deskId}|${key}`;
    const hit = this.entries.get(fullKey);
    if (hit && at - hit.at < this.ttlMs && hit.generation === generation && hit.basis === basis) return hit.value;
    if (this.entries.size >= this.maxEntries) this.prune(at);
    const entry: Entry = { at, generation, basis, value: compute() };
    this.entries.set(fullKey, entry);
    entry.value.catch(() => {
      if (this.entries.get(fullKey) === entry) this.entries.delete(fullKey);
    });
    return entry.value;
  }

  /**
   * The database has just refused this slot's place to a claim of this kind (slot_full; a slot
   * full for ordinary citizens may still have priority places): remembered for `ttlMs` or until
   * the desk changes.
   */
  rememberFull(deskId: string, startMs: number, priority: boolean): void {
    if (this.ttlMs <= 0) return;
    const at = this.now();
    if (this.full.size >= this.maxEntries) {
      for (const [k, f] of this.full) if (at - f.at >= this.ttlMs) this.full.delete(k);
      if (this.full.size >= this.maxEntries) this.full.clear();
    }
    this.full.set(`${deskId}|${startMs}|${priority}`, { at, generation: this.generations.get(deskId) ?? 0 });
  }

  /** Whether the database answered this slot full to such a claim less than `ttlMs` ago, with no change of the desk since. */
  knownFull(deskId: string, startMs: number, priority: boolean): boolean {
    const f = this.full.get(`${deskId}|${startMs}|${priority}`);
    return f !== undefined && this.now() - f.at < this.ttlMs && f.generation === (this.generations.get(deskId) ?? 0);
  }

  /** The desk's places changed: answers computed before are not served again, slots found full are asked again. */
  touch(deskId: string): void {
    this.generations.set(deskId, (this.generations.get(deskId) ?? 0) + 1);
  }

  private prune(at: number): void {
    for (const [k, e] of this.entries) if (at - e.at >= this.ttlMs) this.entries.delete(k);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }
}

interface Entry {
  at: number;
  generation: number;
  basis: unknown;
  value: Promise<string>;
}
