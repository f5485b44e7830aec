import { Batcher, type Settled } from '../platform/batcher.js';
import type { Queryable } from '../storage/db.js';

/** What one citizen's hold sends to the database (hold_place's parameters, migration 0013). */
export interface HoldCall {
  desk: string;
  version: number;
  starts: Date;
  ends: Date;
  capacity: number;
  reserved: number;
  reservedUntil: Date;
  now: Date;
  actor: string | null;
  codes: string[];
  /** The booking's columns (names as in the table). */
  booking: Record<string, unknown>;
}

export interface HoldResult {
  id: string | null;
  code: string | null;
  stale: boolean;
}

/** What one confirmation sends (confirm_hold's parameters, migration 0011). */
export interface ConfirmCall {
  id: string;
  tokenHash: string;
  actor: string;
  now: Date;
  booking: Record<string, unknown>;
}

export interface ConfirmResult {
  outcome: string;
  booking: Record<string, unknown> | null;
}

export interface BatchSettings {
  /** Holds (or confirmations) sent in one call at most (DB_BATCH_SIZE). */
  size: number;
  /** Calls of each kind running side by side (DB_BATCH_CONCURRENCY); each takes one pooled connection. */
  concurrency: number;
}

export const DEFAULT_BATCH_SETTINGS: BatchSettings = { size: 32, concurrency: 4 };

/**
 * Citizens' holds and confirmations sent to the database in batches (hold_places and
 * confirm_holds, migration 0014): the calls that arrive together share one round trip and one
 * transaction. Each element runs as it would alone and fails alone, with the error the single
 * call raises (so `claiming` turns it into slot_full, already_booked… as before). Only calls
 * that are a transaction of their own go here; a call inside the caller's transaction (with an
 * Idempotency-Key, a move, a reception booking) runs in that transaction.
 */
export interface ClaimBatches {
  hold(call: HoldCall): Promise<HoldResult>;
  confirm(call: ConfirmCall): Promise<ConfirmResult>;
  readonly stats: { hold: Batcher<HoldCall, HoldResult>['stats']; confirm: Batcher<ConfirmCall, ConfirmResult>['stats'] };
}

interface ErrorColumns {
  i: number;
  err_state: string | null;
  err_constraint: string | null;
  err_detail: string | null;
  err_message: string | null;
}

/** The element's error as the driver would have raised it for the single call. */
function elementError(row: ErrorColumns): Error {
  return Object.assign(new Error(row.err_message ?? 'database error'), {
    code: row.err_state ?? undefined,
    ...(row.err_constraint ? { constraint: row.err_constraint } : {}),
    ...(row.err_detail ? { detail: row.err_detail } : {}),
  });
}

/** Runs `sql` on the batch (sent as one JSON array, in `order`) and hands each row back to its caller. */
async function runBatch<C, R, Row extends ErrorColumns>(
  db: Queryable, sql: string, calls: C[], order: (a: C, b: C) => number, value: (row: Row) => R,
): Promise<Settled<R>[]> {
  const sorted = calls.map((call, k) => ({ call, k })).sort((a, b) => order(a.call, b.call));
  const r = await db.query<Row>(sql, [JSON.stringify(sorted.map((s) => s.call))]);
  const out: Settled<R>[] = new Array(calls.length);
  for (const row of r.rows) {
    const k = sorted[row.i]!.k;
    out[k] = row.err_state ? { ok: false, error: elementError(row) } : { ok: true, value: value(row) };
  }
  return out;
}

/** A deadlock or serialisation failure of one element: it is tried again (the others went through). */
const RETRYABLE = /^40(001|P01)$/;
const MAX_RETRIES = 2;

async function retrying<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= MAX_RETRIES || typeof code !== 'string' || !RETRYABLE.test(code)) throw err;
    }
  }
}

const byPlace = (a: HoldCall, b: HoldCall) => (a.desk < b.desk ? -1 : a.desk > b.desk ? 1 : a.starts.getTime() - b.starts.getTime());
const byId = (a: ConfirmCall, b: ConfirmCall) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function claimBatches(db: Queryable, settings: BatchSettings = DEFAULT_BATCH_SETTINGS): ClaimBatches {
  const options = { maxSize: settings.size, concurrency: settings.concurrency };
  const holds = new Batcher<HoldCall, HoldResult>((calls) =>
    runBatch<HoldCall, HoldResult, ErrorColumns & { id: string | null; code: string | null; stale: boolean | null }>(
      db,
      'SELECT i, booking_id AS id, booking_code AS code, stale, err_state, err_constraint, err_detail, err_message FROM hold_places($1)',
      calls, byPlace, (row) => ({ id: row.id, code: row.code, stale: row.stale === true }),
    ), options);
  const confirms = new Batcher<ConfirmCall, ConfirmResult>((calls) =>
    runBatch<ConfirmCall, ConfirmResult, ErrorColumns & { outcome: string; booking: Record<string, unknown> | null }>(
      db,
      'SELECT i, outcome, booking, err_state, err_constraint, err_detail, err_message FROM confirm_holds($1)',
      calls, byId, (row) => ({ outcome: row.outcome, booking: row.booking }),
    ), options);
  return {
    hold: (call) => retrying(() => holds.call(call)),
    confirm: (call) => retrying(() => confirms.call(call)),
    stats: { hold: holds.stats, confirm: confirms.stats },
  };
}
