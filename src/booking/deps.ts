import { hkdfSync } from 'node:crypto';
import type { Db } from '../storage/db.js';
import { CalendarCache } from './desk-calendar.js';
import { secureRandom } from './secrets.js';

/** What the booking use cases need from the world, injectable in tests. */
export interface BookingDeps {
  db: Db;
  calendars: CalendarCache;
  /** Current time, epoch ms. */
  now: () => number;
  /** Integers in [0, n). */
  random: (n: number) => number;
  /** Server secret: keys PIN hashes and idempotent responses. */
  secret: Buffer;
}

export function bookingDeps(db: Db, secret: Buffer, overrides: Partial<BookingDeps> = {}): BookingDeps {
  return { db, calendars: new CalendarCache(), now: Date.now, random: secureRandom, secret, ...overrides };
}

/** The booking engine's key, derived from the server secret (AUTH_SECRET) for this purpose only. */
export function deriveBookingSecret(serverSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(serverSecret, 'utf8'), 'sportello', 'booking pins and idempotency v1', 32));
}
