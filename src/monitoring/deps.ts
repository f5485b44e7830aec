import type { BookingDeps } from '../booking/deps.js';
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
}

export const ZONE = 'Europe/Rome';
