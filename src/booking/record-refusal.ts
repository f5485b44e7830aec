import type { Actor } from '../policy/index.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { BookingDeps } from './deps.js';

/** Who asked: the citizen's web pages, the reception line, a patronato, other booking staff. */
export type RefusalSource = 'web' | 'reception' | 'patronato' | 'staff';

/** Most requesters remembered per instance and day before the memory starts again (about 5 MB). */
export const REFUSAL_MEMORY_SIZE = 50_000;

/**
 * The requesters already counted today by this instance (keyed hashes of their address group,
 * never an address): a citizen who reloads the page, or comes back to the slots step, is counted
 * once per desk and day. Bounded: when full it forgets everyone (and may count a requester again).
 */
export class RefusalMemory {
  private day = '';
  private readonly seen = new Set<string>();
  constructor(private readonly max = REFUSAL_MEMORY_SIZE) {}

  /** True the first time `key` is seen on `day`. */
  first(day: string, key: string): boolean {
    if (day !== this.day || this.seen.size >= this.max) {
      this.day = day;
      this.seen.clear();
    }
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

/**
 * The source of a booking request, by who asks: anyone without a staff account is 'web';
 * staff who may book for others by their role; staff who may not book are not asking for a
 * place (null: not counted).
 */
export function refusalSourceOf(actor: Actor, canBook: boolean): RefusalSource | null {
  if (actor.kind !== 'staff') return 'web';
  if (!canBook) return null;
  const roles = new Set(actor.grants.map((g) => g.role));
  if (roles.has('reception_agent')) return 'reception';
  if (roles.has('patronato_operator')) return 'patronato';
  return 'staff';
}

/**
 * Counts one refusal: a booking request that found no free place at the desk within its
 * horizon (docs/planning.md, "Refusals because the desk was full"). One atomic upsert on
 * (desk, Rome day, source) — concurrent refusals add up exactly and the table never grows
 * beyond one row per desk, day and source. `requester` (a keyed hash of the caller's address
 * group) counts a web requester once per desk, day and instance; staff are counted at every
 * request (each is a caller they are booking for). Returns whether it counted.
 */
export async function recordRefusal(deps: BookingDeps, input: { deskId: string; source: RefusalSource; requester?: string | null }): Promise<boolean> {
  const day = toIsoWithOffset(deps.now(), 'Europe/Rome').slice(0, 10);
  if (input.requester && !deps.refusals.first(day, `${input.requester}|${input.deskId}|${input.source}`)) return false;
  // Its own transaction, committed without waiting for the WAL flush (as holds are, migration
  // 0013): a crash may lose the counts of its last fraction of a second, never a booking.
  await deps.db.query(
    `INSERT INTO desk_refusal_day (desk_id, day, source, refusals)
     SELECT $1, $2::date, $3, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
     ON CONFLICT (desk_id, day, source) DO UPDATE SET refusals = desk_refusal_day.refusals + 1`,
    [input.deskId, day, input.source],
  );
  return true;
}
