import type { BookingDeps } from '../booking/index.js';
import type { Db } from '../storage/db.js';

/** What the monitoring use cases need: the database and the booking engine (calendars, first free slot, clock). */
export interface MonitoringDeps {
  db: Db;
  /** The reads that may be a little behind (history, period reports, exports): a replica when configured, else `db`. */
  reads?: Db | undefined;
  booking: BookingDeps;
  now: () => number;
  /** Seconds between two pushes of the live stream (MONITORING_PUSH_SECONDS). */
  pushSeconds: number;
  /**
   * The server's live events (bookings made, cancelled, lapsed or moved on any instance): the
   * stream pushes at once (at most once a second) when one concerns a desk it shows.
   */
  changes?: (fn: (e: { type: string; deskId?: string | undefined }) => void) => () => void;
}

export const ZONE = 'Europe/Rome';
