import { intervalsOf } from '../domain/stations/opening-hours.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { covers, scopesFor, type Actor } from '../policy/index.js';
import type { StationDeps } from './deps.js';
import { connectionOf, loadDevices, loadStations, type StationRecord } from './stations.repository.js';
import type { z } from 'zod';
import type { stationView } from './routes.schema.js';

/** A station as the routes' `stationView` schema shows it. */
export type StationView = z.output<typeof stationView>;

/** What the office's admin page shows of a station: details, hours, devices, connection, upcoming bookings. */
export async function presentStations(deps: StationDeps, stations: StationRecord[]): Promise<StationView[]> {
  const devices = await loadDevices(deps.db, stations.map((s) => s.id));
  const upcoming = await deps.db.query<{ stationId: string; n: number }>(
    `SELECT station_id AS "stationId", count(*)::int AS n FROM booking
      WHERE station_id = ANY($1::uuid[]) AND status = 'booked' AND ends_at > $2 GROUP BY station_id`,
    [stations.map((s) => s.id), new Date(deps.now())],
  );
  const counts = new Map(upcoming.rows.map((r) => [r.stationId, r.n]));
  return stations.map((s) => {
    const list = devices.get(s.id) ?? [];
    const conn = connectionOf(list, deps.now());
    return {
      id: s.id, officeId: s.officeId, officeCode: s.officeCode, officeName: s.officeName, deskId: s.deskId,
      deskName: { it: s.deskNameIt, en: s.deskNameEn }, comune: s.comune, name: s.name, address: s.address,
      accessibility: s.accessibility, active: s.active, hours: intervalsOf(s.minutes),
      connection: conn.state, lastSeenAt: conn.lastSeenAt ? toIsoWithOffset(new Date(conn.lastSeenAt).getTime()) : null,
      devices: list.map((d) => ({
        id: d.id, enrolledAt: toIsoWithOffset(new Date(d.enrolledAt).getTime()),
        lastSeenAt: d.lastSeenAt ? toIsoWithOffset(new Date(d.lastSeenAt).getTime()) : null,
        revokedAt: d.revokedAt ? toIsoWithOffset(new Date(d.revokedAt).getTime()) : null,
      })),
      upcomingBookings: counts.get(s.id) ?? 0,
    };
  });
}

/** The stations of the offices the actor may see (an office filter optional). */
export async function listStations(deps: StationDeps, actor: Actor, officeId?: string): Promise<StationView[]> {
  const { grants } = scopesFor(actor, 'staff.stations.read');
  const all = await loadStations(deps.db, { officeIds: officeId ? [officeId] : null });
  const visible = all.filter((s) => grants.some((g) => covers(g.scope, { officeId: s.officeId, provinceCode: s.provinceCode, regionCode: s.regionCode })));
  return presentStations(deps, visible);
}
