/** ISO weekday, 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A weekly opening interval, "HH:MM" local wall clock, half-open [from, to). */
export interface OpeningInterval {
  weekday: Weekday;
  from: string;
  to: string;
  places: number;
}

export type DayException =
  /** No from/to = whole day closed; else removes the slots overlapping [from, to). */
  | { date: string; kind: 'closed'; from?: string; to?: string; reason?: string }
  /** Adds an opening interval that day (applies even on weekends and holidays). */
  | { date: string; kind: 'extra'; from: string; to: string; places: number; reason?: string }
  /** Caps places (min) on the whole day, or on the slots overlapping [from, to). 0 removes them. */
  | { date: string; kind: 'reduced'; places: number; from?: string; to?: string; reason?: string };

/** "MM-DD" recurring every year, or "YYYY-MM-DD" once. */
export interface LocalHoliday {
  date: string;
  name: string;
}

export interface DeskSchedule {
  slotMinutes: number;
  weekly: OpeningInterval[];
  exceptions: DayException[];
  localHolidays: LocalHoliday[];
  /** IANA zone, default 'Europe/Rome'. */
  timeZone?: string;
  /**
   * When set, places follow the duty roster: each slot keeps min(its places, operators whose
   * shift covers the whole slot that day and who are not absent); a slot left with 0 goes.
   */
  roster?: RosterRule | undefined;
}

/** A bookable slot; startMs/endMs are UTC epoch milliseconds, date is the local calendar date. */
export interface Slot {
  date: string;
  startMs: number;
  endMs: number;
  places: number;
}

export type ClosedReason = 'weekend_or_no_opening' | 'national_holiday' | 'local_holiday' | 'closure';

export interface DayPlan {
  date: string;
  /** true iff slots is not empty. */
  open: boolean;
  closedReason?: ClosedReason;
  /** Name of the national or local holiday falling on this date (set even if an extra opening opens the day). */
  holidayName?: string;
  slots: Slot[];
}

export interface ScheduleProblem {
  /** Path of the offending field, e.g. `weekly[2].to`. */
  field: string;
  /** Stable machine code, e.g. `slot_length_not_dividing`. */
  code: string;
  it: string;
  en: string;
}

/**
 * A duty shift of one operator at a desk: every week on `weekday`, or once on `date`,
 * [from, to) local wall clock.
 */
export interface RosterShift {
  operatorId: string;
  weekday?: Weekday;
  date?: string;
  from: string;
  to: string;
}

/** An operator away (sick leave, training…) on the local dates from..to inclusive. */
export interface RosterAbsence {
  operatorId: string;
  from: string;
  to: string;
}

/** Present on a DeskSchedule when the desk's places follow its duty roster. */
export interface RosterRule {
  shifts: RosterShift[];
  absences: RosterAbsence[];
}
