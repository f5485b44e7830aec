/** Types and formatting for the office administration screens (API: src/admin/routes.ts). */

export interface Opening {
  weekday: number;
  from: string;
  to: string;
  places: number;
}

export interface DayException {
  date: string;
  kind: 'closed' | 'extra' | 'reduced';
  from?: string;
  to?: string;
  places?: number;
  reason?: string;
}

export interface Shift {
  operatorId: string;
  weekday?: number;
  date?: string;
  from: string;
  to: string;
}

export interface AdminDesk {
  id: string;
  key: string;
  number: number;
  nameIt: string;
  nameEn: string;
  descriptionIt: string;
  descriptionEn: string;
  channels: ('phone' | 'video')[];
  slotMinutes: number;
  horizonDays: number;
  minNoticeMinutes: number;
  active: boolean;
  topics: { key: string; it: string; en: string }[];
  holdMinutes: number;
  maxActivePerPerson: number | null;
  release: { weekday: number; time: string; weeksAhead: number } | null;
  priorityPercent: number;
  priorityReleaseHours: number;
  waitlistOfferMinutes: number;
  placesFollowRoster: boolean;
  /** The share kept for patronati and its release (docs/patronati.md). */
  patronatoPercent: number;
  patronatoReleaseHours: number;
  weekly: Opening[];
  exceptions: DayException[];
  roster: Shift[];
}

export interface AdminOffice {
  id: string;
  code: string;
  name: string;
  town: string;
  kind: string;
  provinceCode: string;
  localHolidays: { date: string; name: string }[];
  desks: AdminDesk[];
  operators: { id: string; username: string; displayName: string }[];
  absences: { id: string; operatorId: string; from: string; to: string; kind: string; note: string | null }[];
}

export interface SlotDelta {
  start: string;
  end: string;
  places: number;
  deskId?: string;
}

export interface AffectedBooking {
  code: string;
  start: string;
  fullName: string | null;
  bookedAt: string | null;
  deskId?: string;
  movedTo?: string | null;
  outcome?: 'moved' | 'cancelled';
}

export interface ChangeResult {
  applied: boolean;
  added: SlotDelta[];
  removed: SlotDelta[];
  affected: AffectedBooking[];
}

/** "2026-12-01T14:00:00+01:00" → "14:00" (the API gives Europe/Rome wall-clock times). */
export const timeOf = (iso: string) => iso.slice(11, 16);
export const dateOf = (iso: string) => iso.slice(0, 10);

/** A local date ("2026-12-01") as "martedì 1 dicembre 2026" / "Tuesday 1 December 2026". */
export function longDate(date: string, lang: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'it-IT', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

/** "martedì 1 dicembre 2026 alle 14:00" style, from an ISO instant with offset. */
export function when(iso: string, lang: string): string {
  return `${longDate(dateOf(iso), lang)}, ${timeOf(iso)}`;
}

/** Slots grouped by local date, in order. */
export function byDay(slots: SlotDelta[]): [string, SlotDelta[]][] {
  const m = new Map<string, SlotDelta[]>();
  for (const s of slots) m.set(dateOf(s.start), [...(m.get(dateOf(s.start)) ?? []), s]);
  return [...m].sort(([a], [b]) => a.localeCompare(b));
}
