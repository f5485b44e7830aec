import { invalidInput } from '../domain/errors.js';
import { checkOpeningHours, type OpeningInterval } from '../domain/stations/opening-hours.js';
import { authorize, type Actor } from '../policy/index.js';
import { pgConstraint, pgErrorCode } from '../storage/db.js';
import type { StationDeps } from './deps.js';
import { stationErrors } from './errors.js';
import { checkStationPlace } from './register-station.js';
import { loadStation, replaceHours, type StationRecord } from './stations.repository.js';

export interface StationChange {
  deskId?: string | undefined;
  comune?: string | undefined;
  name?: string | undefined;
  address?: string | undefined;
  accessibility?: string | undefined;
  hours?: OpeningInterval[] | undefined;
  active?: boolean | undefined;
}

/** A station the actor may act on (404 when none, 403 outside the actor's offices). */
export async function stationFor(deps: StationDeps, actor: Actor, id: string, action: 'staff.stations.write' | 'staff.stations.read'): Promise<StationRecord> {
  const station = await loadStation(deps.db, id);
  if (!station) throw stationErrors.notFound();
  authorize(actor, action, { officeId: station.officeId, provinceCode: station.provinceCode, regionCode: station.regionCode });
  return station;
}

/**
 * Changes a station's details, hours or state. Bookings already made stay as they are (the
 * database checks only new and moved ones against the new hours); the admin page lists them.
 */
export async function changeStation(deps: StationDeps, actor: Actor, id: string, change: StationChange): Promise<StationRecord> {
  const station = await stationFor(deps, actor, id, 'staff.stations.write');
  const checked = change.hours ? checkOpeningHours(change.hours) : null;
  if (checked?.problems.length) throw invalidInput(checked.problems);
  const comune = change.deskId !== undefined || change.comune !== undefined
    ? await checkStationPlace(deps, station.officeId, station.provinceCode, { deskId: change.deskId ?? station.deskId, comune: change.comune ?? station.comune })
    : station.comune;
  await deps.db.transaction(async (tx) => {
    try {
      await tx.query(
        `UPDATE station SET desk_id = $2, comune = $3, name = $4, address = $5, accessibility = $6, active = $7, updated_at = now() WHERE id = $1`,
        [id, change.deskId ?? station.deskId, comune, change.name ?? station.name, change.address ?? station.address,
          change.accessibility ?? station.accessibility, change.active ?? station.active],
      );
    } catch (err) {
      if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'station_one_per_name') throw stationErrors.duplicate();
      throw err;
    }
    if (checked) await replaceHours(tx, id, checked.minutes);
  });
  return (await loadStation(deps.db, id))!;
}
