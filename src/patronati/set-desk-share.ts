import type { Queryable } from '../storage/db.js';
import { pgConstraint, pgErrorCode } from '../storage/db.js';
import { AppError } from '../domain/errors.js';
import type { z } from 'zod';
import type { shareView } from './routes.schema.js';

export type DeskShare = z.output<typeof shareView>;

/**
 * The share of a desk's places kept for patronati (100: a dedicated patronato desk) and how
 * many hours before each slot what is left of it goes to everyone. The database counts it
 * (booking_count_places, migration 0020); bookings already made keep their places.
 */
export async function setDeskShare(db: Queryable, share: DeskShare): Promise<DeskShare> {
  try {
    const r = await db.query(
      'UPDATE desk SET patronato_percent = $2, patronato_release_hours = $3 WHERE id = $1',
      [share.deskId, share.percent, share.releaseHours],
    );
    if (r.rowCount === 0) throw new AppError(404, 'desk_not_found', { it: 'Sportello non trovato.', en: 'Desk not found.' });
  } catch (err) {
    if (pgErrorCode(err) === '23514' && pgConstraint(err) === 'desk_reserved_shares') {
      throw new AppError(422, 'shares_over_capacity', {
        it: 'La quota dei patronati più quella prioritaria supera il 100% dei posti.',
        en: 'The patronato share plus the priority share exceed 100% of the places.',
      }, [{ path: 'percent', code: 'shares_over_capacity', it: 'Quota troppo alta.', en: 'Share too high.' }]);
    }
    throw err;
  }
  return share;
}
