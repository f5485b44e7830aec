import type { Queryable } from '../storage/db.js';
import { makePin } from '../domain/booking/booking-code.js';
import type { Channel } from '../domain/catalog/types.js';
import { claimPlace } from './claim-place.js';
import { checkPerson, type PersonInput } from './check-person.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { BOOKING_COLUMNS, claiming, lockBookingById, lockBookingByIdAs, type BookingRow } from './booking.repository.js';
import { presentBooking, type BookingView } from './present-booking.js';
import { bookableDesk, resolveSlot } from './resolve-slot.js';
import { hashPin, tokenMatches } from './secrets.js';

export type BookingSource = 'web' | 'reception' | 'patronato' | 'staff';

export interface BookInput extends PersonInput {
  /** Confirm a place held by the web flow… */
  hold?: { id: string; token: string } | undefined;
  /** …or claim a place directly (reception, staff). */
  deskId?: string | undefined;
  startMs?: number | undefined;
  channel: Channel;
  priority?: boolean | undefined;
  source: BookingSource;
  /** `citizen`, or `staff:<id>` — written to the booking's history. */
  actor: string;
  staffId?: string | null;
}

export interface NewBooking {
  booking: BookingView;
  /** Shown once, to be read out at the call; only its hash is stored. */
  pin: string;
}

/** Books a place: confirms a hold with the citizen's data, or claims a slot directly. */
export async function bookPlace(deps: BookingDeps, input: BookInput, tx?: Queryable): Promise<NewBooking> {
  const run = async (q: Queryable): Promise<NewBooking> => {
    const pin = makePin(deps.random);
    const pinHash = hashPin(deps.secret, pin);
    const row = input.hold ? await confirmHold(q, deps, input, pinHash) : await claimDirect(q, deps, input, pinHash);
    return { booking: await presentBooking(q, row), pin };
  };
  return tx ? run(tx) : deps.db.transaction(run);
}

async function claimDirect(tx: Queryable, deps: BookingDeps, input: BookInput, pinHash: string): Promise<BookingRow> {
  if (!input.deskId || input.startMs === undefined) throw bookingErrors.notASlot();
  const calendar = await bookableDesk(deps, input.deskId, input.channel, tx);
  const person = checkPerson(input, calendar.topics);
  const resolved = resolveSlot(deps, calendar, input.startMs);
  const claim = await claimPlace(tx, deps, resolved, {
    status: 'booked',
    person,
    pinHash,
    channel: input.channel,
    priority: input.priority ?? false,
    source: input.source,
    createdBy: input.staffId ?? null,
  }, input.actor);
  return (await lockBookingById(tx, claim.id))!;
}

async function confirmHold(tx: Queryable, deps: BookingDeps, input: BookInput, pinHash: string): Promise<BookingRow> {
  const hold = await lockBookingByIdAs(tx, input.hold!.id, input.actor);
  if (!hold || !tokenMatches(input.hold!.token, hold.holdTokenHash)) throw bookingErrors.holdNotFound();
  const calendar = await bookableDesk(deps, hold.deskId, input.channel, tx);
  const person = checkPerson(input, calendar.topics);
  const lapsed = hold.status === 'expired' || (hold.status === 'held' && new Date(hold.holdExpiresAt!).getTime() <= deps.now());
  if (lapsed) return reclaimLapsedHold(tx, deps, hold, input, person, pinHash);
  if (hold.status !== 'held') throw bookingErrors.holdNotFound();
  const updated = await claiming(() =>
    tx.query<BookingRow>(
      `UPDATE booking b SET status = 'booked', hold_expires_at = NULL, hold_token_hash = NULL, pin_hash = $2,
              tax_code = $3, full_name = $4, phone = $5, email = $6, topic = $7, notes = $8, channel = $9,
              language = $10, consent_at = $11, priority = $12, source = $13, created_by = $14, booked_at = $11, updated_at = now()
        WHERE b.id = $1
        RETURNING ${BOOKING_COLUMNS}`,
      [hold.id, pinHash, person.taxCode, person.fullName, person.phone, person.email, person.topic, person.notes,
        input.channel, person.language, new Date(deps.now()), input.priority ?? hold.priority, input.source, input.staffId ?? null],
    ),
  );
  return updated.rows[0]!;
}

/**
 * The hold ran out while the form was being filled. If the place is still free the citizen
 * gets it all the same; if someone else took it, they are told so (hold_expired).
 */
async function reclaimLapsedHold(
  tx: Queryable, deps: BookingDeps, hold: BookingRow, input: BookInput, person: ReturnType<typeof checkPerson>, pinHash: string,
): Promise<BookingRow> {
  // The lapsed hold is spent either way: its token cannot be used twice.
  await tx.query("UPDATE booking SET status = 'expired', hold_token_hash = NULL, updated_at = now() WHERE id = $1", [hold.id]);
  const calendar = await bookableDesk(deps, hold.deskId, input.channel, tx);
  try {
    const resolved = resolveSlot(deps, calendar, new Date(hold.startsAt).getTime());
    const claim = await claimPlace(tx, deps, resolved, {
      status: 'booked', person, pinHash, channel: input.channel, priority: input.priority ?? hold.priority,
      source: input.source, createdBy: input.staffId ?? null,
    });
    return (await lockBookingById(tx, claim.id))!;
  } catch (err) {
    if (err instanceof Error && 'code' in err && (err as { code: string }).code === 'slot_full') throw bookingErrors.holdExpired();
    throw err;
  }
}

