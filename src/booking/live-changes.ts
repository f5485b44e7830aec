import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Db } from '../storage/db.js';

/**
 * Confirmed bookings, announced on the live channel (`sportello_calls`, read by every
 * instance's console and URP streams) from outside the confirming transactions.
 *
 * The other booking changes are announced by the database (trigger `booking_live_*`, migration
 * 0039). A confirmation is not (migration 0042): PostgreSQL commits the transactions that NOTIFY
 * one at a time — each holds a database-wide lock through its commit and its WAL flush — so a
 * NOTIFY in every confirmation took a third of the booking throughput (bench:booking 1,179 → 804
 * bookings/s). Here the desks and days confirmed are gathered for `delayMs` (after their
 * transactions have committed) and sent together in one statement of their own: one NOTIFY per
 * desk and day, whatever the number of bookings.
 */
export class LiveChanges {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db, private readonly delayMs = 150) {}

  /** A booking of `deskId` starting at `startsAt` was confirmed. */
  confirmed(deskId: string, startsAt: Date | string | number): void {
    this.pending.add(JSON.stringify({ type: 'booking', deskId, day: toIsoWithOffset(new Date(startsAt).getTime()).slice(0, 10) }));
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
    this.timer.unref();
  }

  /** Sends what is pending now (also used by tests and at shutdown). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const payloads = [...this.pending];
    this.pending.clear();
    try {
      await this.db.query("SELECT pg_notify('sportello_calls', p) FROM unnest($1::text[]) AS p", [payloads]);
    } catch {
      // The live views also refresh on their own timers: a lost announcement delays them, nothing else.
    }
  }
}
