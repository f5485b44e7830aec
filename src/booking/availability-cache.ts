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
 */
export class AvailabilityCache {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();

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

  /** The desk's places changed: answers computed before are not served again. */
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
