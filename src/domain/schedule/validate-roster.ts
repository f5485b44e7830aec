/** validateRoster: every problem of a desk's duty shifts against its opening hours, in Italian and English. */
import { isValidLocalDate, parseHHMM, weekdayOf } from './time.js';
import type { DeskSchedule, RosterShift, ScheduleProblem } from './types.js';

/** Merged [from, to) minute spans, sorted. */
function merge(spans: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * Every problem of the shifts: a shift is weekly (weekday) or dated (date), never both; its
 * times are HH:MM with from < to; it lies within the desk's opening hours of that day (the
 * weekly intervals of the weekday, plus the extra openings of a dated shift's date); an
 * operator's shifts on one day do not overlap. Call validateSchedule on the schedule first.
 */
export function validateRoster(schedule: DeskSchedule, shifts: RosterShift[]): ScheduleProblem[] {
  const out: ScheduleProblem[] = [];
  const add = (field: string, code: string, it: string, en: string) => out.push({ field, code, it, en });
  const open = (weekday: number, date?: string): [number, number][] => merge([
    ...schedule.weekly.filter((w) => w.weekday === weekday).map((w) => [parseHHMM(w.from) ?? 0, parseHHMM(w.to) ?? 0] as [number, number]),
    ...(date ? schedule.exceptions.filter((e) => e.kind === 'extra' && e.date === date).map((e) => [parseHHMM(e.from) ?? 0, parseHHMM(e.to) ?? 0] as [number, number]) : []),
  ]);
  const seen: { i: number; operatorId: string; day: string; from: number; to: number }[] = [];
  shifts.forEach((s, i) => {
    const at = `roster[${i}]`;
    if (!s.operatorId) add(`${at}.operatorId`, 'required', 'Campo obbligatorio.', 'This field is required.');
    if ((s.weekday === undefined) === (s.date === undefined)) {
      add(at, 'shift_day', 'Indicare il giorno della settimana oppure una data, non entrambi.', 'Give either a weekday or a date, not both.');
      return;
    }
    if (s.date !== undefined && !isValidLocalDate(s.date)) {
      add(`${at}.date`, 'date_invalid', 'Data non valida: usare AAAA-MM-GG.', 'Invalid date: use YYYY-MM-DD.');
      return;
    }
    if (s.weekday !== undefined && !(Number.isInteger(s.weekday) && s.weekday >= 1 && s.weekday <= 7)) {
      add(`${at}.weekday`, 'weekday_invalid', 'Giorno della settimana non valido (1 = lunedì … 7 = domenica).', 'Invalid weekday (1 = Monday … 7 = Sunday).');
      return;
    }
    const from = parseHHMM(s.from);
    const to = parseHHMM(s.to);
    if (from === null || to === null || from === 1440) {
      add(`${at}.${from === null || from === 1440 ? 'from' : 'to'}`, 'time_format', 'Orario non valido: usare HH:MM.', 'Invalid time: use HH:MM.');
      return;
    }
    if (from >= to) {
      add(`${at}.to`, 'from_not_before_to', "L'orario di fine deve essere successivo a quello di inizio.", 'The end time must be after the start time.');
      return;
    }
    const weekday = s.weekday ?? weekdayOf(s.date!);
    if (!open(weekday, s.date).some(([a, b]) => a <= from && to <= b)) {
      add(`${at}.from`, 'roster_outside_opening', 'Il turno è fuori dall’orario di apertura dello sportello in quel giorno.', "The shift lies outside the desk's opening hours on that day.");
      return;
    }
    const day = s.date ?? `w${weekday}`;
    const clash = seen.find((x) => x.operatorId === s.operatorId && x.day === day && x.from < to && from < x.to);
    if (clash) add(`${at}.from`, 'shift_overlap', `Il turno si sovrappone a roster[${clash.i}] dello stesso operatore.`, `The shift overlaps roster[${clash.i}] of the same operator.`);
    seen.push({ i, operatorId: s.operatorId, day, from, to });
  });
  return out;
}
