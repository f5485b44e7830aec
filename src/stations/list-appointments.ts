import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Actor } from '../policy/index.js';
import type { StationDeps } from './deps.js';
import { loadStation } from './stations.repository.js';
import { publicView } from './stations.repository.js';
import { stationErrors } from './errors.js';
import type { z } from 'zod';
import type { appointmentsResponse } from './routes.schema.js';

type StationActor = Extract<Actor, { kind: 'station' }>;

/** The first word of a full name: all the kiosk ever shows of a person. */
export const firstNameOf = (fullName: string | null): string => (fullName ?? '').trim().split(/\s+/)[0] ?? '';

/**
 * What the kiosk's idle screen shows: the station and today's next appointments at it (until the
 * end of the local day), first names and times only; those the operator phones instead say so.
 */
export async function listAppointments(deps: StationDeps, actor: StationActor): Promise<z.output<typeof appointmentsResponse>> {
  const station = await loadStation(deps.db, actor.stationId);
  if (!station) throw stationErrors.notFound();
  const now = deps.now();
  const today = toIsoWithOffset(now).slice(0, 10);
  const r = await deps.db.query<{ fullName: string | null; startsAt: Date; endsAt: Date; phoneInstead: boolean }>(
    `SELECT full_name AS "fullName", starts_at AS "startsAt", ends_at AS "endsAt", phone_instead_at IS NOT NULL AS "phoneInstead"
       FROM booking
      WHERE station_id = $1 AND status = 'booked' AND ends_at > $2 AND (starts_at AT TIME ZONE 'Europe/Rome')::date = $3::date
      ORDER BY starts_at LIMIT 12`,
    [actor.stationId, new Date(now), today],
  );
  return {
    station: { ...publicView(station), officeName: station.officeName },
    now: toIsoWithOffset(now),
    appointments: r.rows.map((b) => ({
      firstName: firstNameOf(b.fullName),
      start: toIsoWithOffset(new Date(b.startsAt).getTime()),
      end: toIsoWithOffset(new Date(b.endsAt).getTime()),
      phoneInstead: b.phoneInstead,
    })),
  };
}
