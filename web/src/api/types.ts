/** Shapes of the public read API (JSON, camelCase). */

export interface Localized {
  it: string;
  en: string;
}

export interface Province {
  code: string;
  name: string;
  capital: string;
  receptionPhone: string | null;
  officeCount: number;
}

export interface OfficeSummary {
  id: string;
  code: string;
  name: string;
  kind: string;
  town: string;
  address: string | null;
  provinceCode: string;
  receptionPhone: string | null;
  deskCount: number;
}

export type Channel = 'phone' | 'video' | (string & {});

export interface Topic extends Localized {
  key: string;
}

export interface Desk {
  id: string;
  officeId: string;
  key: string;
  number: number;
  name: Localized;
  description: Localized;
  channels: Channel[];
  slotMinutes: number;
  horizonDays: number;
  minNoticeMinutes: number;
  active: boolean;
  topics: Topic[];
}

export interface LocalHoliday {
  /** MM-DD */
  date: string;
  name: string;
}

export interface Office extends OfficeSummary {
  desks: Desk[];
  localHolidays: LocalHoliday[];
}

export interface WeeklyOpening {
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  from: string;
  to: string;
  places: number;
}

export interface DeskDetail extends Desk {
  office: { id: string; code: string; name: string; town: string; provinceCode: string };
  weekly: WeeklyOpening[];
}

export interface Slot {
  start: string;
  end: string;
  capacity: number;
  booked: number;
  remaining: number;
}

export type ClosedReason = 'national_holiday' | 'local_holiday' | 'closure' | 'weekend_or_no_opening';

export interface Day {
  date: string;
  open: boolean;
  full?: boolean;
  closedReason?: ClosedReason | (string & {});
  holidayName?: string | null;
  slots: Slot[];
}

export interface SlotsResponse {
  deskId: string;
  timeZone: string;
  from: string;
  to: string;
  days: Day[];
}

export interface ListResponse<T> {
  items: T[];
}

/** application/problem+json */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  messages?: Partial<Localized>;
}
