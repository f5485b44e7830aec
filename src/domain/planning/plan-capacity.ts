import { agentsFor } from './erlang.js';
import { slotFit } from './stats.js';

/**
 * Capacity plan of one desk (docs/planning.md, "Plan"). For each slot length L (the current one
 * and the alternatives), from the measured total handling times and the weekday demand forecast:
 *  - fit: the share of calls that would overrun L (90 % must fit, configurable);
 *  - operators per opening hour: the larger of
 *      capacity — the places an hour must offer so a day's demand (spread over the day's opening
 *        hours as the calendar spreads its places) is booked within the day, plus the extra needed
 *        to bring the bookings already waiting beyond the lead-time target back under it within
 *        that many working days: ⌈(λ_h + drain_h) · L / 60⌉;
 *      queueing — Erlang C: operators so that `startShare` of the calls start within
 *        `startWithinSec` of their time when the hour's calls (λ_h) share the desk's operators,
 *        with the mean measured handling time. Booked calls arrive more evenly than Poisson, so
 *        this is an upper bound; it is what keeps an overrun from cascading along the morning;
 *  - lead time over the next weeks with today's operators (the places of the calendar) and with
 *    the operators the plan asks for: a fluid projection of the bookings waiting.
 */

export interface HourPlaces {
  /** Local hour 0..23. */
  hour: number;
  /** Minutes of that hour the desk is open (slots starting in it × slot length, ≤ 60). */
  openMinutes: number;
  /** Operators in that hour today: the calendar's places per slot. */
  operators: number;
}

export interface PlanInput {
  slotMinutes: number;
  options?: number[];
  /** Total handling time per answered call (seconds). */
  handlingSec: readonly number[];
  /** Calls per booking (attempts, ≥ 1). */
  attemptsPerBooking: number;
  /** Forecast demand per weekday (1..7), bookings a day; null = closed. */
  demandPerWeekday: readonly (number | null)[];
  /** Opening hours per weekday (1..7) with today's operators. */
  hoursPerWeekday: readonly (readonly HourPlaces[])[];
  /** Bookings already waiting for a call (slots not yet passed). */
  backlog: number;
  /** Weekdays of the working days ahead, in order (the projection's days). */
  daysAhead: readonly number[];
  targets?: Partial<PlanTargets>;
}

export interface PlanTargets {
  /** Lead time to the first free slot, working days (default 3). */
  leadDays: number;
  /** Share of calls that must fit the slot (default 0.9). */
  fitShare: number;
  /** Erlang C: share of calls that must start within startWithinSec (default 0.9 within 120 s). */
  startShare: number;
  startWithinSec: number;
}

export const DEFAULT_TARGETS: PlanTargets = { leadDays: 3, fitShare: 0.9, startShare: 0.9, startWithinSec: 120 };
export const DEFAULT_OPTIONS = [8, 10, 12, 15];

export interface OptionPlan {
  slotMinutes: number;
  current: boolean;
  overrunShare: number | null;
  fits: boolean;
  /** Per opening hour: operators today, needed for capacity, for queueing, needed (max). */
  hours: { hour: number; today: number; capacity: number; queueing: number; needed: number }[];
  /** Bookings a day the desk can take with today's operators at this length. */
  dailyCapacityToday: number;
  /** Lead time (working days) on each day ahead: with today's operators, with the plan's. */
  leadToday: number[];
  leadPlanned: number[];
  meetsLead: boolean;
}

export interface Plan {
  targets: PlanTargets;
  meanHandlingSec: number | null;
  options: OptionPlan[];
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function planCapacity(input: PlanInput): Plan {
  const targets = { ...DEFAULT_TARGETS, ...input.targets };
  const lengths = [...new Set([input.slotMinutes, ...(input.options ?? DEFAULT_OPTIONS)])].sort((a, b) => a - b);
  const aht = mean(input.handlingSec);
  const demandAvg = mean(input.daysAhead.map((wd) => input.demandPerWeekday[wd] ?? 0)) ?? 0;
  // Bookings waiting beyond what the lead-time target allows: drained within leadDays.
  const excess = Math.max(0, input.backlog - targets.leadDays * demandAvg);
  const options = lengths.map((L) => {
    const fit = slotFit(input.handlingSec, L * 60);
    const share = fit.overrun?.share ?? null;
    const byHour = new Map<number, { today: number; capacity: number; queueing: number }>();
    for (let wd = 1; wd <= 7; wd++) {
      const hours = input.hoursPerWeekday[wd] ?? [];
      const demand = input.demandPerWeekday[wd] ?? 0;
      const open = hours.reduce((s, h) => s + h.openMinutes, 0);
      if (open === 0) continue;
      for (const h of hours) {
        const w = h.openMinutes / open;
        const lambda = demand * w; // bookings in this hour
        const drain = (excess / targets.leadDays) * w;
        const perOperator = h.openMinutes / L; // slots an operator offers in the hour
        const capacity = perOperator > 0 ? Math.ceil((lambda + drain) / perOperator - 1e-9) : 0;
        const calls = lambda * input.attemptsPerBooking;
        const queueing = aht && calls > 0 ? agentsFor((calls * aht) / (h.openMinutes * 60), aht, targets.startWithinSec, targets.startShare) : 0;
        const cur = byHour.get(h.hour) ?? { today: 0, capacity: 0, queueing: 0 };
        byHour.set(h.hour, { today: Math.max(cur.today, h.operators), capacity: Math.max(cur.capacity, capacity), queueing: Math.max(cur.queueing, queueing) });
      }
    }
    const hours = [...byHour].sort((a, b) => a[0] - b[0]).map(([hour, v]) => ({ hour, ...v, needed: Math.max(v.capacity, v.queueing) }));
    const capToday = (wd: number) => (input.hoursPerWeekday[wd] ?? []).reduce((s, h) => s + Math.floor(h.openMinutes / L) * h.operators, 0);
    const capPlanned = (wd: number) => (input.hoursPerWeekday[wd] ?? []).reduce((s, h) => s + Math.floor(h.openMinutes / L) * (hours.find((x) => x.hour === h.hour)?.needed ?? 0), 0);
    const leadToday = projectLead(input.backlog, input.daysAhead, (wd) => input.demandPerWeekday[wd] ?? 0, capToday);
    const leadPlanned = projectLead(input.backlog, input.daysAhead, (wd) => input.demandPerWeekday[wd] ?? 0, capPlanned);
    const days = [...new Set(input.daysAhead)];
    return {
      slotMinutes: L,
      current: L === input.slotMinutes,
      overrunShare: share,
      fits: share !== null && 1 - share >= targets.fitShare,
      hours,
      dailyCapacityToday: days.length ? Math.round(days.reduce((s, wd) => s + capToday(wd), 0) / days.length) : 0,
      leadToday,
      leadPlanned,
      meetsLead: leadPlanned.every((d) => d <= targets.leadDays),
    };
  });
  return { targets, meanHandlingSec: aht, options };
}

/**
 * Fluid projection: each working day ahead, that day's demand joins the bookings waiting and the
 * day's capacity serves them; the lead time of a day is the working days a new booking waits for
 * the first free place: 1 + the whole days of capacity the waiting bookings fill.
 */
export function projectLead(backlog: number, daysAhead: readonly number[], demand: (wd: number) => number, capacity: (wd: number) => number): number[] {
  let waiting = backlog;
  const out: number[] = [];
  for (let i = 0; i < daysAhead.length; i++) {
    const wd = daysAhead[i]!;
    waiting += demand(wd);
    // Days of capacity the waiting bookings fill, from the next day on.
    let left = waiting;
    let k = 0;
    while (left > 0 && k < 60) {
      const c = capacity(daysAhead[(i + 1 + k) % daysAhead.length]!);
      if (c <= 0 && k > daysAhead.length) { k = 60; break; }
      left -= c;
      k += 1;
    }
    out.push(left > 0 ? 60 : Math.max(1, k));
    waiting = Math.max(0, waiting - capacity(wd));
  }
  return out;
}
