import type { Db } from '../storage/db.js';
import { checkOpeningHours, type OpeningInterval } from '../domain/stations/opening-hours.js';
import { replaceHours } from './stations.repository.js';

const WEEKDAYS = (days: number[], from: string, to: string): OpeningInterval[] => days.map((weekday) => ({ weekday, from, to }));

/**
 * Two demo stations in Como province, in Comuni without an INPS office (Menaggio, Cernobbio),
 * on the benefits desk of the Como office, which then offers video too. Addresses are the town
 * halls' as published by the Comuni; hours and notes are made up for the demo. Once, in a demo database.
 */
export const DEMO_STATIONS = [
  {
    comune: 'Menaggio', name: 'Postazione comunale di Menaggio (demo)', address: 'Municipio, Via Lusardi 26, 22017 Menaggio (CO)',
    accessibility: 'Piano terra, ingresso senza gradini; cuffie con amplificazione disponibili allo sportello anagrafe.',
    hours: [...WEEKDAYS([1, 2, 3, 4, 5], '09:00', '12:00'), ...WEEKDAYS([2, 4], '14:00', '15:30')],
  },
  {
    comune: 'Cernobbio', name: 'Postazione comunale di Cernobbio (demo)', address: 'Municipio, Via Regina 23, 22012 Cernobbio (CO)',
    accessibility: 'Primo piano con ascensore; sala riservata con porta chiusa.',
    hours: WEEKDAYS([2, 4], '08:30', '12:30'),
  },
] as const;

export async function seedDemoStations(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    if ((await tx.query('SELECT 1 FROM station LIMIT 1')).rows.length) return 0;
    const desk = await tx.query<{ id: string; officeId: string }>(
      `SELECT d.id, d.office_id AS "officeId" FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'CO01' AND d.key = 'prestazioni'`);
    const d = desk.rows[0];
    if (!d) return 0; // the demo offices are not loaded
    await tx.query(`UPDATE desk SET channels = ARRAY['phone', 'video'] WHERE id = $1 AND NOT ('video' = ANY(channels))`, [d.id]);
    let created = 0;
    for (const s of DEMO_STATIONS) {
      const r = await tx.query<{ id: string }>(
        `INSERT INTO station (office_id, desk_id, comune, province_code, name, address, accessibility) VALUES ($1, $2, $3, 'CO', $4, $5, $6) RETURNING id`,
        [d.officeId, d.id, s.comune, s.name, s.address, s.accessibility],
      );
      await replaceHours(tx, r.rows[0]!.id, checkOpeningHours([...s.hours]).minutes);
      created++;
    }
    return created;
  });
}
