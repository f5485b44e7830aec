import type { Queryable } from '../storage/db.js';
import { makeBookingCode } from '../domain/booking/booking-code.js';
import type { BookingDeps } from './deps.js';
import type { Person } from './check-person.js';
import { bookingErrors } from './errors.js';
import { claiming } from './booking.repository.js';
import type { HoldCall, HoldGuard, HoldResult } from './claim-batches.js';
import { loadDeskCalendar } from './desk-calendar.js';
import { resolveSlot, type ResolvedSlot } from './resolve-slot.js';

export interface ClaimFields {
  status: 'held' | 'booked';
  holdExpiresAtMs?: number;
  holdTokenHash?: string;
  person?: Person;
  pinHash?: string;
  channel: 'phone' | 'video';
  priority: boolean;
  source: 'web' | 'reception' | 'patronato' | 'staff';
  createdBy?: string | null;
  waitlistEntryId?: string | null;
  /** A patronato's booking (source 'patronato'): takes the patronato share of the slot (migration 0020). */
  patronatoId?: string | null;
  /**
   * A citizen's hold in a transaction of its own (`q` is then not used): sent in a batch with
   * the others arriving together (`hold_places`, migration 0014), committed without waiting for
   * the WAL flush (`hold_place`, migration 0013, which refuses anything else).
   */
  asyncCommit?: boolean;
  /** With asyncCommit: the live-hold limits and the challenge of an anonymous citizen's hold (migration 0015). */
  guard?: HoldGuard;
}

/** Candidate booking codes sent with each claim; the database keeps the first one free. */
const CODE_CANDIDATES = 4;
/** A calendar changing under the same claim more often than this is refused as a conflict. */
const MAX_CALENDAR_RETRIES = 3;

/**
 * Takes one place of a slot, in one call to the database (`claim_place`, migration 0011):
 * under the desk's calendar lock, the slot row is created or brought up to date, its lapsed
 * holds are expired, and the booking row is inserted. The database refuses the insert when
 * no place is left (slot_full) or the person already has a booking at this desk
 * (already_booked): nothing else decides. When the desk's calendar changed since the slot was
 * computed, the calendar is read again through `q` and the slot checked again.
 *
 * `q` is the caller's transaction, or the database itself: the call is then its own
 * transaction, and `actor` (who acts, for the history) is set inside it.
 */
export async function claimPlace(
  q: Queryable, deps: BookingDeps, asResolved: ResolvedSlot, f: ClaimFields, actor?: string,
): Promise<{ id: string; code: string }> {
  const p = f.person;
  const row = {
    status: f.status,
    hold_expires_at: f.holdExpiresAtMs ? new Date(f.holdExpiresAtMs) : null,
    hold_token_hash: f.holdTokenHash ?? null,
    pin_hash: f.pinHash ?? null,
    tax_code: p?.taxCode ?? null,
    full_name: p?.fullName ?? null,
    phone: p?.phone ?? null,
    email: p?.email ?? null,
    topic: p?.topic ?? null,
    notes: p?.notes ?? null,
    channel: f.channel,
    language: p?.language ?? 'it',
    consent_at: p ? new Date(deps.now()) : null,
    priority: f.priority,
    source: f.source,
    created_by: f.createdBy ?? null,
    waitlist_entry_id: f.waitlistEntryId ?? null,
    booked_at: f.status === 'booked' ? new Date(deps.now()) : null,
  };
  if (f.guard && !f.asyncCommit) throw new Error('claimPlace: a guarded hold is a citizen\'s hold of its own (asyncCommit)');
  if (f.asyncCommit && q !== deps.db) throw new Error('claimPlace: a hold committed on its own cannot join the caller\'s transaction');
  if (f.patronatoId && (f.asyncCommit || q === deps.db)) throw new Error('claimPlace: a patronato\'s booking is claimed in the caller\'s transaction');
  // booking.patronato_id is written from this transaction-local setting (its default, migration 0020).
  if (f.patronatoId) await q.query("SELECT set_config('sportello.patronato', $1, true)", [f.patronatoId]);
  const claimed = await claimOnce(q, deps, asResolved, f, row, actor);
  // Nothing else in this transaction is the patronato's (a refusal aborts the transaction anyway).
  if (f.patronatoId) await q.query("SELECT set_config('sportello.patronato', '', true)");
  return claimed;
}

async function claimOnce(
  q: Queryable, deps: BookingDeps, asResolved: ResolvedSlot, f: ClaimFields, row: Record<string, unknown>, actor?: string,
): Promise<{ id: string; code: string }> {
  return onCurrentCalendar(q, deps, asResolved, async ({ calendar, slot, reserved, reservedUntilMs }) => {
    const call: HoldCall = {
      desk: calendar.deskId, version: calendar.version, starts: new Date(slot.startMs), ends: new Date(slot.endMs),
      capacity: slot.places, reserved, reservedUntil: new Date(reservedUntilMs), now: new Date(deps.now()),
      actor: actor ?? null, codes: Array.from({ length: CODE_CANDIDATES }, () => makeBookingCode(calendar.officeCode, calendar.deskNumber, deps.random)),
      booking: row,
      ...(f.guard ? { guard: f.guard } : {}),
    };
    const claimed = await claiming(async () => {
      // A citizen's hold of its own goes with the others arriving together (hold_places, migration 0014).
      if (f.asyncCommit) return deps.claims.hold(call);
      const r = await q.query<HoldResult>(
        `SELECT booking_id AS id, booking_code AS code, stale
           FROM claim_place($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [call.desk, call.version, call.starts, call.ends, call.capacity, call.reserved, call.reservedUntil, call.now, call.actor, call.codes, JSON.stringify(row)],
      );
      return r.rows[0];
    });
    if (!claimed || claimed.stale) return STALE;
    if (claimed.id && claimed.code) {
      deps.availability.touch(calendar.deskId); // a place taken: this desk's answers are computed again
      return { id: claimed.id, code: claimed.code };
    }
    // No place left, seen before anything was locked or written (see migration 0011).
    throw bookingErrors.slotFull();
  });
}

/** What a claim answers when the desk's calendar changed since the slot was computed. */
export const STALE = Symbol('stale calendar');

/**
 * Runs a claim (`claim_place`, `move_place`: migration 0041) on the slot as the desk's calendar
 * has it now: when the claim answers STALE (the calendar changed since it was read), the
 * calendar is read again — through `q`, not from the cache, which a load started before the
 * change may still fill — the slot checked against it (it may be gone: slot_closed…), and the
 * claim tried again, at most MAX_CALENDAR_RETRIES times (then calendar_changing).
 */
export async function onCurrentCalendar<T>(
  q: Queryable, deps: BookingDeps, asResolved: ResolvedSlot, claim: (resolved: ResolvedSlot) => Promise<T | typeof STALE>,
): Promise<T> {
  let resolved = asResolved;
  for (let attempt = 0; attempt <= MAX_CALENDAR_RETRIES; attempt++) {
    const done = await claim(resolved);
    if (done !== STALE) return done;
    const deskId = resolved.calendar.deskId;
    deps.calendars.invalidate(deskId);
    const fresh = await loadDeskCalendar(q, deskId);
    if (!fresh) throw bookingErrors.deskNotFound();
    if (!fresh.active) throw bookingErrors.deskInactive();
    resolved = resolveSlot(deps, fresh, resolved.slot.startMs);
  }
  throw bookingErrors.calendarChanging();
}
