import { forecastError, forecastWeekdays, hoursPerWeekday, localSlotsOf, type DayDemand } from '../domain/planning/index.js';
import { generateSlots } from '../domain/schedule/plan.js';
import { addDays, datesBetween, weekdayOf } from '../domain/schedule/time.js';
import type { MonitoringDeps } from './deps.js';
import { ZONE } from './deps.js';
import { dayStartMs } from './load-activity.js';
import type { DeskRow } from './monitoring.repository.js';
import { backlogOf, demandByDay, handlingRows, type HandlingRow } from './planning.repository.js';

/** What the planner knows of a desk: its measured handling, its demand history and forecast, its calendar ahead. */
export interface DeskInputs {
  desk: DeskRow;
  handlingSec: number[];
  attemptsPerBooking: number;
  history: DayDemand[];
  forecast: (number | null)[];
  forecastError: ReturnType<typeof forecastError>;
  hours: ReturnType<typeof hoursPerWeekday>;
  backlog: number;
  daysAhead: number[];
}

/**
 * Loads the planner's inputs for some desks: `weeks` weeks of history ending the day before
 * `today` (handling times of answered calls, requests per day), the calendar of the next
 * `weeksAhead` weeks (opening hours, operators, working days ahead), the bookings waiting.
 */
export async function loadDeskInputs(deps: MonitoringDeps, desks: DeskRow[], today: string, weeks: number, weeksAhead: number): Promise<DeskInputs[]> {
  const from = addDays(today, -7 * weeks);
  const to = addDays(today, -1);
  const ids = desks.map((d) => d.deskId);
  const fromMs = dayStartMs(from);
  const toMs = dayStartMs(today);
  const [rows, demand, backlog] = await Promise.all([
    handlingRows(deps.db, ids, fromMs, toMs),
    demandByDay(deps.db, ids, fromMs, toMs),
    backlogOf(deps.db, ids, deps.now()),
  ]);
  const rowsBy = new Map<string, HandlingRow[]>();
  for (const r of rows) {
    let l = rowsBy.get(r.deskId);
    if (!l) rowsBy.set(r.deskId, (l = []));
    l.push(r);
  }
  const demandBy = new Map<string, number>(demand.map((d) => [`${d.deskId}|${d.day}`, d.n]));
  const days = datesBetween(from, to);
  const out: DeskInputs[] = [];
  for (const desk of desks) {
    const calendar = desk.active ? await deps.booking.calendars.get(deps.db, desk.deskId) : null;
    const past = calendar ? generateSlots(calendar.schedule, from, to) : [];
    const ahead = calendar ? generateSlots(calendar.schedule, today, addDays(today, 7 * weeksAhead - 1)) : [];
    const openPast = new Set(past.map((s) => s.date));
    const history: DayDemand[] = days.map((day) => ({ day, weekday: weekdayOf(day), demand: demandBy.get(`${desk.deskId}|${day}`) ?? 0, open: openPast.has(day) }));
    const f = forecastWeekdays(history, 8);
    const mine = rowsBy.get(desk.deskId) ?? [];
    const bookings = new Set(mine.map((r) => r.bookingId)).size;
    const aheadDays = [...new Set(ahead.map((s) => s.date))];
    out.push({
      desk,
      handlingSec: mine.filter((r) => r.answered && r.totalSec !== null).map((r) => r.totalSec!),
      attemptsPerBooking: bookings ? mine.length / bookings : 1,
      history,
      forecast: f.perWeekday,
      forecastError: forecastError(history, 2, 8),
      hours: hoursPerWeekday(localSlotsOf([...past, ...ahead], ZONE), desk.slotMinutes),
      backlog: backlog.get(desk.deskId) ?? 0,
      daysAhead: aheadDays.map((d) => weekdayOf(d)),
    });
  }
  return out;
}
