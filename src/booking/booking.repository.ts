import type { Queryable } from '../storage/db.js';
import { pgConstraint, pgErrorCode } from '../storage/db.js';
import type { SlotUsage } from '../domain/booking/availability.js';
import type { Slot } from '../domain/schedule/types.js';
import { readBookingCode } from '../domain/booking/booking-code.js';
import { bookingErrors } from './errors.js';

/** A booking row as the use cases see it (personal data included: callers decide what to show). */
export interface BookingRow {
  id: string;
  deskId: string;
  startsAt: Date;
  endsAt: Date;
  status: 'held' | 'booked' | 'cancelled' | 'expired';
  code: string;
  holdExpiresAt: Date | null;
  holdTokenHash: string | null;
  pinHash: string | null;
  pinFailures: number;
  taxCode: string | null;
  fullName: string | null;
  phone: string | null;
  email: string | null;
  topic: string | null;
  notes: string | null;
  channel: 'phone' | 'video';
  language: 'it' | 'en';
  priority: boolean;
  source: 'web' | 'reception' | 'patronato' | 'staff';
  waitlistEntryId: string | null;
  /** The patronato that booked for its client (migration 0020). */
  patronatoId: string | null;
  /** The municipal station the citizen comes to (migration 0034), else null. */
  stationId: string | null;
  createdAt: Date;
  bookedAt: Date | null;
  cancelledAt: Date | null;
}

export const BOOKING_COLUMNS = `b.id, b.desk_id AS "deskId", b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.status, b.code,
  b.hold_expires_at AS "holdExpiresAt", b.hold_token_hash AS "holdTokenHash", b.pin_hash AS "pinHash",
  b.pin_failures AS "pinFailures", b.tax_code AS "taxCode", b.full_name AS "fullName", b.phone, b.email, b.topic,
  b.notes, b.channel, b.language, b.priority, b.source, b.waitlist_entry_id AS "waitlistEntryId",
  b.patronato_id AS "patronatoId", b.station_id AS "stationId", b.created_at AS "createdAt", b.booked_at AS "bookedAt", b.cancelled_at AS "cancelledAt"`;

/** A booking row given as JSON by the database (`to_jsonb(booking)`, snake_case names). */
export function bookingRowFromJson(j: Record<string, unknown>): BookingRow {
  const date = (v: unknown) => (v == null ? null : new Date(v as string));
  return {
    id: j.id as string, deskId: j.desk_id as string, startsAt: date(j.starts_at)!, endsAt: date(j.ends_at)!,
    status: j.status as BookingRow['status'], code: j.code as string, holdExpiresAt: date(j.hold_expires_at),
    holdTokenHash: (j.hold_token_hash as string | null) ?? null, pinHash: (j.pin_hash as string | null) ?? null,
    pinFailures: Number(j.pin_failures ?? 0), taxCode: (j.tax_code as string | null) ?? null,
    fullName: (j.full_name as string | null) ?? null, phone: (j.phone as string | null) ?? null,
    email: (j.email as string | null) ?? null, topic: (j.topic as string | null) ?? null, notes: (j.notes as string | null) ?? null,
    channel: j.channel as BookingRow['channel'], language: j.language as BookingRow['language'], priority: Boolean(j.priority),
    source: j.source as BookingRow['source'], waitlistEntryId: (j.waitlist_entry_id as string | null) ?? null,
    patronatoId: (j.patronato_id as string | null) ?? null, stationId: (j.station_id as string | null) ?? null, createdAt: date(j.created_at)!, bookedAt: date(j.booked_at), cancelledAt: date(j.cancelled_at),
  };
}

/** Records who acts in this transaction, for the history written by the database. */
export async function setActor(tx: Queryable, actor: string, reason?: string): Promise<void> {
  await tx.query("SELECT set_config('sportello.actor', $1, true), set_config('sportello.reason', $2, true)", [actor, reason ?? '']);
}

/**
 * Places taken per slot start (epoch ms) in [fromMs, toMs]: the slot counters, minus holds
 * that have lapsed but were not swept yet — expired holds never count, with or without the sweeper.
 * The lapsed holds are counted per slot by an index probe on the slot's own held rows (LATERAL,
 * starts_at = the slot's): before, as a grouped subquery joined on starts_at, the planner
 * (estimating one row on each side) ran it again for every slot of the range, each run reading
 * all the range's held rows — on a release morning a second per availability read, rising with
 * the square of the slots (bench/RESULTS.md, 2026-12-07).
 */
export async function slotUsage(db: Queryable, deskId: string, fromMs: number, toMs: number, nowMs: number): Promise<Map<number, SlotUsage>> {
  const r = await db.query<{ startsAt: Date; taken: number; takenPriority: number; takenPatronato: number }>(
    `SELECT s.starts_at AS "startsAt",
            s.taken - x.n AS taken,
            s.taken_priority - x.p AS "takenPriority",
            s.taken_patronato - x.q AS "takenPatronato"
       FROM slot s
      CROSS JOIN LATERAL (
         SELECT count(*)::int AS n, count(*) FILTER (WHERE b.priority AND b.patronato_id IS NULL)::int AS p,
                count(*) FILTER (WHERE b.patronato_id IS NOT NULL)::int AS q
           FROM booking b
          WHERE b.desk_id = s.desk_id AND b.starts_at = s.starts_at AND b.status = 'held' AND b.hold_expires_at <= $4
       ) x
      WHERE s.desk_id = $1 AND s.starts_at >= $2 AND s.starts_at <= $3 AND s.taken > 0`,
    [deskId, new Date(fromMs), new Date(toMs), new Date(nowMs)],
  );
  const out = new Map<number, SlotUsage>();
  for (const row of r.rows) out.set(new Date(row.startsAt).getTime(), { taken: row.taken, takenPriority: row.takenPriority, takenPatronato: row.takenPatronato });
  return out;
}

/** The desk's calendar lock, exclusively, for calendar changes (claims take it shared: calendar_current, migration 0041). */
export async function lockCalendarExclusive(tx: Queryable, deskId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('calendar:' || $1::text, 0))", [deskId]);
}

/**
 * Lapsed holds of one slot become 'expired' (which frees their places), with the waiting-list
 * offers they carried (`expire_lapsed_holds`, migration 0041, the claims' own rule). Returns their ids.
 */
export async function expireLapsedHolds(tx: Queryable, deskId: string, startsAt: Date, nowMs: number): Promise<{ id: string; waitlistEntryId: string | null }[]> {
  const r = await tx.query<{ id: string; waitlistEntryId: string | null }>(
    'SELECT id, waitlist_entry_id AS "waitlistEntryId" FROM expire_lapsed_holds($1, $2, $3)',
    [deskId, startsAt, new Date(nowMs)],
  );
  return r.rows;
}

/**
 * Moves a booking to `slot` of its desk in one call (`move_place`, migration 0041): the slot
 * made ready as the calendar has it, then one UPDATE that takes the new place and frees the old
 * one. False when the desk's calendar is no longer `version` (nothing written: read it again);
 * `version` null for a calendar change holding the desk's calendar lock exclusively.
 */
export async function movePlace(
  tx: Queryable, bookingId: string, deskId: string, version: number | null,
  slot: Slot, reserved: number, reservedUntilMs: number, nowMs: number,
): Promise<boolean> {
  const r = await tx.query<{ moved: boolean }>(
    'SELECT move_place($1, $2, $3, $4, $5, $6, $7, $8, $9) AS moved',
    [bookingId, deskId, version, new Date(slot.startMs), new Date(slot.endMs), slot.places, reserved, new Date(reservedUntilMs), new Date(nowMs)],
  );
  return r.rows[0]?.moved === true;
}

export async function lockBookingByCode(tx: Queryable, code: string): Promise<BookingRow | null> {
  const r = await tx.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM booking b WHERE b.code = $1 FOR UPDATE`, [code]);
  return r.rows[0] ?? null;
}

export async function lockBookingById(tx: Queryable, id: string): Promise<BookingRow | null> {
  const r = await tx.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM booking b WHERE b.id = $1 FOR UPDATE`, [id]);
  return r.rows[0] ?? null;
}

/** lockBookingById, recording who acts in this transaction in the same statement (see setActor); no row, no actor. */
export async function lockBookingByIdAs(tx: Queryable, id: string, actor: string): Promise<BookingRow | null> {
  const r = await tx.query<BookingRow>(
    `SELECT ${BOOKING_COLUMNS}, set_config('sportello.actor', $2, true) AS "actor", set_config('sportello.reason', '', true) AS "reason"
       FROM booking b WHERE b.id = $1 FOR UPDATE`,
    [id, actor],
  );
  return r.rows[0] ?? null;
}

export async function findBookingByCode(db: Queryable, code: string): Promise<BookingRow | null> {
  const r = await db.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM booking b WHERE b.code = $1`, [code]);
  return r.rows[0] ?? null;
}

/** The canonical codes a typed code can be (see readBookingCode), read against the office codes that exist. */
export async function typedCodeCandidates(q: Queryable, typed: string): Promise<string[]> {
  const offices = await q.query<{ code: string }>('SELECT code FROM office');
  return readBookingCode(typed, offices.rows.map((o) => o.code));
}

/** The bookings a typed code can name (usually one), locked when asked. */
export async function bookingsByTypedCode(q: Queryable, typed: string, lock: boolean): Promise<BookingRow[]> {
  const codes = await typedCodeCandidates(q, typed);
  if (codes.length === 0) return [];
  const r = await q.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM booking b WHERE b.code = ANY($1::text[]) ORDER BY b.code${lock ? ' FOR UPDATE' : ''}`, [codes]);
  return r.rows;
}

/** `MI01-2-7KQ3X` → `MI01-2-•••3X`. */
export function maskCode(code: string): string {
  return code.replace(/[2-9A-HJKMNP-Z]{3}([2-9A-HJKMNP-Z]{2})$/, '•••$1');
}

/**
 * Runs a statement that claims places and turns the database's refusals into the
 * booking errors people understand: full slot, second booking of the same person.
 */
export async function claiming<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const code = pgErrorCode(err);
    const constraint = pgConstraint(err);
    if (code === '23514' && (constraint === 'slot_capacity' || constraint === 'slot_priority_reserved' || constraint === 'slot_patronato_reserved')) throw bookingErrors.slotFull();
    if (code === '23514' && (constraint === 'hold_limit_address' || constraint === 'hold_limit_session')) {
      const seconds = Number((err as { detail?: string }).detail);
      throw bookingErrors.tooManyHolds(Number.isFinite(seconds) && seconds > 0 ? seconds : 60, constraint === 'hold_limit_address' ? 'address' : 'session');
    }
    // The challenge was used for another hold (a replay, or the same solution sent twice at once).
    if (code === '23505' && constraint === 'hold_challenge_pkey') throw bookingErrors.challengeInvalid();
    if (code === '23505' && constraint === 'booking_one_per_person') {
      const detail = (err as { detail?: string }).detail ?? '';
      throw bookingErrors.alreadyBooked(maskCode(detail));
    }
    if (code === '23514' && constraint === 'booking_contact_limit') {
      const detail = (err as { detail?: string }).detail ?? '';
      throw bookingErrors.contactLimit(Number(detail.split('/')[1]) || 0).with({ contactKind: detail.split('/')[0] });
    }
    throw err;
  }
}
