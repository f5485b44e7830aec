import { assessSlot, priorityReleaseMs, reservedPlaces, type SlotAvailability } from '../domain/booking/availability.js';
import type { Channel } from '../domain/catalog/types.js';
import { planDays } from '../domain/schedule/plan.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { DayPlan, Slot } from '../domain/schedule/types.js';
import type { Queryable } from '../storage/db.js';
import type { BookingDeps } from './deps.js';
import type { DeskCalendar } from './desk-calendar.js';
import { bookingErrors } from './errors.js';

export interface ResolvedSlot {
  calendar: DeskCalendar;
  slot: Slot;
  reserved: number;
  reservedUntilMs: number;
}

/**
 * The desk's calendar, or 404 / 409 when it cannot be booked at all. Inside a transaction pass
 * it as `q`: a cache miss loaded through the pool while this request holds a pooled connection
 * deadlocks once every connection is held so (and at once on PGlite, whose queries outside the
 * open transaction wait for it to end).
 */
export async function bookableDesk(deps: BookingDeps, deskId: string, channel?: Channel, q: Queryable = deps.db): Promise<DeskCalendar> {
  const calendar = await deps.calendars.get(q, deskId);
  if (!calendar) throw bookingErrors.deskNotFound();
  if (!calendar.active) throw bookingErrors.deskInactive();
  if (channel && !calendar.channels.includes(channel)) throw bookingErrors.channelNotOffered();
  return calendar;
}

/**
 * The plan of one local date of the desk, computed once per loaded calendar (a calendar is
 * immutable and replaced when it is read again): on a release morning every hold of a desk
 * resolves its slot against the same few days.
 */
const dayPlans = new WeakMap<DeskCalendar, Map<string, DayPlan | undefined>>();
const MAX_DAY_PLANS = 400;
function dayPlanOf(calendar: DeskCalendar, date: string): DayPlan | undefined {
  let days = dayPlans.get(calendar);
  if (!days) dayPlans.set(calendar, (days = new Map()));
  if (days.has(date)) return days.get(date);
  const plan = planDays(calendar.schedule, date, date)[0];
  if (days.size < MAX_DAY_PLANS) days.set(date, plan); // any date can be asked for: keep a year's worth at most
  return plan;
}

/**
 * Checks that a slot of the desk starts at `startMs` and can be claimed now (not past, within
 * notice and horizon, released), before any write. Whether a place is left is the database's call.
 */
export function resolveSlot(deps: BookingDeps, calendar: DeskCalendar, startMs: number): ResolvedSlot {
  const zone = calendar.timeZone;
  // An instant the desk's plan cannot even be asked about (not a number, or past the horizon
  // by more than a day — the plan of such a date is never needed): refused before planning.
  if (!Number.isFinite(startMs)) throw bookingErrors.notASlot();
  if (startMs > deps.now() + (calendar.rules.horizonDays + 1) * 86_400_000) throw bookingErrors.slotBeyondHorizon(calendar.rules.horizonDays);
  const date = toIsoWithOffset(startMs, zone).slice(0, 10);
  const day = dayPlanOf(calendar, date);
  const slot = day?.slots.find((s) => s.startMs === startMs);
  if (!slot) throw day && !day.open ? bookingErrors.slotClosed() : bookingErrors.notASlot();
  const now = deps.now();
  const state: SlotAvailability = assessSlot(slot, undefined, calendar.rules, now, zone);
  switch (state.state) {
    case 'past':
      throw bookingErrors.slotPast();
    case 'too_soon':
      throw bookingErrors.slotTooSoon(calendar.rules.minNoticeMinutes);
    case 'beyond_horizon':
      throw bookingErrors.slotBeyondHorizon(calendar.rules.horizonDays);
    case 'not_yet_open':
      throw bookingErrors.slotNotYetOpen(state.opensAtMs ?? now, zone);
    default:
      break;
  }
  return {
    calendar,
    slot,
    reserved: reservedPlaces(slot.places, calendar.rules),
    reservedUntilMs: priorityReleaseMs(slot.startMs, calendar.rules),
  };
}
