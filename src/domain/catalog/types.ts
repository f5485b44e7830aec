import type { DayException, LocalHoliday, OpeningInterval } from '../schedule/types.js';

export type Channel = 'phone' | 'video';
export const CHANNELS: readonly Channel[] = ['phone', 'video'];

export interface Topic {
  key: string;
  it: string;
  en: string;
}

/** A desk as configured: what an office file or the admin screens describe. */
export interface DeskConfig {
  key: string;
  number: number;
  name: { it: string; en: string };
  description: { it: string; en: string };
  channels: Channel[];
  slotMinutes: number;
  horizonDays: number;
  minNoticeMinutes: number;
  active: boolean;
  topics: Topic[];
  weekly: OpeningInterval[];
  exceptions: DayException[];
  booking: DeskBookingSettings;
}

/** How a desk takes bookings (see docs/booking.md, "Per-desk booking rules"). */
export interface DeskBookingSettings {
  holdMinutes: number;
  /** null = no limit. */
  maxActivePerPerson: number | null;
  release: { weekday: number; time: string; weeksAhead: number } | null;
  priorityPercent: number;
  priorityReleaseHours: number;
  waitlistOfferMinutes: number;
}

export const DEFAULT_BOOKING_SETTINGS: DeskBookingSettings = {
  holdMinutes: 10,
  maxActivePerPerson: 1,
  release: null,
  priorityPercent: 0,
  priorityReleaseHours: 24,
  waitlistOfferMinutes: 120,
};

export interface OfficeConfig {
  code: string;
  provinceCode: string;
  kind: string;
  name: string;
  town: string;
  address: string | null;
  receptionPhone: string | null;
  /** Where the office is, WGS84 degrees; null when the office file does not say. */
  location: { latitude: number; longitude: number } | null;
  /** Comuni served besides its own town, as officially written (see domain/catalog/competence.ts). */
  serves: string[];
  /** Office hours of waiting-list offers (src/domain/booking/offer-window.ts). */
  offerHours: { from: string; to: string; weekdays: number[] };
  localHolidays: LocalHoliday[];
  desks: DeskConfig[];
}

export interface ProvinceConfig {
  code: string;
  name: string;
  capital: string;
  patron: string | null;
  patronDay: string | null;
  receptionPhone: string | null;
}

/** The whole content of an office file, normalised: every default applied. */
export interface OfficeFileContent {
  region: { code: string; name: string } | null;
  provinces: ProvinceConfig[];
  offices: OfficeConfig[];
}
