import { hkdfSync } from 'node:crypto';
import type { Db } from '../storage/db.js';
import { AvailabilityCache } from './availability-cache.js';
import { claimBatches, type ClaimBatches } from './claim-batches.js';
import { CalendarCache } from './desk-calendar.js';
import { fairAccess, type FairAccess } from './fair-access.js';
import { LiveChanges } from './live-changes.js';
import { RefusalMemory } from './record-refusal.js';
import { secureRandom } from './secrets.js';

/** What the booking use cases need from the world, injectable in tests. */
export interface BookingDeps {
  db: Db;
  calendars: CalendarCache;
  /** Serialised availability answers, for a second (see availability-cache.ts). */
  availability: AvailabilityCache;
  /** Current time, epoch ms. */
  now: () => number;
  /** Integers in [0, n). */
  random: (n: number) => number;
  /** Server secret: keys PIN hashes and idempotent responses. */
  secret: Buffer;
  /** Citizens' holds and confirmations, sent to the database in batches (see claim-batches.ts). */
  claims: ClaimBatches;
  /** Citizens' holds: proof of work, live-hold limits and rates (see fair-access.ts, docs/abuse-and-fair-access.md). */
  fairAccess: FairAccess;
  /** The web requesters whose refusal (no free place) this instance already counted today (see record-refusal.ts). */
  refusals: RefusalMemory;
  /** Confirmations announced to the live views of every instance (see live-changes.ts). */
  live: LiveChanges;
}

export function bookingDeps(db: Db, secret: Buffer, overrides: Partial<BookingDeps> = {}): BookingDeps {
  const now = overrides.now ?? Date.now;
  // The availability cache ages with the engine's clock: a test that moves the clock sees fresh answers.
  return {
    db, calendars: new CalendarCache(), availability: new AvailabilityCache(1_000, now), now, random: secureRandom, secret,
    ...overrides, claims: overrides.claims ?? claimBatches(db), fairAccess: overrides.fairAccess ?? fairAccess(secret),
    refusals: overrides.refusals ?? new RefusalMemory(), live: overrides.live ?? new LiveChanges(db),
  };
}

/** The per-contact limit the database enforces (contact_limit_setting, migration 0016): written at start from the configuration. */
export async function setContactLimit(db: Db, maxActive: number): Promise<void> {
  await db.query('UPDATE contact_limit_setting SET max_active = $1, updated_at = now() WHERE max_active <> $1', [maxActive]);
}

/** The booking engine's key, derived from the server secret (AUTH_SECRET) for this purpose only. */
export function deriveBookingSecret(serverSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(serverSecret, 'utf8'), 'sportello', 'booking pins and idempotency v1', 32));
}
