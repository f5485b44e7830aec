import type { Queryable } from '../storage/db.js';
import { AppError } from '../domain/errors.js';
import { validateSchedule, type DeskSchedule, type LocalHoliday, type ScheduleProblem } from '../domain/schedule/index.js';
import { lockCalendarExclusive, setActor } from '../booking/index.js';
import type { BookingDeps } from '../booking/index.js';
import { loadDeskCalendar } from '../booking/index.js';
import { bookingsAffected, planDesk, refuseProblems, resolveDesk, today, type CalendarChangeResult, type DeskPlan, type Resolution } from './calendar-plan.js';

export type AbsenceKind = 'sick_leave' | 'training' | 'leave' | 'other';

/** A change to what an office's desks share: its local holidays, its operators' absences. */
export interface OfficeCalendarChange {
  officeId: string;
  addHoliday?: LocalHoliday | undefined;
  /** The holiday's date as stored: "MM-DD" or "YYYY-MM-DD". */
  removeHoliday?: string | undefined;
  addAbsence?: { operatorId: string; from: string; to: string; kind: AbsenceKind; note?: string | undefined } | undefined;
  removeAbsence?: string | undefined;
  resolution?: Resolution | undefined;
  preview?: boolean | undefined;
  actor: string;
  /** staff_user id of the admin (absences record who entered them). */
  actorUserId?: string | null | undefined;
}

const notFound = (it: string, en: string) => new AppError(404, 'not_found', { it, en });

/**
 * Adds or removes a local holiday or an absence of an office: every desk of the office is
 * locked (in id order: no deadlock with another office change) and planned; bookings the
 * change strands, on any desk, are refused together (409 `bookings_affected`, each with its
 * desk) unless a resolution is given — then each is moved within its own desk or cancelled,
 * and everything is saved in one transaction. An absence changes places only on the desks
 * whose places follow the roster.
 */
export async function changeOfficeCalendar(deps: BookingDeps, change: OfficeCalendarChange): Promise<CalendarChangeResult> {
  const deskIds: string[] = [];
  const result = await deps.db.transaction(async (tx) => {
    await setActor(tx, change.actor, change.resolution?.reason);
    const office = await tx.query<{ id: string }>('SELECT id FROM office WHERE id = $1', [change.officeId]);
    if (!office.rows[0]) throw notFound('Sede non trovata.', 'Office not found.');
    const desks = await tx.query<{ id: string }>('SELECT id FROM desk WHERE office_id = $1 ORDER BY id', [change.officeId]);
    for (const d of desks.rows) await lockCalendarExclusive(tx, d.id);
    const now = deps.now();

    if (change.removeHoliday !== undefined) {
      const h = await tx.query('SELECT 1 FROM office_holiday WHERE office_id = $1 AND day = $2', [change.officeId, change.removeHoliday]);
      if (!h.rows.length) throw notFound('Festività non trovata.', 'Holiday not found.');
    }
    let removedAbsence: { operatorId: string; from: string; to: string } | undefined;
    if (change.removeAbsence !== undefined) {
      const a = await tx.query<{ operatorId: string; from: string; to: string }>(
        `SELECT user_id AS "operatorId", to_char(starts_on, 'YYYY-MM-DD') AS "from", to_char(ends_on, 'YYYY-MM-DD') AS "to"
           FROM staff_absence WHERE id = $1 AND office_id = $2`, [change.removeAbsence, change.officeId]);
      if (!a.rows[0]) throw notFound('Assenza non trovata.', 'Absence not found.');
      removedAbsence = a.rows[0];
    }
    if (change.addAbsence) await checkAbsence(tx, change, now);

    const transform = (s: DeskSchedule): DeskSchedule => {
      let localHolidays = s.localHolidays;
      if (change.removeHoliday !== undefined) localHolidays = localHolidays.filter((h) => h.date !== change.removeHoliday);
      if (change.addHoliday) localHolidays = [...localHolidays.filter((h) => h.date !== change.addHoliday!.date), change.addHoliday];
      let roster = s.roster;
      if (roster && removedAbsence) {
        const gone = removedAbsence;
        const i = roster.absences.findIndex((a) => a.operatorId === gone.operatorId && a.from === gone.from && a.to === gone.to);
        roster = { ...roster, absences: roster.absences.filter((_, j) => j !== i) };
      }
      if (roster && change.addAbsence) roster = { ...roster, absences: [...roster.absences, { operatorId: change.addAbsence.operatorId, from: change.addAbsence.from, to: change.addAbsence.to }] };
      return { ...s, localHolidays, roster };
    };

    const plans: DeskPlan[] = [];
    for (const d of desks.rows) {
      const current = (await loadDeskCalendar(tx, d.id))!;
      const next = transform(current.schedule);
      const problems: ScheduleProblem[] = validateSchedule(next).filter((p) => p.field.startsWith('localHolidays'));
      if (change.addHoliday && /^\d{4}-/.test(change.addHoliday.date) && change.addHoliday.date < today(current, now)) {
        problems.push({ field: 'date', code: 'holiday_in_past', it: 'Non si può aggiungere una festività a un giorno passato.', en: 'A holiday cannot be added to a past day.' });
      }
      refuseProblems(problems.map((p) => ({ ...p, field: p.field.replace(/^localHolidays\[\d+\]\./, '') })));
      plans.push(await planDesk(tx, current, next, now));
      deskIds.push(d.id);
    }
    for (const [i, p] of plans.entries()) {
      const deskId = desks.rows[i]!.id;
      for (const x of [...p.added, ...p.removed, ...p.affected]) x.deskId = deskId;
    }
    const out = {
      applied: false,
      added: plans.flatMap((p) => p.added),
      removed: plans.flatMap((p) => p.removed),
      affected: plans.flatMap((p) => p.affected),
    };
    if (change.preview) return out;
    if (out.affected.length && !change.resolution) throw bookingsAffected(out.affected);

    if (change.removeHoliday !== undefined) await tx.query('DELETE FROM office_holiday WHERE office_id = $1 AND day = $2', [change.officeId, change.removeHoliday]);
    if (change.addHoliday) {
      await tx.query(
        'INSERT INTO office_holiday (office_id, day, name) VALUES ($1, $2, $3) ON CONFLICT (office_id, day) DO UPDATE SET name = EXCLUDED.name',
        [change.officeId, change.addHoliday.date, change.addHoliday.name],
      );
    }
    if (change.removeAbsence !== undefined) await tx.query('DELETE FROM staff_absence WHERE id = $1', [change.removeAbsence]);
    if (change.addAbsence) {
      const a = change.addAbsence;
      await tx.query(
        'INSERT INTO staff_absence (office_id, user_id, starts_on, ends_on, kind, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [change.officeId, a.operatorId, a.from, a.to, a.kind, a.note ?? null, change.actorUserId ?? null],
      );
    }
    for (const p of plans) await resolveDesk(tx, p, change.resolution, now);
    return { ...out, applied: true };
  });
  for (const id of deskIds) deps.calendars.invalidate(id);
  return result;
}

async function checkAbsence(tx: Queryable, change: OfficeCalendarChange, now: number): Promise<void> {
  const a = change.addAbsence!;
  const fields = [];
  const todayRome = new Date(now).toLocaleDateString('sv-SE', { timeZone: 'Europe/Rome' });
  if (a.to < a.from) fields.push({ path: 'to', code: 'from_not_before_to', it: 'La fine dell’assenza deve essere uguale o successiva all’inizio.', en: 'The absence must end on or after its start.' });
  if (a.to < todayRome) fields.push({ path: 'to', code: 'absence_in_past', it: 'L’assenza è già finita: non serve registrarla.', en: 'The absence has already ended: there is no need to record it.' });
  const op = await tx.query(
    `SELECT 1 FROM staff_user u WHERE u.id = $1 AND EXISTS (SELECT 1 FROM staff_grant g LEFT JOIN desk d ON d.id = g.desk_id
       WHERE g.user_id = u.id AND g.role = 'desk_operator' AND (g.office_id = $2 OR d.office_id = $2))`,
    [a.operatorId, change.officeId],
  );
  if (!op.rows.length) fields.push({ path: 'operatorId', code: 'not_an_operator', it: 'Non è un operatore di questa sede.', en: 'Not an operator of this office.' });
  if (fields.length) throw new AppError(422, 'invalid_absence', { it: 'L’assenza non è valida: non è stato salvato nulla.', en: 'The absence is not valid: nothing was saved.' }, fields);
}
