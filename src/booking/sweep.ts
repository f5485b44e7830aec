import { purgeIdempotency } from '../platform/idempotency.js';
import type { BookingDeps } from './deps.js';
import { expireLapsedHolds, setActor } from './booking.repository.js';
import { offerFreedPlace } from './offer-freed-place.js';

/**
 * Housekeeping, run every few seconds by the server (and by tests): marks lapsed holds as
 * expired, offers their places — and those of lapsed waiting-list offers — to the next in
 * line, and forgets old idempotency records. Correctness never waits for it: availability
 * ignores lapsed holds by itself. Safe to run from several instances at once.
 */
export async function sweep(deps: BookingDeps, limit = 200): Promise<{ expired: number; offered: number }> {
  const lapsed = await deps.db.query<{ deskId: string; startsAt: Date }>(
    `SELECT DISTINCT desk_id AS "deskId", starts_at AS "startsAt" FROM booking
      WHERE status = 'held' AND hold_expires_at <= $1 LIMIT $2`,
    [new Date(deps.now()), limit],
  );
  let expired = 0;
  let offered = 0;
  for (const slot of lapsed.rows) {
    await deps.db.transaction(async (tx) => {
      await setActor(tx, 'system');
      const freed = await expireLapsedHolds(tx, slot.deskId, new Date(slot.startsAt), deps.now());
      expired += freed.length;
      if (freed.length) deps.availability.touch(slot.deskId);
      for (let i = 0; i < freed.length; i++) {
        if (!(await offerFreedPlace(tx, deps, slot.deskId, new Date(slot.startsAt)))) break;
        offered++;
      }
    });
  }
  await purgeIdempotency(deps.db, deps.now());
  // Used challenges past their expiry: a replay would be refused as expired anyway.
  await deps.db.query('DELETE FROM hold_challenge WHERE expires_at <= $1', [new Date(deps.now())]);
  return { expired, offered };
}
