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
  exampleTown: string;
}

/** A comune with the office competent for it (GET /api/towns). */
export interface Town {
  name: string;
  provinceCode: string;
  provinceName: string;
  office: OfficeSummary | null;
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

export type SlotState = 'open' | 'full' | 'past' | 'too_soon' | 'beyond_horizon' | 'not_yet_open';
export type DayStatus = 'open' | 'full' | 'closed' | 'not_yet_open' | 'unavailable';

export interface Slot {
  start: string;
  end: string;
  capacity: number;
  booked: number;
  /** Places the caller can take (ordinary, or priority when asked with priority=true). */
  remaining: number;
  /** Only `open` slots can be booked (absent from servers before the booking engine). */
  state?: SlotState;
  opensAt?: string;
}

export type ClosedReason = 'national_holiday' | 'local_holiday' | 'closure' | 'weekend_or_no_opening';

export interface Day {
  date: string;
  status?: DayStatus;
  open: boolean;
  opensAt?: string;
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
  fields?: FieldProblem[];
  /** Extra members of some problems (opensAt, existingCode…). */
  [extra: string]: unknown;
}

export interface FieldProblem extends Partial<Localized> {
  path: string;
  code: string;
}

// ── Booking ──────────────────────────────────────────────────────────────

export interface FirstAvailable {
  slot: { start: string; end: string; remaining: number } | null;
}

/** A desk of the same kind at a nearby office with a free place (GET /api/desks/:id/alternatives). */
export interface DeskAlternative {
  deskId: string;
  officeId: string;
  officeCode: string;
  officeName: string;
  town: string;
  provinceCode: string;
  distanceKm: number | null;
  firstSlot: { start: string; end: string };
}

export interface Hold {
  holdId: string;
  holdToken: string;
  deskId: string;
  start: string;
  end: string;
  expiresAt: string;
  holdMinutes: number;
}

export type BookingStatus = 'held' | 'booked' | 'cancelled' | 'expired';

export interface BookingView {
  code: string;
  status: BookingStatus;
  start: string;
  end: string;
  channel: Channel;
  language: 'it' | 'en';
  topic: string | null;
  fullName: string | null;
  /** masked */
  phone: string | null;
  /** masked */
  email: string | null;
  priority: boolean;
  source: string;
  desk: { id: string; number: number; name: Localized };
  office: { id: string; code: string; name: string; receptionPhone: string | null };
  /** The municipal station the citizen comes to, for a booking made there. */
  station: { id: string; name: string; address: string; comune: string } | null;
  bookedAt: string | null;
  cancelledAt: string | null;
}

export interface NewBooking {
  booking: BookingView;
  pin: string;
}

/** The personal data of a booking or of a waiting-list entry, as sent. */
export interface PersonInput {
  taxCode: string;
  fullName: string;
  phone: string;
  email?: string;
  topic?: string;
  notes?: string;
  channel: Channel;
  language: 'it' | 'en';
  consent: true;
  priority?: boolean;
}

export interface WaitlistEntry {
  entryId: string;
  token: string;
  code: string;
  position: number;
  /** Channels a confirmation with the link was queued on (empty: no message is sent). */
  confirmation: ('email' | 'sms' | 'appio')[];
}

export type WaitlistStatus = 'waiting' | 'offered' | 'booked' | 'expired' | 'left';

export interface WaitlistState {
  status: WaitlistStatus;
  code: string | null;
  position: number;
  offer?: { start: string; end: string; expiresAt: string };
}
