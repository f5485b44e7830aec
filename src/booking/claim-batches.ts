import { Batcher, type BatchObservation, type Settled } from '../platform/batcher.js';
import type { IdempotencyClaim } from '../platform/idempotency.js';
import type { Db, Queryable } from '../storage/db.js';

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
  /** An anonymous citizen's hold: who asks, their limits, the challenge it uses (hold_places, migration 0015). */
  guard?: HoldGuard;
}

/** The fair-access side of a hold (see migration 0015 and src/booking/fair-access.ts). */
export interface HoldGuard {
  /** Hashed client address (booking.client_key), or null. */
  address: string | null;
  /** Hashed browser session (booking.client_session), or null. */
  session: string | null;
  /** Live holds allowed per address / per session (0: no limit). */
  perAddress: number;
  perSession: number;
  /** The solved challenge's id, used once, kept until it expires; null when none was needed. */
  challenge: string | null;
  challengeExpires: Date | null;
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
  /**
   * With an Idempotency-Key: the key's hashes, written with the confirmation, and the response
   * to keep for the key once it booked (status and sealed body in hex, see idempotency.ts),
   * made inside the batch's transaction before it commits.
   */
  idempotency?: { claim: IdempotencyClaim; respond(tx: Queryable, booking: Record<string, unknown>): Promise<{ status: number; sealedHex: string }> };
}

/**
 * What confirm_hold / confirm_holds answer (migrations 0011, 0014, 0016): checked where the row
 * comes back from the database, so a new outcome in SQL fails loudly instead of reading as another.
 */
export const CONFIRM_OUTCOMES = [
  'booked', 'lapsed', 'replay', 'already_booked', 'contact_limit', 'desk_inactive', 'channel_not_offered', 'unknown_topic', 'hold_not_found',
] as const;
export type ConfirmOutcome = (typeof CONFIRM_OUTCOMES)[number];

export function confirmOutcome(value: string): ConfirmOutcome {
  if (!(CONFIRM_OUTCOMES as readonly string[]).includes(value)) throw new Error(`confirm_hold answered an unknown outcome: ${JSON.stringify(value)}`);
  return value as ConfirmOutcome;
}

export interface ConfirmResult {
  outcome: ConfirmOutcome;
  booking: Record<string, unknown> | null;
}

export interface BatchSettings {
  /** Holds (or confirmations) sent in one call at most (DB_BATCH_SIZE). */
  size: number;
  /** Calls of each kind running side by side (DB_BATCH_CONCURRENCY); each takes one pooled connection. */
  concurrency: number;
}

export const DEFAULT_BATCH_SETTINGS: BatchSettings = { size: 32, concurrency: 2 };

/**
 * Citizens' holds and confirmations sent to the database in batches (hold_places and
 * confirm_holds, migration 0014): the calls that arrive together share one round trip and one
 * transaction. Each element runs as it would alone and fails alone, with the error the single
 * call raises (so `claiming` turns it into slot_full, already_booked… as before). Only calls
 * that are a transaction of their own go here — a citizen's confirmation with an
 * Idempotency-Key too, its key kept in the batch's transaction; a call inside the caller's
 * transaction (a move, a reception booking, a lapsed hold claimed again) runs in that transaction.
 */
export interface ClaimBatches {
  hold(call: HoldCall): Promise<HoldResult>;
  confirm(call: ConfirmCall): Promise<ConfirmResult>;
  readonly stats: { hold: Batcher<HoldCall, HoldResult>['stats']; confirm: Batcher<ConfirmCall, ConfirmResult>['stats'] };
  /** Calls `fn` after each batch of holds or confirmations (sizes, waits, time: /metrics); returns the function that stops it. */
  observe(fn: (kind: 'hold' | 'confirm', batch: BatchObservation) => void): () => void;
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
  db: Queryable, sql: string, calls: C[], order: (a: C, b: C) => number, element: (call: C) => unknown, value: (row: Row) => R,
): Promise<Settled<R>[]> {
  const sorted = calls.map((call, k) => ({ call, k })).sort((a, b) => order(a.call, b.call));
  const r = await db.query<Row>(sql, [JSON.stringify(sorted.map((s) => element(s.call)))]);
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

/** The confirmations of one batch; with keys, in a transaction that also keeps their responses. */
async function confirmBatch(db: Db, calls: ConfirmCall[]): Promise<Settled<ConfirmResult>[]> {
  const run = (q: Queryable) =>
    runBatch<ConfirmCall, ConfirmResult, ErrorColumns & { outcome: string; booking: Record<string, unknown> | null }>(
      q,
      'SELECT i, outcome, booking, err_state, err_constraint, err_detail, err_message FROM confirm_holds($1)',
      calls, byId,
      ({ idempotency, ...call }) => (idempotency ? { ...call, idem: idempotency.claim } : call),
      (row) => ({ outcome: confirmOutcome(row.outcome), booking: row.booking }),
    );
  if (!calls.some((c) => c.idempotency)) return run(db); // one statement, its own transaction
  return db.transaction(async (tx) => {
    const results = await run(tx);
    const kept = { scope: [] as string[], keyHash: [] as string[], status: [] as number[], sealed: [] as string[] };
    for (const [k, call] of calls.entries()) {
      const r = results[k]!;
      if (!call.idempotency || !r.ok || r.value.outcome !== 'booked') continue;
      const { status, sealedHex } = await call.idempotency.respond(tx, r.value.booking!);
      kept.scope.push(call.idempotency.claim.scope);
      kept.keyHash.push(call.idempotency.claim.keyHash);
      kept.status.push(status);
      kept.sealed.push(sealedHex);
    }
    if (kept.scope.length) {
      // Each key by its primary key (migration 0043): a join would scan the growing table.
      await tx.query('SELECT keep_idempotent_responses($1, $2, $3, $4)', [kept.scope, kept.keyHash, kept.status, kept.sealed]);
    }
    return results;
  });
}

export function claimBatches(db: Db, settings: BatchSettings = DEFAULT_BATCH_SETTINGS): ClaimBatches {
  const options = { maxSize: settings.size, concurrency: settings.concurrency };
  const holds = new Batcher<HoldCall, HoldResult>((calls) =>
    runBatch<HoldCall, HoldResult, ErrorColumns & { id: string | null; code: string | null; stale: boolean | null }>(
      db,
      'SELECT i, booking_id AS id, booking_code AS code, stale, err_state, err_constraint, err_detail, err_message FROM hold_places($1)',
      calls, byPlace, (call) => call, (row) => ({ id: row.id, code: row.code, stale: row.stale === true }),
    ), options);
  const confirms = new Batcher<ConfirmCall, ConfirmResult>((calls) => confirmBatch(db, calls), options);
  return {
    hold: (call) => retrying(() => holds.call(call)),
    confirm: (call) => retrying(() => confirms.call(call)),
    stats: { hold: holds.stats, confirm: confirms.stats },
    observe(fn) {
      const stops = [holds.observe((b) => fn('hold', b)), confirms.observe((b) => fn('confirm', b))];
      return () => stops.forEach((stop) => stop());
    },
  };
}
