/** validateSchedule: every problem of a DeskSchedule, with a field path and a message in Italian and English. */
import { IANAZone } from 'luxon';
import { holidayName, indexLocalHolidays } from './holidays.js';
import { daysInMonth, isValidLocalDate, parseHHMM, weekdayOf } from './time.js';
import type { DeskSchedule, ScheduleProblem } from './types.js';

export const PLACES_MAX = 200;
export const SLOT_MINUTES_MIN = 5;
export const SLOT_MINUTES_MAX = 240;

type Problems = ScheduleProblem[];

function add(out: Problems, field: string, code: string, it: string, en: string): void {
  out.push({ field, code, it, en });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks an "HH:MM" field; returns minutes or null (problem already added). */
function time(out: Problems, field: string, value: unknown, isEnd: boolean): number | null {
  if (value === undefined || value === null || value === '') {
    add(out, field, 'required', 'Campo obbligatorio.', 'This field is required.');
    return null;
  }
  const m = parseHHMM(value);
  if (m === null || (m === 1440 && !isEnd)) {
    add(
      out,
      field,
      'time_format',
      isEnd ? 'Orario non valido: usare HH:MM tra 00:00 e 24:00.' : 'Orario non valido: usare HH:MM tra 00:00 e 23:59.',
      isEnd ? 'Invalid time: use HH:MM between 00:00 and 24:00.' : 'Invalid time: use HH:MM between 00:00 and 23:59.',
    );
    return null;
  }
  return m;
}

function places(out: Problems, field: string, value: unknown, min: number): number | null {
  if (value === undefined || value === null) {
    add(out, field, 'required', 'Campo obbligatorio.', 'This field is required.');
    return null;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > PLACES_MAX) {
    add(
      out,
      field,
      'places_range',
      `I posti devono essere un numero intero da ${min} a ${PLACES_MAX}.`,
      `Places must be a whole number from ${min} to ${PLACES_MAX}.`,
    );
    return null;
  }
  return value;
}

/** Checks from < to (both already parsed); field is the `to` path. */
function order(out: Problems, field: string, from: number | null, to: number | null): boolean {
  if (from === null || to === null) return false;
  if (from >= to) {
    add(out, field, 'from_not_before_to', "L'orario di fine deve essere successivo a quello di inizio.", 'The end time must be after the start time.');
    return false;
  }
  return true;
}

function dividing(out: Problems, field: string, from: number, to: number, slot: number | null): void {
  if (slot !== null && (to - from) % slot !== 0) {
    add(
      out,
      field,
      'slot_length_not_dividing',
      `La durata della fascia (${to - from} min) non è un multiplo della durata dello slot (${slot} min).`,
      `The interval length (${to - from} min) is not a multiple of the slot length (${slot} min).`,
    );
  }
}

function overlap(out: Problems, field: string, other: string): void {
  add(out, field, 'interval_overlap', `La fascia si sovrappone a ${other}.`, `The interval overlaps ${other}.`);
}

function date(out: Problems, field: string, value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    add(out, field, 'date_format', 'Data non valida: usare AAAA-MM-GG.', 'Invalid date: use YYYY-MM-DD.');
    return false;
  }
  if (!isValidLocalDate(value)) {
    add(out, field, 'date_invalid', 'Questa data non esiste.', 'This date does not exist.');
    return false;
  }
  return true;
}

function notAllowed(out: Problems, field: string): void {
  add(out, field, 'field_not_allowed', 'Campo non previsto per questo tipo di eccezione.', 'This field is not allowed for this kind of exception.');
}

/** Both from and to, or neither. Returns [from, to] minutes when both are valid, null otherwise. */
function optionalRange(out: Problems, at: string, e: Record<string, unknown>): [number, number] | null {
  const hasFrom = e.from !== undefined;
  const hasTo = e.to !== undefined;
  if (!hasFrom && !hasTo) return null;
  if (hasFrom !== hasTo) {
    add(
      out,
      `${at}.${hasFrom ? 'to' : 'from'}`,
      'from_to_pair',
      'Indicare sia l’orario di inizio sia quello di fine, oppure nessuno dei due.',
      'Give both the start and the end time, or neither.',
    );
    return null;
  }
  const f = time(out, `${at}.from`, e.from, false);
  const t = time(out, `${at}.to`, e.to, true);
  return order(out, `${at}.to`, f, t) ? [f as number, t as number] : null;
}

/** Every problem of the schedule; an empty array means valid. */
export function validateSchedule(s: DeskSchedule): ScheduleProblem[] {
  const out: Problems = [];
  const raw = s as unknown as Record<string, unknown>;

  let slot: number | null = null;
  if (typeof raw.slotMinutes !== 'number' || !Number.isInteger(raw.slotMinutes) || raw.slotMinutes < SLOT_MINUTES_MIN || raw.slotMinutes > SLOT_MINUTES_MAX) {
    add(
      out,
      'slotMinutes',
      'slot_minutes_range',
      `La durata dello slot deve essere un numero intero di minuti da ${SLOT_MINUTES_MIN} a ${SLOT_MINUTES_MAX}.`,
      `The slot length must be a whole number of minutes from ${SLOT_MINUTES_MIN} to ${SLOT_MINUTES_MAX}.`,
    );
  } else {
    slot = raw.slotMinutes;
  }

  if (raw.timeZone !== undefined && (typeof raw.timeZone !== 'string' || !IANAZone.isValidZone(raw.timeZone))) {
    add(out, 'timeZone', 'time_zone_invalid', 'Fuso orario non valido.', 'Invalid time zone.');
  }

  for (const key of ['weekly', 'exceptions', 'localHolidays'] as const) {
    if (!Array.isArray(raw[key])) add(out, key, 'not_a_list', 'Deve essere un elenco.', 'Must be a list.');
  }

  // Weekly intervals.
  const weeklyOk: { i: number; weekday: number; from: number; to: number }[] = [];
  const weekly: unknown[] = Array.isArray(raw.weekly) ? raw.weekly : [];
  weekly.forEach((w, i) => {
    const at = `weekly[${i}]`;
    if (!isObject(w)) {
      add(out, at, 'not_an_object', 'Elemento non valido.', 'Invalid item.');
      return;
    }
    const wd = w.weekday;
    const wdOk = typeof wd === 'number' && Number.isInteger(wd) && wd >= 1 && wd <= 7;
    if (!wdOk) add(out, `${at}.weekday`, 'weekday_invalid', 'Giorno della settimana non valido (1 = lunedì … 7 = domenica).', 'Invalid weekday (1 = Monday … 7 = Sunday).');
    const f = time(out, `${at}.from`, w.from, false);
    const t = time(out, `${at}.to`, w.to, true);
    places(out, `${at}.places`, w.places, 1);
    if (order(out, `${at}.to`, f, t)) {
      dividing(out, `${at}.to`, f as number, t as number, slot);
      if (wdOk) weeklyOk.push({ i, weekday: wd, from: f as number, to: t as number });
    }
  });
  for (let a = 0; a < weeklyOk.length; a++) {
    for (let b = a + 1; b < weeklyOk.length; b++) {
      const x = weeklyOk[a]!;
      const y = weeklyOk[b]!;
      if (x.weekday === y.weekday && x.from < y.to && y.from < x.to) overlap(out, `weekly[${y.i}].from`, `weekly[${x.i}]`);
    }
  }

  // Local holidays (needed to know whether an extra opening replaces the weekly hours).
  const holidays: unknown[] = Array.isArray(raw.localHolidays) ? raw.localHolidays : [];
  holidays.forEach((h, i) => {
    const at = `localHolidays[${i}]`;
    if (!isObject(h)) {
      add(out, at, 'not_an_object', 'Elemento non valido.', 'Invalid item.');
      return;
    }
    if (typeof h.name !== 'string' || h.name.trim() === '') add(out, `${at}.name`, 'required', 'Campo obbligatorio.', 'This field is required.');
    const d = h.date;
    if (typeof d === 'string' && /^\d{2}-\d{2}$/.test(d)) {
      const m = Number(d.slice(0, 2));
      const day = Number(d.slice(3, 5));
      if (m < 1 || m > 12 || day < 1 || day > daysInMonth(2000, m)) {
        add(out, `${at}.date`, 'date_invalid', 'Questa data non esiste.', 'This date does not exist.');
      }
    } else if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) {
      if (!isValidLocalDate(d)) add(out, `${at}.date`, 'date_invalid', 'Questa data non esiste.', 'This date does not exist.');
    } else {
      add(out, `${at}.date`, 'holiday_date_format', 'Data non valida: usare MM-GG (ogni anno) o AAAA-MM-GG (una volta).', 'Invalid date: use MM-DD (every year) or YYYY-MM-DD (once).');
    }
  });
  const localIndex = indexLocalHolidays(holidays.filter(isObject) as never);

  // Exceptions.
  const extras: { i: number; date: string; from: number; to: number }[] = [];
  const wholeDayClosed = new Map<string, number>();
  const exceptions: unknown[] = Array.isArray(raw.exceptions) ? raw.exceptions : [];
  exceptions.forEach((e, i) => {
    const at = `exceptions[${i}]`;
    if (!isObject(e)) {
      add(out, at, 'not_an_object', 'Elemento non valido.', 'Invalid item.');
      return;
    }
    const dateOk = date(out, `${at}.date`, e.date);
    if (e.reason !== undefined && typeof e.reason !== 'string') add(out, `${at}.reason`, 'reason_invalid', 'Motivo non valido.', 'Invalid reason.');
    if (e.kind === 'closed') {
      if (e.places !== undefined) notAllowed(out, `${at}.places`);
      const r = optionalRange(out, at, e);
      if (r === null && e.from === undefined && e.to === undefined && dateOk) wholeDayClosed.set(e.date as string, i);
    } else if (e.kind === 'extra') {
      const f = time(out, `${at}.from`, e.from, false);
      const t = time(out, `${at}.to`, e.to, true);
      places(out, `${at}.places`, e.places, 1);
      if (order(out, `${at}.to`, f, t)) {
        dividing(out, `${at}.to`, f as number, t as number, slot);
        if (dateOk) extras.push({ i, date: e.date as string, from: f as number, to: t as number });
      }
    } else if (e.kind === 'reduced') {
      places(out, `${at}.places`, e.places, 0);
      optionalRange(out, at, e);
    } else {
      add(out, `${at}.kind`, 'exception_kind', "Tipo di eccezione non valido (closed, extra o reduced).", 'Invalid exception kind (closed, extra or reduced).');
    }
  });

  // Extra openings: against a whole-day closure, each other, and the weekly hours of a working day.
  for (let a = 0; a < extras.length; a++) {
    const x = extras[a]!;
    const closedAt = wholeDayClosed.get(x.date);
    if (closedAt !== undefined) {
      add(
        out,
        `exceptions[${x.i}].date`,
        'exception_conflict',
        `Apertura straordinaria in un giorno chiuso per intero da exceptions[${closedAt}]: la chiusura prevale.`,
        `Extra opening on a day closed all day by exceptions[${closedAt}]: the closure wins.`,
      );
    }
    for (let b = 0; b < a; b++) {
      const y = extras[b]!;
      if (x.date === y.date && x.from < y.to && y.from < x.to) overlap(out, `exceptions[${x.i}].from`, `exceptions[${y.i}]`);
    }
    if (holidayName(x.date) === undefined && localIndex.nameOn(x.date) === undefined) {
      const wd = weekdayOf(x.date);
      for (const w of weeklyOk) {
        if (w.weekday === wd && x.from < w.to && w.from < x.to) overlap(out, `exceptions[${x.i}].from`, `weekly[${w.i}]`);
      }
    }
  }
  return out;
}
