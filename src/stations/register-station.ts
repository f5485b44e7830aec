import { invalidInput } from '../domain/errors.js';
import { checkOpeningHours, type OpeningInterval } from '../domain/stations/opening-hours.js';
import { municipalityNamed } from '../catalog/index.js';
import { placeOfOffice } from '../users/index.js';
import { authorize, type Actor } from '../policy/index.js';
import { pgConstraint, pgErrorCode } from '../storage/db.js';
import type { StationDeps } from './deps.js';
import { stationErrors } from './errors.js';
import { loadStation, replaceHours, type StationRecord } from './stations.repository.js';

export interface StationInput {
  deskId: string;
  comune: string;
  name: string;
  address: string;
  accessibility?: string | undefined;
  hours: OpeningInterval[];
}

/** The desk must be one of the office's, offering video; the Comune one of the office's province. */
export async function checkStationPlace(deps: StationDeps, officeId: string, provinceCode: string, input: Pick<StationInput, 'deskId' | 'comune'>): Promise<string> {
  const desk = await deps.db.query<{ officeId: string; video: boolean }>(
    `SELECT office_id AS "officeId", 'video' = ANY(channels) AS video FROM desk WHERE id = $1`, [input.deskId]);
  const d = desk.rows[0];
  if (!d || d.officeId !== officeId) throw stationErrors.deskOfAnotherOffice();
  if (!d.video) throw stationErrors.deskNotVideo();
  const comune = municipalityNamed(provinceCode, input.comune);
  if (!comune) throw stationErrors.unknownComune(input.comune, provinceCode);
  return comune.name;
}

/** An office administrator registers a station for a Comune of the office's province. */
export async function registerStation(deps: StationDeps, actor: Actor, officeId: string, input: StationInput): Promise<StationRecord> {
  const place = await placeOfOffice(deps.db, officeId);
  if (!place) throw stationErrors.notFound();
  authorize(actor, 'staff.stations.write', place);
  const { problems, minutes } = checkOpeningHours(input.hours);
  if (problems.length) throw invalidInput(problems);
  const comune = await checkStationPlace(deps, officeId, place.provinceCode, input);
  const id = await deps.db.transaction(async (tx) => {
    try {
      const r = await tx.query<{ id: string }>(
        `INSERT INTO station (office_id, desk_id, comune, province_code, name, address, accessibility, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [officeId, input.deskId, comune, place.provinceCode, input.name, input.address, input.accessibility ?? '', actor.kind === 'staff' ? actor.userId : null],
      );
      await replaceHours(tx, r.rows[0]!.id, minutes);
      return r.rows[0]!.id;
    } catch (err) {
      if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'station_one_per_name') throw stationErrors.duplicate();
      throw err;
    }
  });
  return (await loadStation(deps.db, id))!;
}
