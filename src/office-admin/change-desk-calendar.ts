import type { Queryable } from '../storage/db.js';
import { forgetDeskLabels } from '../booking/index.js';
import { AppError } from '../domain/errors.js';
import { validateRoster, validateSchedule, type DayException, type DeskSchedule, type OpeningInterval, type RosterShift, type ScheduleProblem, type Weekday } from '../domain/schedule/index.js';
import { lockCalendarExclusive, setActor } from '../booking/index.js';
import type { BookingDeps } from '../booking/index.js';
import { loadDeskCalendar } from '../booking/index.js';
import { bookingErrors } from '../booking/index.js';
import { getAbsences, getRosterShifts } from '../catalog/index.js';
import { bookingsAffected, planDesk, refuseProblems, resolveDesk, today, type CalendarChangeResult, type Resolution } from './calendar-plan.js';

export type { AffectedBooking, CalendarChangeResult, SlotDelta } from './calendar-plan.js';

/** The settings of a desk that do not change its slots' times or places. */
export interface DeskSettings {
  number?: number | undefined;
  nameIt?: string | undefined;
  nameEn?: string | undefined;
  descriptionIt?: string | undefined;
  descriptionEn?: string | undefined;
  topics?: { key: string; it: string; en: string }[] | undefined;
  channels?: ('phone' | 'video')[] | undefined;
  horizonDays?: number | undefined;
  minNoticeMinutes?: number | undefined;
  release?: { weekday: number; time: string; weeksAhead: number } | null | undefined;
  priorityPercent?: number | undefined;
  priorityReleaseHours?: number | undefined;
  holdMinutes?: number | undefined;
  waitlistOfferMinutes?: number | undefined;
  maxActivePerPerson?: number | null | undefined;
  active?: boolean | undefined;
}

/** A change to a desk, as an office admin makes it. */
export interface CalendarChange {
  deskId: string;
  /** Replace the weekly opening pattern. */
  weekly?: OpeningInterval[] | undefined;
  /** Add dated exceptions (closure, extra opening, reduced places). */
  addExceptions?: DayException[] | undefined;
  /** Remove dated exceptions by their date and kind. */
  removeExceptions?: { date: string; kind: DayException['kind'] }[] | undefined;
  slotMinutes?: number | undefined;
  /** Places per slot follow the duty roster (see docs/office-administration.md, "The roster rule"). */
  placesFollowRoster?: boolean | undefined;
  /** Replace the desk's duty shifts. */
  roster?: RosterShift[] | undefined;
  settings?: DeskSettings | undefined;
  /** What to do with bookings the change strands: required when there are any. */
  resolution?: Resolution | undefined;
  /** Compute and return the effects without saving anything. */
  preview?: boolean | undefined;
  actor: string;
}

/**
 * Changes a desk without ever silently stranding a booked citizen. In one transaction,
 * under the desk's exclusive calendar lock (no booking can be made on the desk meanwhile,
 * and every booking in flight is seen): computes the slots the change adds and removes over
 * the horizon and the bookings it strands (their slot disappears, or it keeps fewer places
 * than are booked — the latest booked lose theirs). With `preview`, or with stranded
 * bookings and no `resolution`, nothing is saved (409 `bookings_affected` lists them). With a
 * resolution, each stranded booking is moved to the nearest free place of the same desk (in
 * order of booking time) or cancelled with the reason; then the change is saved. Everything
 * or nothing. Citizens are told through the history that the change writes (booking_event →
 * notifications).
 */
export async function changeDeskCalendar(deps: BookingDeps, change: CalendarChange): Promise<CalendarChangeResult> {
  const result = await deps.db.transaction(async (tx) => {
    await setActor(tx, change.actor, change.resolution?.reason);
    await lockCalendarExclusive(tx, change.deskId);
    const current = await loadDeskCalendar(tx, change.deskId);
    if (!current) throw bookingErrors.deskNotFound();
    const now = deps.now();
    const next = await applyChange(tx, current.schedule, current.officeId, change);
    const day = today(current, now);
    const problems: ScheduleProblem[] = [...validateSchedule(next)];
    (change.addExceptions ?? []).forEach((e, i) => {
      if (e.date < day) problems.push({ field: `addExceptions[${i}].date`, code: 'exception_in_past', it: 'Non si può aggiungere un’eccezione a un giorno passato.', en: 'An exception cannot be added to a past day.' });
    });
    if (!problems.length && change.roster) {
      problems.push(...validateRoster(next, change.roster));
      change.roster.forEach((s, i) => {
        if (s.date !== undefined && s.date < day) problems.push({ field: `roster[${i}].date`, code: 'shift_in_past', it: 'Non si può aggiungere un turno a un giorno passato.', en: 'A shift cannot be added to a past day.' });
      });
    }
    refuseProblems(problems);
    if (change.roster) await checkOperators(tx, current.officeId, change.roster);
    const plan = await planDesk(tx, current, next, now, change.settings?.horizonDays);
    const out = { applied: false, added: plan.added, removed: plan.removed, affected: plan.affected };
    if (change.preview) return out;
    if (plan.stranded.length && !change.resolution) throw bookingsAffected(plan.affected);
    await saveChange(tx, change);
    await resolveDesk(tx, plan, change.resolution, now);
    return { ...out, applied: true };
  });
  deps.calendars.invalidate(change.deskId);
  forgetDeskLabels(change.deskId); // names and numbers shown with bookings
  return result;
}

/** The schedule after the change (with the roster when places follow it then). */
async function applyChange(tx: Queryable, s: DeskSchedule, officeId: string, c: CalendarChange): Promise<DeskSchedule> {
  const removed = new Set((c.removeExceptions ?? []).map((e) => `${e.date}/${e.kind}`));
  const follows = c.placesFollowRoster ?? s.roster !== undefined;
  const roster = follows
    ? {
      shifts: c.roster ?? s.roster?.shifts ?? (await getRosterShifts(tx, c.deskId)),
      absences: s.roster?.absences ?? (await getAbsences(tx, officeId)).map((a) => ({ operatorId: a.operatorId, from: a.from, to: a.to })),
    }
    : undefined;
  return {
    ...s,
    slotMinutes: c.slotMinutes ?? s.slotMinutes,
    weekly: c.weekly ?? s.weekly,
    exceptions: [...s.exceptions.filter((e) => !removed.has(`${e.date}/${e.kind}`)), ...(c.addExceptions ?? [])],
    roster,
  };
}

/** Every operator of a roster must hold an operator role covering the desk's office. */
async function checkOperators(tx: Queryable, officeId: string, shifts: RosterShift[]): Promise<void> {
  const ids = [...new Set(shifts.map((s) => s.operatorId))];
  if (!ids.length) return;
  const ok = await tx.query<{ id: string }>(
    `SELECT u.id FROM staff_user u WHERE u.id = ANY($1::uuid[]) AND u.active AND EXISTS (
       SELECT 1 FROM staff_grant g LEFT JOIN desk d ON d.id = g.desk_id
        WHERE g.user_id = u.id AND g.role = 'desk_operator' AND (g.office_id = $2 OR d.office_id = $2))`,
    [ids, officeId],
  );
  const known = new Set(ok.rows.map((r) => r.id));
  const bad = shifts.flatMap((s, i) => (known.has(s.operatorId) ? [] : [i]));
  if (bad.length) {
    throw new AppError(422, 'invalid_calendar', { it: 'La modifica non è valida: non è stato salvato nulla.', en: 'The change is not valid: nothing was saved.' },
      bad.map((i) => ({ path: `roster[${i}].operatorId`, code: 'not_an_operator', it: 'Non è un operatore attivo di questa sede.', en: 'Not an active operator of this office.' })));
  }
}

const SETTINGS_COLUMNS: Record<Exclude<keyof DeskSettings, 'release' | 'topics'>, string> = {
  number: 'number', nameIt: 'name_it', nameEn: 'name_en', descriptionIt: 'description_it', descriptionEn: 'description_en',
  channels: 'channels', horizonDays: 'horizon_days', minNoticeMinutes: 'min_notice_minutes', priorityPercent: 'priority_percent',
  priorityReleaseHours: 'priority_release_hours', holdMinutes: 'hold_minutes', waitlistOfferMinutes: 'waitlist_offer_minutes',
  maxActivePerPerson: 'max_active_per_person', active: 'active',
};

/** UPDATE desk SET … for the settings given (undefined = unchanged). */
export function settingsAssignments(settings: DeskSettings, first: number): { sql: string[]; values: unknown[] } {
  const sql: string[] = [];
  const values: unknown[] = [];
  const set = (column: string, value: unknown, cast = '') => {
    values.push(value);
    sql.push(`${column} = $${first + values.length - 1}${cast}`);
  };
  for (const [k, column] of Object.entries(SETTINGS_COLUMNS)) {
    const v = settings[k as keyof typeof SETTINGS_COLUMNS];
    if (v !== undefined) set(column, v);
  }
  if (settings.topics !== undefined) set('topics', JSON.stringify(settings.topics), '::jsonb');
  if (settings.release !== undefined) {
    set('release_weekday', settings.release?.weekday ?? null);
    set('release_time', settings.release?.time ?? null, '::time');
    set('release_weeks_ahead', settings.release?.weeksAhead ?? 1);
  }
  return { sql, values };
}

async function saveChange(tx: Queryable, c: CalendarChange): Promise<void> {
  const { sql, values } = settingsAssignments(c.settings ?? {}, 2);
  if (c.slotMinutes !== undefined) {
    values.push(c.slotMinutes);
    sql.push(`slot_minutes = $${values.length + 1}`);
  }
  if (c.placesFollowRoster !== undefined) {
    values.push(c.placesFollowRoster);
    sql.push(`places_follow_roster = $${values.length + 1}`);
  }
  if (c.settings?.number !== undefined) {
    const taken = await tx.query('SELECT 1 FROM desk WHERE office_id = (SELECT office_id FROM desk WHERE id = $1) AND number = $2 AND id <> $1', [c.deskId, c.settings.number]);
    if (taken.rows.length) throw deskNumberTaken();
  }
  if (sql.length) await tx.query(`UPDATE desk SET ${sql.join(', ')}, updated_at = now() WHERE id = $1`, [c.deskId, ...values]);
  if (c.weekly) {
    await tx.query('DELETE FROM desk_opening WHERE desk_id = $1', [c.deskId]);
    for (const w of c.weekly) {
      await tx.query('INSERT INTO desk_opening (desk_id, weekday, opens, closes, places) VALUES ($1, $2, $3, $4, $5)', [c.deskId, w.weekday, w.from, w.to, w.places]);
    }
  }
  for (const e of c.removeExceptions ?? []) {
    await tx.query('DELETE FROM desk_exception WHERE desk_id = $1 AND day = $2 AND kind = $3', [c.deskId, e.date, e.kind]);
  }
  for (const e of c.addExceptions ?? []) {
    await tx.query(
      'INSERT INTO desk_exception (desk_id, day, kind, opens, closes, places, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [c.deskId, e.date, e.kind, e.from ?? null, e.to ?? null, 'places' in e ? e.places : null, e.reason ?? null],
    );
  }
  if (c.roster) {
    await tx.query('DELETE FROM roster_shift WHERE desk_id = $1', [c.deskId]);
    for (const s of c.roster) {
      await tx.query('INSERT INTO roster_shift (desk_id, user_id, weekday, day, opens, closes) VALUES ($1, $2, $3, $4, $5, $6)',
        [c.deskId, s.operatorId, s.weekday ?? null, s.date ?? null, s.from, s.to]);
    }
  }
}

export const deskNumberTaken = () =>
  new AppError(409, 'desk_number_taken', { it: 'Questo numero di sportello è già usato nella sede.', en: 'This desk number is already used in the office.' });
export const deskKeyTaken = () =>
  new AppError(409, 'desk_key_taken', { it: 'Questa chiave di sportello è già usata nella sede.', en: 'This desk key is already used in the office.' });

export type { Weekday };
