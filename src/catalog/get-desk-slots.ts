import type { Queryable } from '../storage/db.js';
import { AppError, notFound } from '../domain/errors.js';
import { addDays, dayNumberOf, isValidLocalDate, planDays, toIsoWithOffset, type ClosedReason } from '../domain/schedule/index.js';
import { getDeskSchedule } from './catalog.repository.js';

export const MAX_SLOT_RANGE_DAYS = 62;

export interface SlotView {
  start: string;
  end: string;
  capacity: number;
  booked: number;
  remaining: number;
}

export interface DayView {
  date: string;
  open: boolean;
  full?: boolean;
  closedReason?: ClosedReason;
  holidayName?: string;
  slots: SlotView[];
}

export interface DeskSlotsView {
  deskId: string;
  timeZone: string;
  from: string;
  to: string;
  days: DayView[];
}

/** Counts the places taken in a desk's slots, keyed by slot start (epoch ms). */
export type TakenPlaces = (db: Queryable, deskId: string, fromMs: number, toMs: number) => Promise<Map<number, number>>;

/** Today's date in a time zone, as YYYY-MM-DD. */
export function localToday(now: Date, zone: string): string {
  return toIsoWithOffset(now.getTime(), zone).slice(0, 10);
}

/**
 * The calendar of a desk over a range of local dates: each day open or closed (and why),
 * each slot with its capacity and remaining places. `taken` reports the places already
 * taken; the catalog alone knows none, the booking capability supplies the real count.
 */
export async function getDeskSlots(
  db: Queryable,
  input: { deskId: string; from?: string | undefined; to?: string | undefined; now?: Date },
  taken: TakenPlaces = async () => new Map(),
): Promise<DeskSlotsView> {
  const schedule = await getDeskSchedule(db, input.deskId);
  if (!schedule) throw notFound({ it: 'Sportello non trovato.', en: 'Desk not found.' });
  const zone = schedule.timeZone ?? 'Europe/Rome';
  const from = input.from ?? localToday(input.now ?? new Date(), zone);
  const to = input.to ?? (isValidLocalDate(from) ? addDays(from, 13) : from);
  checkRange(from, to);
  const days = planDays(schedule, from, to);
  const first = days.find((d) => d.slots.length)?.slots[0]?.startMs ?? 0;
  const lastDay = [...days].reverse().find((d) => d.slots.length);
  const last = lastDay?.slots[lastDay.slots.length - 1]?.endMs ?? 0;
  const counts = first ? await taken(db, input.deskId, first, last) : new Map<number, number>();
  return {
    deskId: input.deskId,
    timeZone: zone,
    from,
    to,
    days: days.map((d) => {
      const slots = d.slots.map((s) => {
        const booked = counts.get(s.startMs) ?? 0;
        return {
          start: toIsoWithOffset(s.startMs, zone),
          end: toIsoWithOffset(s.endMs, zone),
          capacity: s.places,
          booked,
          remaining: Math.max(0, s.places - booked),
        };
      });
      const day: DayView = { date: d.date, open: d.open, slots };
      if (d.open) day.full = slots.every((s) => s.remaining === 0);
      if (d.closedReason) day.closedReason = d.closedReason;
      if (d.holidayName) day.holidayName = d.holidayName;
      return day;
    }),
  };
}

function checkRange(from: string, to: string): void {
  const fields = [];
  if (!isValidLocalDate(from)) fields.push({ path: 'from', code: 'invalid_date', it: 'Data non valida (AAAA-MM-GG).', en: 'Invalid date (YYYY-MM-DD).' });
  if (!isValidLocalDate(to)) fields.push({ path: 'to', code: 'invalid_date', it: 'Data non valida (AAAA-MM-GG).', en: 'Invalid date (YYYY-MM-DD).' });
  if (fields.length) throw new AppError(400, 'invalid_input', { it: 'Intervallo di date non valido.', en: 'Invalid date range.' }, fields);
  const span = dayNumberOf(to) - dayNumberOf(from) + 1;
  if (span < 1 || span > MAX_SLOT_RANGE_DAYS) {
    throw new AppError(400, 'invalid_range', {
      it: `L'intervallo deve andare da 1 a ${MAX_SLOT_RANGE_DAYS} giorni, con "from" non dopo "to".`,
      en: `The range must span 1 to ${MAX_SLOT_RANGE_DAYS} days, with "from" not after "to".`,
    }, [{ path: 'to', code: 'invalid_range', it: `Al massimo ${MAX_SLOT_RANGE_DAYS} giorni.`, en: `At most ${MAX_SLOT_RANGE_DAYS} days.` }]);
  }
}
