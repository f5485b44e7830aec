import { isOpenAt } from '../domain/stations/opening-hours.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Db, Queryable } from '../storage/db.js';
import { PHONE_INSTEAD_AHEAD_MS } from './deps.js';
import { markPhoneInstead } from './mark-phone-instead.js';
import { connectionOf, loadDevices, loadStations, type StationRecord } from './stations.repository.js';

export interface OfflineStation {
  stationId: string;
  deskId: string;
  officeId: string;
  comune: string;
  name: string;
  lastSeenAt: string | null;
}

/**
 * Stations offline during their opening hours: active, with an enrolled device, open now, and no
 * heartbeat for OFFLINE_AFTER_MS. A station with no device yet is being installed, not offline.
 */
export async function findOfflineStations(q: Queryable, nowMs: number, deskIds?: readonly string[]): Promise<OfflineStation[]> {
  const stations = (await loadStations(q, { activeOnly: true })).filter((s) => !deskIds || deskIds.includes(s.deskId));
  const open = stations.filter((s) => isOpenAt(s.minutes, nowMs));
  if (open.length === 0) return [];
  const devices = await loadDevices(q, open.map((s) => s.id));
  const out: OfflineStation[] = [];
  for (const s of open) {
    const c = connectionOf(devices.get(s.id) ?? [], nowMs);
    if (c.state === 'offline') out.push({ stationId: s.id, deskId: s.deskId, officeId: s.officeId, comune: s.comune, name: s.name, lastSeenAt: c.lastSeenAt });
  }
  return out;
}

/** One alert per desk (the alert machinery keeps one open alert per code and desk), naming its offline stations. */
export function offlineAlertMessage(stations: readonly Pick<OfflineStation, 'comune' | 'lastSeenAt'>[]): { it: string; en: string } {
  const names = stations.map((s) => s.comune).join(', ');
  const last = stations.map((s) => s.lastSeenAt).filter((x): x is string => !!x).sort()[0];
  const since = last ? toIsoWithOffset(Date.parse(last)).slice(11, 16) : null;
  return {
    it: `Postazione comunale non raggiungibile durante l'orario di apertura: ${names}${since ? ` (ultimo segnale alle ${since})` : ''}. I prossimi cittadini saranno chiamati al telefono.`,
    en: `Municipal station offline during its opening hours: ${names}${since ? ` (last heard at ${since})` : ''}. Its next citizens will be phoned instead.`,
  };
}

/**
 * The station watch (run by the monitoring job): for each station offline in its hours, the
 * citizens booked there over the next PHONE_INSTEAD_AHEAD_MS are told the operator phones them
 * (once each, through the notification queue; the operator's agenda shows it).
 */
export async function offerPhoneInstead(db: Db, nowMs: number, offline: readonly OfflineStation[]): Promise<number> {
  let flagged = 0;
  for (const s of offline) {
    const due = await db.query<{ id: string }>(
      `SELECT id FROM booking WHERE station_id = $1 AND status = 'booked' AND phone_instead_at IS NULL AND ends_at > $2 AND starts_at < $3 ORDER BY starts_at`,
      [s.stationId, new Date(nowMs), new Date(nowMs + PHONE_INSTEAD_AHEAD_MS)],
    );
    for (const b of due.rows) {
      if (await db.transaction((tx) => markPhoneInstead(tx, b.id, 'station_offline', new Date(nowMs)))) flagged += 1;
    }
  }
  return flagged;
}

export type { StationRecord };
