import type { Queryable } from '../storage/db.js';
import { intervalsOf, type OpeningMinutes } from '../domain/stations/opening-hours.js';
import { OFFLINE_AFTER_MS } from './deps.js';
import type { z } from 'zod';
import type { publicStation } from './routes.schema.js';

export interface StationRecord {
  id: string;
  officeId: string;
  officeCode: string;
  officeName: string;
  provinceCode: string;
  regionCode: string;
  deskId: string;
  deskNameIt: string;
  deskNameEn: string;
  comune: string;
  name: string;
  address: string;
  accessibility: string;
  active: boolean;
  minutes: OpeningMinutes[];
}

export interface DeviceRecord {
  id: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

const COLUMNS = `s.id, s.office_id AS "officeId", o.code AS "officeCode", o.name AS "officeName", o.province_code AS "provinceCode",
  p.region_code AS "regionCode", s.desk_id AS "deskId", d.name_it AS "deskNameIt", d.name_en AS "deskNameEn",
  s.comune, s.name, s.address, s.accessibility, s.active,
  COALESCE((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', h.opens_min, 'closes', h.closes_min) ORDER BY h.weekday, h.opens_min)
              FROM station_hours h WHERE h.station_id = s.id), '[]'::json) AS minutes`;
const FROM = `FROM station s JOIN office o ON o.id = s.office_id JOIN province p ON p.code = o.province_code JOIN desk d ON d.id = s.desk_id`;

export async function loadStation(q: Queryable, id: string): Promise<StationRecord | null> {
  const r = await q.query<StationRecord>(`SELECT ${COLUMNS} ${FROM} WHERE s.id = $1`, [id]);
  return r.rows[0] ?? null;
}

/** Stations of some offices (null: every office), by Comune and name. */
export async function loadStations(q: Queryable, where: { officeIds?: string[] | null; deskId?: string; activeOnly?: boolean; officeCode?: string; provinceCode?: string }): Promise<StationRecord[]> {
  const r = await q.query<StationRecord>(
    `SELECT ${COLUMNS} ${FROM}
      WHERE ($1::uuid[] IS NULL OR s.office_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR s.desk_id = $2)
        AND (NOT $3 OR (s.active AND d.active)) AND ($4::text IS NULL OR o.code = $4) AND ($5::text IS NULL OR o.province_code = $5)
      ORDER BY s.comune, s.name`,
    [where.officeIds ?? null, where.deskId ?? null, where.activeOnly ?? false, where.officeCode ?? null, where.provinceCode ?? null],
  );
  return r.rows;
}

export async function replaceHours(q: Queryable, stationId: string, minutes: readonly OpeningMinutes[]): Promise<void> {
  await q.query('DELETE FROM station_hours WHERE station_id = $1', [stationId]);
  await q.query(
    `INSERT INTO station_hours (station_id, weekday, opens_min, closes_min)
     SELECT $1, x.weekday, x.opens, x.closes FROM jsonb_to_recordset($2::jsonb) AS x(weekday smallint, opens smallint, closes smallint)`,
    [stationId, JSON.stringify(minutes)],
  );
}

export async function loadDevices(q: Queryable, stationIds: readonly string[]): Promise<Map<string, DeviceRecord[]>> {
  const r = await q.query<DeviceRecord & { stationId: string }>(
    `SELECT id, station_id AS "stationId", enrolled_at AS "enrolledAt", last_seen_at AS "lastSeenAt", revoked_at AS "revokedAt"
       FROM station_device WHERE station_id = ANY($1::uuid[]) ORDER BY enrolled_at DESC`,
    [[...stationIds]],
  );
  const out = new Map<string, DeviceRecord[]>();
  for (const d of r.rows) {
    const { stationId, ...rest } = d;
    const list = out.get(stationId) ?? [];
    list.push({ ...rest, enrolledAt: new Date(rest.enrolledAt).toISOString(), lastSeenAt: rest.lastSeenAt ? new Date(rest.lastSeenAt).toISOString() : null, revokedAt: rest.revokedAt ? new Date(rest.revokedAt).toISOString() : null });
    out.set(stationId, list);
  }
  return out;
}

export type Connection = 'online' | 'offline' | 'not_enrolled';

/** Online: a device not revoked was heard within OFFLINE_AFTER_MS; offline: enrolled but silent. */
export function connectionOf(devices: readonly DeviceRecord[], nowMs: number): { state: Connection; lastSeenAt: string | null } {
  const live = devices.filter((d) => !d.revokedAt);
  if (live.length === 0) return { state: 'not_enrolled', lastSeenAt: null };
  const last = live.map((d) => (d.lastSeenAt ? new Date(d.lastSeenAt).getTime() : 0)).reduce((a, b) => Math.max(a, b), 0);
  return { state: last > 0 && nowMs - last <= OFFLINE_AFTER_MS ? 'online' : 'offline', lastSeenAt: last > 0 ? new Date(last).toISOString() : null };
}

/** What the public pages say about a station. */
export type PublicStation = z.output<typeof publicStation>;

export const publicView = (s: StationRecord): PublicStation => ({
  id: s.id, comune: s.comune, name: s.name, address: s.address, accessibility: s.accessibility, deskId: s.deskId, hours: intervalsOf(s.minutes),
});
