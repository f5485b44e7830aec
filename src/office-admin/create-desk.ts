import type { Queryable } from '../storage/db.js';
import { validateSchedule, type OpeningInterval } from '../domain/schedule/index.js';
import type { BookingDeps } from '../booking/index.js';
import { refuseProblems } from './calendar-plan.js';
import { deskKeyTaken, deskNumberTaken, settingsAssignments, type DeskSettings } from './change-desk-calendar.js';

export interface NewDesk extends DeskSettings {
  officeId: string;
  key: string;
  number: number;
  nameIt: string;
  nameEn: string;
  slotMinutes: number;
  weekly: OpeningInterval[];
  placesFollowRoster?: boolean | undefined;
}

/** Opens a new desk in an office: its settings and weekly pattern, checked, in one transaction. A new desk has no bookings to strand. */
export async function createDesk(deps: BookingDeps, d: NewDesk): Promise<{ id: string }> {
  refuseProblems(validateSchedule({ slotMinutes: d.slotMinutes, weekly: d.weekly, exceptions: [], localHolidays: [] }));
  return deps.db.transaction(async (tx: Queryable) => {
    const clash = await tx.query<{ key: string; number: number }>('SELECT key, number FROM desk WHERE office_id = $1 AND (key = $2 OR number = $3)', [d.officeId, d.key, d.number]);
    if (clash.rows.some((r) => r.number === d.number)) throw deskNumberTaken();
    if (clash.rows.length) throw deskKeyTaken();
    const r = await tx.query<{ id: string }>(
      `INSERT INTO desk (office_id, key, number, name_it, name_en, slot_minutes, places_follow_roster) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [d.officeId, d.key, d.number, d.nameIt, d.nameEn, d.slotMinutes, d.placesFollowRoster ?? false],
    );
    const id = r.rows[0]!.id;
    const { number: _n, nameIt: _i, nameEn: _e, ...rest } = d;
    const { sql, values } = settingsAssignments(rest, 2);
    if (sql.length) await tx.query(`UPDATE desk SET ${sql.join(', ')} WHERE id = $1`, [id, ...values]);
    for (const w of d.weekly) {
      await tx.query('INSERT INTO desk_opening (desk_id, weekday, opens, closes, places) VALUES ($1, $2, $3, $4, $5)', [id, w.weekday, w.from, w.to, w.places]);
    }
    return { id };
  });
}
