import { randomUUID } from 'node:crypto';
import { pgConstraint, pgErrorCode, type Queryable } from '../storage/db.js';
import { makePin, makeWaitlistCode, readWaitlistCode } from '../domain/booking/booking-code.js';
import { checkTaxCode, taxCodeKey } from '../domain/person/tax-code.js';
import type { Channel } from '../domain/catalog/types.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { checkPerson, type PersonInput } from './check-person.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { firstAvailable } from './get-availability.js';
import { claiming, lockBookingById, setActor } from './booking.repository.js';
import { presentBooking } from './present-booking.js';
import { bookableDesk } from './resolve-slot.js';
import { hashPin, hashToken, tokenMatches, waitlistToken } from './secrets.js';
import type { NewBooking } from './book-place.js';
import type { z } from 'zod';
import type { waitlistJoinResponse, waitlistStatusResponse } from './routes.schema.js';

export interface JoinInput extends PersonInput {
  deskId: string;
  channel: Channel;
  priority?: boolean | undefined;
}

export type WaitlistStatus = z.output<typeof waitlistStatusResponse>;

export type JoinedWaitlist = z.output<typeof waitlistJoinResponse>;

/**
 * Joins a desk's waiting list — only when the desk has no free place in its whole horizon
 * (otherwise the citizen is sent back to the slots). Places freed later are offered in order.
 * The entry gets a code (`LA-…`, found again with the tax code) and a link token derived from
 * the server secret (so that the messages can carry the link); a confirmation with both is
 * queued in the same transaction, on every channel that carries it and has a contact.
 */
export async function joinWaitlist(deps: BookingDeps, input: JoinInput, tx?: Queryable): Promise<JoinedWaitlist> {
  const run = async (q: Queryable) => {
    const calendar = await bookableDesk(deps, input.deskId, input.channel, q);
    const person = checkPerson(input, calendar.topics);
    if (await firstAvailable(deps, { deskId: input.deskId, channel: input.channel, priority: input.priority }, q)) throw bookingErrors.placesAvailable();
    const id = randomUUID();
    const token = waitlistToken(deps.secret, id);
    let code = '';
    for (let attempt = 0; ; attempt++) {
      code = makeWaitlistCode(deps.random);
      await q.query('SAVEPOINT waitlist_code');
      try {
        await claimingEntry(() => q.query(
          `INSERT INTO waitlist_entry (id, code, desk_id, token_hash, tax_code, full_name, phone, email, topic, notes, channel, language, priority, consent_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [id, code, input.deskId, hashToken(token), person.taxCode, person.fullName, person.phone, person.email, person.topic, person.notes,
            input.channel, person.language, input.priority ?? false, new Date(deps.now())],
        ));
        await q.query('RELEASE SAVEPOINT waitlist_code');
        break;
      } catch (err) {
        await q.query('ROLLBACK TO SAVEPOINT waitlist_code');
        if (attempt < 4 && pgErrorCode(err) === '23505' && pgConstraint(err) === 'waitlist_entry_code_key') continue;
        throw err;
      }
    }
    const queued = await q.query<{ channel: 'email' | 'sms' | 'appio' }>(
      `INSERT INTO notification_job (event_key, kind, channel, waitlist_entry_id, starts_at, run_after, expires_at)
       SELECT 'waitlist_joined:' || w.id, 'waitlist_joined', c.channel, w.id, w.created_at, $2, $2::timestamptz + interval '7 days'
         FROM waitlist_entry w, notification_channel c
        WHERE w.id = $1 AND c.enabled AND 'waitlist_joined' = ANY (c.kinds)
          AND CASE c.channel WHEN 'email' THEN w.email IS NOT NULL WHEN 'sms' THEN w.phone IS NOT NULL ELSE w.tax_code ~ '^[A-Z]{6}' END
       ON CONFLICT (event_key, channel) DO NOTHING
       RETURNING channel`,
      [id, new Date(deps.now())],
    );
    return { entryId: id, token, code, position: await positionOf(q, id), confirmation: queued.rows.map((r) => r.channel).sort() };
  };
  return tx ? run(tx) : deps.db.transaction(run);
}

/**
 * "Gestisci una prenotazione" with a waiting-list code: the entry of this code and tax code,
 * with its page's link (the same token as in the messages). A wrong tax code answers like an
 * unknown code.
 */
export async function findWaitlistEntry(deps: BookingDeps, input: { code: string; taxCode: string }): Promise<WaitlistStatus & { entryId: string; token: string; code: string }> {
  const code = readWaitlistCode(input.code);
  const tax = checkTaxCode(input.taxCode);
  if (!code || !tax.ok) throw bookingErrors.offerNotFound();
  const r = await deps.db.query<{ id: string; taxCode: string }>('SELECT id, tax_code AS "taxCode" FROM waitlist_entry WHERE code = $1', [code]);
  const row = r.rows[0];
  if (!row || taxCodeKey(row.taxCode) !== taxCodeKey(tax.value)) throw bookingErrors.offerNotFound();
  const token = waitlistToken(deps.secret, row.id);
  return { ...(await waitlistStatus(deps, { entryId: row.id, token })), entryId: row.id, token, code };
}

async function claimingEntry<T>(insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (err) {
    if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'waitlist_one_per_person') throw bookingErrors.alreadyWaiting();
    throw err;
  }
}

async function positionOf(q: Queryable, id: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM waitlist_entry w, waitlist_entry me
      WHERE me.id = $1 AND w.desk_id = me.desk_id AND w.status = 'waiting' AND (w.created_at, w.id) <= (me.created_at, me.id)`,
    [id],
  );
  return r.rows[0]!.n;
}

async function entryWithToken(q: Queryable, id: string, token: string, lock: boolean) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw bookingErrors.offerNotFound();
  const r = await q.query<{ id: string; code: string | null; status: WaitlistStatus['status']; tokenHash: string; offeredBookingId: string | null; deskId: string }>(
    `SELECT id, code, status, token_hash AS "tokenHash", offered_booking_id AS "offeredBookingId", desk_id AS "deskId"
       FROM waitlist_entry WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  const entry = r.rows[0];
  if (!entry || !tokenMatches(token, entry.tokenHash)) throw bookingErrors.offerNotFound();
  return entry;
}

export async function waitlistStatus(deps: BookingDeps, input: { entryId: string; token: string }): Promise<WaitlistStatus> {
  const entry = await entryWithToken(deps.db, input.entryId, input.token, false);
  const out: WaitlistStatus = { status: entry.status, code: entry.code, position: entry.status === 'waiting' ? await positionOf(deps.db, entry.id) : null };
  if (entry.status === 'offered' && entry.offeredBookingId) {
    const hold = await deps.db.query<{ startsAt: Date; endsAt: Date; expires: Date; status: string }>(
      'SELECT starts_at AS "startsAt", ends_at AS "endsAt", hold_expires_at AS expires, status FROM booking WHERE id = $1',
      [entry.offeredBookingId],
    );
    const h = hold.rows[0];
    if (h && h.status === 'held' && new Date(h.expires).getTime() > deps.now()) {
      out.offer = {
        start: toIsoWithOffset(new Date(h.startsAt).getTime()),
        end: toIsoWithOffset(new Date(h.endsAt).getTime()),
        expiresAt: toIsoWithOffset(new Date(h.expires).getTime()),
      };
    } else {
      out.status = 'expired';
    }
  }
  return out;
}

/** Accepts the place offered: the hold becomes a booking with the data given when joining. */
export async function acceptOffer(deps: BookingDeps, input: { entryId: string; token: string }): Promise<NewBooking> {
  return deps.db.transaction(async (tx) => {
    await setActor(tx, 'citizen');
    const entry = await entryWithToken(tx, input.entryId, input.token, true);
    if (entry.status === 'waiting') throw bookingErrors.noOffer();
    if (entry.status !== 'offered' || !entry.offeredBookingId) throw bookingErrors.offerExpired();
    const hold = await lockBookingById(tx, entry.offeredBookingId);
    if (!hold || hold.status !== 'held' || new Date(hold.holdExpiresAt!).getTime() <= deps.now()) throw bookingErrors.offerExpired();
    const pin = makePin(deps.random);
    await claiming(() =>
      tx.query(
        `UPDATE booking b SET status = 'booked', hold_expires_at = NULL, pin_hash = $2, tax_code = w.tax_code,
                full_name = w.full_name, phone = w.phone, email = w.email, topic = w.topic, notes = w.notes,
                channel = CASE WHEN w.channel = ANY(d.channels) THEN w.channel ELSE b.channel END,
                language = w.language, consent_at = w.consent_at, priority = w.priority, booked_at = $3, updated_at = now()
           FROM waitlist_entry w, desk d
          WHERE b.id = $1 AND w.id = b.waitlist_entry_id AND d.id = b.desk_id`,
        [hold.id, hashPin(deps.secret, pin), new Date(deps.now())],
      ),
    );
    await tx.query("UPDATE waitlist_entry SET status = 'booked', updated_at = now() WHERE id = $1", [entry.id]);
    return { booking: await presentBooking(tx, (await lockBookingById(tx, hold.id))!), pin };
  });
}

/** Leaves the waiting list; a place on offer is released (and offered to the next in line by the sweeper). */
export async function leaveWaitlist(deps: BookingDeps, input: { entryId: string; token: string }): Promise<WaitlistStatus> {
  return deps.db.transaction(async (tx) => {
    await setActor(tx, 'citizen');
    const entry = await entryWithToken(tx, input.entryId, input.token, true);
    if (entry.status === 'offered' && entry.offeredBookingId) {
      const freed = await tx.query<{ deskId: string }>(
        "UPDATE booking SET status = 'expired', updated_at = now() WHERE id = $1 AND status = 'held' RETURNING desk_id AS \"deskId\"",
        [entry.offeredBookingId],
      );
      for (const r of freed.rows) deps.availability.touch(r.deskId);
    }
    if (entry.status === 'waiting' || entry.status === 'offered') {
      await tx.query("UPDATE waitlist_entry SET status = 'left', updated_at = now() WHERE id = $1", [entry.id]);
      return { status: 'left' as const, code: entry.code, position: null };
    }
    return { status: entry.status, code: entry.code, position: null };
  });
}

