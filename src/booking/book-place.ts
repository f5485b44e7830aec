import type { Queryable } from '../storage/db.js';
import { checkIdempotencyKey, idempotencyClaim, idempotent, sealedResponseHex, type StoredResponse } from '../platform/idempotency.js';
import { makePin } from '../domain/booking/booking-code.js';
import type { Channel } from '../domain/catalog/types.js';
import { confirmOutcome, type ConfirmCall, type ConfirmResult } from './claim-batches.js';
import { claimPlace } from './claim-place.js';
import { checkedTaxCode, checkPerson, type PersonInput } from './check-person.js';
import { AppError } from '../domain/errors.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { bookingRowFromJson, claiming, lockBookingById, lockBookingByIdAs, type BookingRow } from './booking.repository.js';
import { presentBooking } from './present-booking.js';
import { bookableDesk, resolveSlot } from './resolve-slot.js';
import { hashPin, hashToken, tokenMatches } from './secrets.js';
import type { z } from 'zod';
import type { newBookingResponse } from './routes.schema.js';

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
  /** A patronato's booking for its client: takes the patronato share (the mandate is the caller's, same transaction). */
  patronatoId?: string | undefined;
}

export type NewBooking = z.output<typeof newBookingResponse>;

/** Books a place: confirms a hold with the citizen's data, or claims a slot directly. */
export async function bookPlace(deps: BookingDeps, input: BookInput, tx?: Queryable): Promise<NewBooking> {
  const pin = makePin(deps.random);
  const pinHash = hashPin(deps.secret, pin);
  let row: BookingRow;
  if (!input.hold) row = tx ? await claimDirect(tx, deps, input, pinHash) : await deps.db.transaction((q) => claimDirect(q, deps, input, pinHash));
  else {
    // The usual case is one statement (its own transaction, or the caller's); a lapsed hold takes the longer way.
    row = (await confirmHeldPlace(tx ?? deps.db, deps, input, pinHash))
      ?? await refusedLapsedHold(deps, input, () => (tx ? reclaimLapsedHold(tx, deps, input, pinHash) : deps.db.transaction((q) => reclaimLapsedHold(q, deps, input, pinHash))));
  }
  return { booking: await presentBooking(tx ?? deps.db, row), pin };
}

/**
 * A lapsed hold claimed again (claim_place) refused for the person or the contact: the same
 * answer and the same effects as confirm_hold gives a live hold (migration 0016) — the
 * existing booking's details to its own contact, the refusal recorded — written after the
 * refused transaction, on their own. Staff claims keep the masked code (claimDirect).
 */
async function refusedLapsedHold(deps: BookingDeps, input: BookInput, run: () => Promise<BookingRow>): Promise<BookingRow> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const now = new Date(deps.now());
    if (err.code === 'already_booked') {
      await deps.db.query('SELECT notify_existing_booking(h.desk_id, tax_code_key($2), $3) FROM booking h WHERE h.id = $1', [input.hold!.id, checkedTaxCode(input.taxCode), now]);
      throw bookingErrors.alreadyBookedHere();
    }
    if (err.code === 'contact_limit') {
      const person = checkPerson(input, []);
      await deps.db.query('SELECT contact_limit_record($2, $3, $4, h.desk_id) FROM booking h WHERE h.id = $1', [input.hold!.id, err.extra.contactKind, person.phone, person.email]);
    }
    throw err;
  }
}

/**
 * POST /bookings with an Idempotency-Key. A live hold's confirmation goes in a batch with the
 * others arriving together, its key and answer kept in the batch's transaction (claim-batches.ts);
 * a retry, a lapsed hold or a direct claim takes the ordinary path (`idempotent`), which replays
 * the answer kept for the key or books in a transaction of its own.
 */
export async function bookOnce(
  deps: BookingDeps, input: BookInput, key: string, scope: string, request: unknown,
): Promise<StoredResponse<NewBooking> & { replayed: boolean }> {
  checkIdempotencyKey(key);
  if (input.hold) {
    const pin = makePin(deps.random);
    let answer: NewBooking | undefined;
    const row = await confirmHeldPlace(deps.db, deps, input, hashPin(deps.secret, pin), {
      claim: idempotencyClaim(scope, key, request),
      async respond(tx, booking) {
        answer = { booking: await presentBooking(tx, bookingRowFromJson(booking)), pin };
        return { status: 201, sealedHex: sealedResponseHex(deps.secret, key, answer) };
      },
    });
    if (row && answer) return { status: 201, body: answer, replayed: false };
  }
  return idempotent(deps.db, deps.secret, scope, key, request, async (tx) => ({ status: 201, body: await bookPlace(deps, input, tx) }));
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
    ...(input.patronatoId ? { patronatoId: input.patronatoId } : {}),
  }, input.actor);
  return (await lockBookingById(tx, claim.id))!;
}

/**
 * Confirms a live hold in one call to the database (`confirm_hold`, migration 0011; batched with
 * other confirmations when it is a transaction of its own, see claim-batches.ts), which
 * checks the token, the desk (active, channel, topic) and writes the booking. Null when the
 * hold has lapsed: the caller then tries to claim its place again (reclaimLapsedHold).
 */
async function confirmHeldPlace(
  q: Queryable, deps: BookingDeps, input: BookInput, pinHash: string, idempotency?: ConfirmCall['idempotency'],
): Promise<BookingRow | null> {
  if (idempotency && q !== deps.db) throw new Error('confirmHeldPlace: a batched key cannot join the caller\'s transaction');
  const person = checkPerson(input, []); // the topic is checked by the database, against the hold's desk
  const now = new Date(deps.now());
  const fields = {
    pin_hash: pinHash, tax_code: person.taxCode, full_name: person.fullName, phone: person.phone, email: person.email,
    topic: person.topic, notes: person.notes, channel: input.channel, language: person.language, consent_at: now,
    priority: input.priority ?? null, source: input.source, created_by: input.staffId ?? null, booked_at: now,
  };
  const call: ConfirmCall = {
    id: input.hold!.id, tokenHash: hashToken(input.hold!.token), actor: input.actor, now, booking: fields, ...(idempotency ? { idempotency } : {}),
  };
  const { outcome, booking } = await claiming(async () => {
    // A confirmation of its own goes with the others arriving together (confirm_holds, migration 0014).
    if (q === deps.db) return deps.claims.confirm(call);
    const r = await q.query<{ outcome: string; booking: ConfirmResult['booking'] }>('SELECT outcome, booking FROM confirm_hold($1, $2, $3, $4, $5)', [call.id, call.tokenHash, call.actor, call.now, JSON.stringify(fields)]);
    return { outcome: confirmOutcome(r.rows[0]!.outcome), booking: r.rows[0]!.booking };
  });
  switch (outcome) {
    case 'booked': {
      const row = bookingRowFromJson(booking!);
      deps.live.confirmed(row.deskId, row.startsAt);
      return row;
    }
    case 'lapsed':
    case 'replay': // the key is known already (only with `idempotency`): the caller replays its answer
      return null;
    case 'already_booked': // the hold is released and the existing booking's details sent to its own contact
      throw bookingErrors.alreadyBookedHere();
    case 'contact_limit': // the hold is released and the refusal recorded for the URP
      throw bookingErrors.contactLimit(Number(booking?.max) || 0).with({ contactKind: booking?.contactKind });
    case 'desk_inactive':
      throw bookingErrors.deskInactive();
    case 'channel_not_offered':
      throw bookingErrors.channelNotOffered();
    case 'unknown_topic':
      throw bookingErrors.unknownTopic();
    case 'hold_not_found':
      throw bookingErrors.holdNotFound();
    default: {
      const unhandled: never = outcome;
      throw new Error(`unhandled confirmation outcome ${String(unhandled)}`);
    }
  }
}

/**
 * The hold ran out while the form was being filled. If the place is still free the citizen
 * gets it all the same; if someone else took it, they are told so (hold_expired).
 */
async function reclaimLapsedHold(tx: Queryable, deps: BookingDeps, input: BookInput, pinHash: string): Promise<BookingRow> {
  const hold = await lockBookingByIdAs(tx, input.hold!.id, input.actor);
  if (!hold || !tokenMatches(input.hold!.token, hold.holdTokenHash)) throw bookingErrors.holdNotFound();
  const calendar = await bookableDesk(deps, hold.deskId, input.channel, tx);
  const person = checkPerson(input, calendar.topics);
  const lapsed = hold.status === 'expired' || (hold.status === 'held' && new Date(hold.holdExpiresAt!).getTime() <= deps.now());
  if (!lapsed) throw bookingErrors.holdNotFound();
  // The lapsed hold is spent either way: its token cannot be used twice.
  await tx.query("UPDATE booking SET status = 'expired', hold_token_hash = NULL, updated_at = now() WHERE id = $1", [hold.id]);
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
