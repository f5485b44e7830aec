import type { DayPlan, Slot, Weekday } from '../schedule/types.js';
import { dayNumberOf, parseHHMM, weekdayOfDayNumber } from '../schedule/time.js';
import { localTimeToUtcMs, toIsoWithOffset } from '../schedule/zone.js';

/** When a desk's slots become bookable: e.g. every Monday at 08:00, the week after next opens. */
export interface ReleaseRule {
  weekday: Weekday;
  time: string;
  /** Slots of week W open on the rule's day of week W − weeksAhead. */
  weeksAhead: number;
}

export interface BookingRules {
  minNoticeMinutes: number;
  horizonDays: number;
  release: ReleaseRule | null;
  /** Share of each slot's places kept for priority citizens… */
  priorityPercent: number;
  /** …until this many hours before the slot, when they go to everyone. */
  priorityReleaseHours: number;
  /** Share of each slot's places kept for patronati (100: a dedicated patronato desk)… */
  patronatoPercent?: number;
  /** …until this many hours before the slot, when they go to everyone. */
  patronatoReleaseHours?: number;
}

export interface SlotUsage {
  taken: number;
  /** Priority citizens' places (not made by a patronato). */
  takenPriority: number;
  /** Places booked by patronati. */
  takenPatronato?: number;
}

export type SlotState = 'open' | 'full' | 'past' | 'too_soon' | 'beyond_horizon' | 'not_yet_open';
export type DayStatus = 'open' | 'full' | 'closed' | 'not_yet_open' | 'unavailable';

export interface SlotAvailability {
  startMs: number;
  endMs: number;
  capacity: number;
  taken: number;
  /** Places kept for priority citizens at this moment (0 once released). */
  reserved: number;
  /** Places an ordinary citizen can take. */
  remaining: number;
  /** Places a priority citizen can take. */
  remainingPriority: number;
  /** Places kept for patronati at this moment (0 once released). */
  reservedPatronato: number;
  /** Places a patronato can take for an ordinary client (a priority client: remainingPriority + the patronato share, see below). */
  remainingPatronato: number;
  state: SlotState;
  opensAtMs?: number;
}

export interface DayAvailability {
  date: string;
  status: DayStatus;
  closedReason?: DayPlan['closedReason'];
  holidayName?: string;
  opensAtMs?: number;
  slots: SlotAvailability[];
}

const MIN_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Places of a slot kept for priority citizens (rounded down). */
export function reservedPlaces(capacity: number, rules: Pick<BookingRules, 'priorityPercent'>): number {
  return Math.floor((capacity * rules.priorityPercent) / 100);
}

/** The instant a slot's priority places are released to everyone. */
export function priorityReleaseMs(slotStartMs: number, rules: Pick<BookingRules, 'priorityReleaseHours'>): number {
  return slotStartMs - rules.priorityReleaseHours * HOUR_MS;
}

/** Places of a slot kept for patronati (rounded down), as the database counts them (migration 0020). */
export function patronatoPlaces(capacity: number, rules: Pick<BookingRules, 'patronatoPercent'>): number {
  return Math.floor((capacity * (rules.patronatoPercent ?? 0)) / 100);
}

/** The instant a slot's patronato places are released to everyone. */
export function patronatoReleaseMs(slotStartMs: number, rules: Pick<BookingRules, 'patronatoReleaseHours'>): number {
  return slotStartMs - (rules.patronatoReleaseHours ?? 0) * HOUR_MS;
}

/**
 * The places of a slot each kind of booking can still take. Three shares: ordinary, kept for
 * priority citizens, kept for patronati (each reserve until its release). A booking may not eat
 * into a reserve that is not its own: the same rule as the database's (booking_count_places,
 * migration 0020), which decides.
 */
export function remainingPlaces(
  capacity: number,
  usage: SlotUsage,
  reserves: { priority: number; patronato: number },
): { ordinary: number; priority: number; patronato: number } {
  const tp = usage.takenPriority;
  const tq = usage.takenPatronato ?? 0;
  const ordinaryTaken = usage.taken - tp - tq;
  const free = Math.max(0, capacity - usage.taken);
  const priorityShare = Math.max(reserves.priority, tp);
  const patronatoShare = Math.max(reserves.patronato, tq);
  const clamp = (n: number) => Math.max(0, Math.min(free, n));
  return {
    ordinary: clamp(capacity - ordinaryTaken - priorityShare - patronatoShare),
    priority: clamp(capacity - ordinaryTaken - tp - patronatoShare),
    patronato: clamp(capacity - ordinaryTaken - tq - priorityShare),
  };
}

/** The instant the slots of a local date become bookable under a release rule. */
export function releaseInstantMs(date: string, rule: ReleaseRule, zone: string): number {
  const day = dayNumberOf(date);
  const monday = day - (weekdayOfDayNumber(day) - 1);
  const releaseDay = monday - 7 * rule.weeksAhead + (rule.weekday - 1);
  return localTimeToUtcMs(releaseDay, parseHHMM(rule.time) ?? 0, zone);
}

/** The last local date inside the booking horizon, counted from today in the zone. */
export function horizonEndDate(nowMs: number, horizonDays: number, zone: string): number {
  return dayNumberOf(toIsoWithOffset(nowMs, zone).slice(0, 10)) + horizonDays;
}

/**
 * What a citizen can do with one slot now. Precedence: past, too soon (minimum notice),
 * beyond the horizon, not yet open (release rule), full, open.
 */
export function assessSlot(
  slot: Slot,
  usage: SlotUsage | undefined,
  rules: BookingRules,
  nowMs: number,
  zone: string,
  context: { horizonEnd?: number; opensAtMs?: number } = {},
): SlotAvailability {
  const taken = usage?.taken ?? 0;
  const capacity = slot.places;
  const held = nowMs < priorityReleaseMs(slot.startMs, rules) ? reservedPlaces(capacity, rules) : 0;
  const heldPatronato = nowMs < patronatoReleaseMs(slot.startMs, rules) ? patronatoPlaces(capacity, rules) : 0;
  const left = remainingPlaces(capacity, usage ?? { taken: 0, takenPriority: 0 }, { priority: held, patronato: heldPatronato });
  const remaining = left.ordinary;
  const horizonEnd = context.horizonEnd ?? horizonEndDate(nowMs, rules.horizonDays, zone);
  const opensAtMs = context.opensAtMs ?? (rules.release ? releaseInstantMs(slot.date, rules.release, zone) : undefined);
  let state: SlotState;
  if (slot.startMs <= nowMs) state = 'past';
  else if (slot.startMs < nowMs + rules.minNoticeMinutes * MIN_MS) state = 'too_soon';
  else if (dayNumberOf(slot.date) > horizonEnd) state = 'beyond_horizon';
  else if (opensAtMs !== undefined && nowMs < opensAtMs) state = 'not_yet_open';
  else if (remaining === 0) state = 'full';
  else state = 'open';
  const result: SlotAvailability = {
    startMs: slot.startMs,
    endMs: slot.endMs,
    capacity,
    taken,
    reserved: held,
    remaining,
    remainingPriority: left.priority,
    reservedPatronato: heldPatronato,
    remainingPatronato: left.patronato,
    state,
  };
  if (state === 'not_yet_open' && opensAtMs !== undefined) result.opensAtMs = opensAtMs;
  return result;
}

/** Availability of a range of days, from the calendar and the places taken. */
export function assessDays(
  days: DayPlan[],
  usage: ReadonlyMap<number, SlotUsage>,
  rules: BookingRules,
  nowMs: number,
  zone: string,
): DayAvailability[] {
  const horizonEnd = horizonEndDate(nowMs, rules.horizonDays, zone);
  return days.map((d) => {
    const opensAtMs = rules.release ? releaseInstantMs(d.date, rules.release, zone) : undefined;
    const slots = d.slots.map((s) => assessSlot(s, usage.get(s.startMs), rules, nowMs, zone, { horizonEnd, ...(opensAtMs !== undefined ? { opensAtMs } : {}) }));
    const day: DayAvailability = { date: d.date, status: dayStatus(d.open, slots), slots };
    if (d.closedReason) day.closedReason = d.closedReason;
    if (d.holidayName) day.holidayName = d.holidayName;
    if (day.status === 'not_yet_open' && opensAtMs !== undefined) day.opensAtMs = opensAtMs;
    return day;
  });
}

function dayStatus(open: boolean, slots: SlotAvailability[]): DayStatus {
  if (!open || slots.length === 0) return 'closed';
  if (slots.some((s) => s.state === 'open')) return 'open';
  if (slots.some((s) => s.state === 'not_yet_open')) return 'not_yet_open';
  if (slots.some((s) => s.state === 'full')) return 'full';
  return 'unavailable';
}
