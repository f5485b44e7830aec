/** Types (the server's own, generated) and formatting for the office administration screens (API: src/admin/routes.ts). */
import type { ApiData } from '../../api/client';


export type AdminOffice = ApiData<'/api/staff/admin/offices/{id}'>;
export type AdminDesk = AdminOffice['desks'][number];
export type Opening = AdminDesk['weekly'][number];
export type DayException = AdminDesk['exceptions'][number];
export type Shift = AdminDesk['roster'][number];

/** What a calendar change adds, removes and whom it touches (its preview, or once applied). */
export type ChangeResult = ApiData<'/api/staff/admin/desks/{id}/calendar', 'post'>;
export type SlotDelta = ChangeResult['added'][number];
export type AffectedBooking = ChangeResult['affected'][number];

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
