/** An entry of a desk's waiting list as its holder sees it, and what the waiting-list use cases share. */
import { pgConstraint, pgErrorCode, type Queryable } from '../storage/db.js';
import { bookingErrors } from './errors.js';
import { tokenMatches } from './secrets.js';
import type { z } from 'zod';
import type { waitlistStatusResponse } from './routes.schema.js';

export type WaitlistStatus = z.output<typeof waitlistStatusResponse>;

export async function claimingEntry<T>(insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (err) {
    if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'waitlist_one_per_person') throw bookingErrors.alreadyWaiting();
    throw err;
  }
}

export async function positionOf(q: Queryable, id: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM waitlist_entry w, waitlist_entry me
      WHERE me.id = $1 AND w.desk_id = me.desk_id AND w.status = 'waiting' AND (w.created_at, w.id) <= (me.created_at, me.id)`,
    [id],
  );
  return r.rows[0]!.n;
}

export async function entryWithToken(q: Queryable, id: string, token: string, lock: boolean) {
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
