import type { Queryable } from '../storage/db.js';
import { pgErrorCode } from '../storage/db.js';
import type { BookingDeps } from './deps.js';
import { claimPlace } from './claim-place.js';
import { bookableDesk, resolveSlot } from './resolve-slot.js';
import { lastOfficeMoment, offerDeadline } from '../domain/booking/offer-window.js';


/**
 * A place of a slot was freed (cancellation, move, lapsed hold): before it returns to
 * general availability it is held for the first person on the desk's waiting list, for the
 * desk's offer time counted in the office's hours only (so an offer made at night runs from
 * the next morning, and never lapses at night); it lapses before the booking's minimum
 * notice, at the last office moment before it. Not offered when no office time is left
 * before that (the place goes back to everyone). Runs inside the transaction that freed the place, under a savepoint:
 * if the place cannot be offered (slot too close, priority share…) the freeing still stands.
 */
export async function offerFreedPlace(tx: Queryable, deps: BookingDeps, deskId: string, startsAt: Date): Promise<string | null> {
  const next = await tx.query<{ id: string; channel: 'phone' | 'video'; priority: boolean }>(
    `SELECT id, channel, priority FROM waitlist_entry WHERE desk_id = $1 AND status = 'waiting'
      ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [deskId],
  );
  const entry = next.rows[0];
  if (!entry) return null;
  let resolved;
  try {
    const calendar = await bookableDesk(deps, deskId, undefined, tx);
    resolved = resolveSlot(deps, calendar, startsAt.getTime());
  } catch {
    return null; // the slot can no longer be booked (past, too soon…): nothing to offer
  }
  const { calendar } = resolved;
  const now = deps.now();
  const minNoticeEnd = resolved.slot.startMs - calendar.rules.minNoticeMinutes * 60_000;
  const holidays = calendar.schedule.localHolidays;
  const deadline = offerDeadline(now, calendar.waitlistOfferMinutes, calendar.officeHours, holidays, calendar.timeZone);
  const expiresMs = deadline !== null && deadline <= minNoticeEnd
    ? deadline
    : lastOfficeMoment(minNoticeEnd, now, calendar.officeHours, holidays, calendar.timeZone);
  if (expiresMs === null || expiresMs <= now) return null;
  await tx.query('SAVEPOINT waitlist_offer');
  try {
    const claim = await claimPlace(tx, deps, resolved, {
      status: 'held',
      holdExpiresAtMs: expiresMs,
      channel: resolved.calendar.channels.includes(entry.channel) ? entry.channel : resolved.calendar.channels[0]!,
      priority: entry.priority,
      source: 'web',
      waitlistEntryId: entry.id,
    });
    await tx.query(
      "UPDATE waitlist_entry SET status = 'offered', offered_booking_id = $2, updated_at = now() WHERE id = $1",
      [entry.id, claim.id],
    );
    await tx.query('RELEASE SAVEPOINT waitlist_offer');
    return entry.id;
  } catch (err) {
    await tx.query('ROLLBACK TO SAVEPOINT waitlist_offer');
    if (err instanceof Error && ('status' in err || pgErrorCode(err))) return null;
    throw err;
  }
}
