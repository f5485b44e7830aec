import { bookPlace, type BookInput, type NewBooking } from '../booking/index.js';
import type { BookingDeps } from '../booking/index.js';
import { idempotent } from '../platform/idempotency.js';
import { pgConstraint, pgErrorCode, type Queryable } from '../storage/db.js';
import { stationErrors } from './errors.js';
import { loadStation, type StationRecord } from './stations.repository.js';

/** The database's refusals of a station booking (migration 0034) as the citizen's problems. */
export function stationRefusal(err: unknown): Error | null {
  if (pgErrorCode(err) !== '23514') return null;
  const c = pgConstraint(err);
  if (c === 'booking_station_hours') return stationErrors.outsideHours();
  if (c === 'booking_station_desk') return stationErrors.notStationDesk();
  if (c === 'booking_station_video') return stationErrors.notVideo();
  return null;
}

/** The station a booking is being made at: active, video only, and (for a direct claim) on its desk. */
export async function bookableStation(q: Queryable, stationId: string, input: Pick<BookInput, 'channel' | 'deskId'>): Promise<StationRecord> {
  const station = await loadStation(q, stationId);
  if (!station) throw stationErrors.notFound();
  if (!station.active) throw stationErrors.stationInactive();
  if (input.channel !== 'video') throw stationErrors.notVideo();
  if (input.deskId !== undefined && input.deskId !== station.deskId) throw stationErrors.notStationDesk();
  return station;
}

/**
 * Books at a municipal station: the ordinary booking (a held place confirmed, or a direct claim
 * by reception) in a transaction that names the station (`sportello.station`), so the database
 * writes the booking's station and refuses a slot outside the station's hours or of another
 * desk — all or nothing. With an Idempotency-Key, a retry gets the first answer.
 */
export async function bookAtStation(
  deps: BookingDeps, stationId: string, input: BookInput, idempotency?: { key: string | undefined; scope: string; request: unknown },
): Promise<NewBooking & { replayed: boolean }> {
  await bookableStation(deps.db, stationId, input);
  const run = async (tx: Queryable) => {
    await tx.query("SELECT set_config('sportello.station', $1, true)", [stationId]);
    return { status: 201, body: await bookPlace(deps, input, tx) };
  };
  try {
    const r = await idempotent(deps.db, deps.secret, idempotency?.scope ?? 'stations.bookings.create', idempotency?.key, idempotency?.request ?? input, run);
    return { ...r.body, replayed: r.replayed };
  } catch (err) {
    throw stationRefusal(err) ?? err;
  }
}
