import { assessDays, horizonEndDate, type SlotState } from '../domain/booking/availability.js';
import type { Channel } from '../domain/catalog/types.js';
import { addDays, dateOfDayNumber, dayNumberOf, isValidLocalDate } from '../domain/schedule/time.js';
import { planDays } from '../domain/schedule/plan.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { AppError } from '../domain/errors.js';
import type { BookingDeps } from './deps.js';
import { bookableDesk } from './resolve-slot.js';
import { slotUsage } from './booking.repository.js';
import type { DeskCalendar } from './desk-calendar.js';
import type { Queryable } from '../storage/db.js';
import type { z } from 'zod';
import type { availabilityResponse, slotView } from './routes.schema.js';

export const MAX_RANGE_DAYS = 62;

export type SlotView = z.output<typeof slotView>;

export type DayView = AvailabilityView['days'][number];

export type AvailabilityView = z.output<typeof availabilityResponse>;

export interface AvailabilityInput {
  deskId: string;
  from?: string | undefined;
  to?: string | undefined;
  channel?: Channel | undefined;
  priority?: boolean | undefined;
  /** A patronato booking for an ordinary client: the places of the patronato share and the ordinary ones. */
  patronato?: boolean | undefined;
}

/** Whose places a view counts: an ordinary citizen's, a priority citizen's, a patronato's. */
type Pool = 'ordinary' | 'priority' | 'patronato';
const poolOf = (input: { priority?: boolean | undefined; patronato?: boolean | undefined }): Pool =>
  input.patronato ? 'patronato' : input.priority ? 'priority' : 'ordinary';

/**
 * A desk's days and slots over a range of local dates, as a citizen can use them now:
 * each day open, full, closed (and why), not yet open (and when it opens) or unavailable;
 * each slot with its capacity, the places taken and those left for this citizen.
 */
export async function getAvailability(deps: BookingDeps, input: AvailabilityInput, q: Queryable = deps.db): Promise<AvailabilityView> {
  const calendar = await bookableDesk(deps, input.deskId, input.channel, q);
  const { from, to } = rangeOf(deps, calendar, input);
  return viewOf(deps, calendar, from, to, poolOf(input), q);
}

/**
 * The same answer as getAvailability, serialised, from the availability cache when a fresh
 * one is there (see availability-cache.ts): what the public slots route sends.
 */
export async function getAvailabilityJson(deps: BookingDeps, input: AvailabilityInput): Promise<string> {
  const basis = deps.calendars.get(deps.db, input.deskId);
  const calendar = await bookableDesk(deps, input.deskId, input.channel);
  const { from, to } = rangeOf(deps, calendar, input);
  const pool = poolOf(input);
  const key = `${from}|${to}|${input.channel ?? ''}|${pool}`;
  return deps.availability.get(input.deskId, key, basis, async () =>
    JSON.stringify(await viewOf(deps, calendar, from, to, pool, deps.db)));
}

/** The range asked, 14 days from today (in the desk's zone) by default; 400 when it is not a valid one. */
function rangeOf(deps: BookingDeps, calendar: DeskCalendar, input: AvailabilityInput): { from: string; to: string } {
  const from = input.from ?? toIsoWithOffset(deps.now(), calendar.timeZone).slice(0, 10);
  const to = input.to ?? (isValidLocalDate(from) ? addDays(from, 13) : from);
  checkRange(from, to);
  return { from, to };
}

async function viewOf(deps: BookingDeps, calendar: DeskCalendar, from: string, to: string, pool: Pool, q: Queryable): Promise<AvailabilityView> {
  return { deskId: calendar.deskId, timeZone: calendar.timeZone, from, to, days: await assess(deps, calendar, from, to, pool, q) };
}

async function assess(deps: BookingDeps, calendar: DeskCalendar, from: string, to: string, pool: Pool, q: Queryable): Promise<DayView[]> {
  const special = pool !== 'ordinary';
  const zone = calendar.timeZone;
  const now = deps.now();
  const plan = planDays(calendar.schedule, from, to);
  const starts = plan.flatMap((d) => d.slots);
  const usage = starts.length
    ? await slotUsage(q, calendar.deskId, starts[0]!.startMs, starts[starts.length - 1]!.startMs, now)
    : new Map();
  const days = assessDays(plan, usage, calendar.rules, now, zone);
  return days.map((d) => {
    const slots: SlotView[] = d.slots.map((s) => {
      const remaining = pool === 'priority' ? s.remainingPriority : pool === 'patronato' ? s.remainingPatronato : s.remaining;
      // A slot full for ordinary citizens may still have places of this pool's share, and the reverse.
      const state: SlotState = special && (s.state === 'full' || s.state === 'open') ? (remaining > 0 ? 'open' : 'full') : s.state;
      const v: SlotView = {
        start: toIsoWithOffset(s.startMs, zone),
        end: toIsoWithOffset(s.endMs, zone),
        capacity: s.capacity,
        booked: s.taken,
        remaining,
        state,
      };
      if (s.opensAtMs !== undefined) v.opensAt = toIsoWithOffset(s.opensAtMs, zone);
      return v;
    });
    let status = d.status;
    if (special && (status === 'full' || status === 'open')) status = slots.some((s) => s.state === 'open') ? 'open' : 'full';
    const day: DayView = { date: d.date, status, open: status !== 'closed', slots };
    if (day.open) day.full = !slots.some((s) => s.state === 'open') && status === 'full';
    if (d.closedReason) day.closedReason = d.closedReason;
    if (d.holidayName) day.holidayName = d.holidayName;
    if (d.opensAtMs !== undefined) day.opensAt = toIsoWithOffset(d.opensAtMs, zone);
    return day;
  });
}

/** The first slot a citizen can book now, searching the whole horizon; null when all is full. */
export async function firstAvailable(
  deps: BookingDeps,
  input: { deskId: string; channel?: Channel | undefined; priority?: boolean | undefined; patronato?: boolean | undefined },
  q: Queryable = deps.db,
): Promise<{ start: string; end: string; remaining: number } | null> {
  const calendar = await bookableDesk(deps, input.deskId, input.channel, q);
  const zone = calendar.timeZone;
  const today = dayNumberOf(toIsoWithOffset(deps.now(), zone).slice(0, 10));
  const last = horizonEndDate(deps.now(), calendar.rules.horizonDays, zone);
  for (let start = today; start <= last; start += 31) {
    const days = await assess(deps, calendar, dateOfDayNumber(start), dateOfDayNumber(Math.min(start + 30, last)), poolOf(input), q);
    for (const d of days) {
      const s = d.slots.find((x) => x.state === 'open');
      if (s) return { start: s.start, end: s.end, remaining: s.remaining };
    }
  }
  return null;
}

function checkRange(from: string, to: string): void {
  const fields = [];
  const bad = { code: 'invalid_date', it: 'Data non valida (AAAA-MM-GG).', en: 'Invalid date (YYYY-MM-DD).' };
  if (!isValidLocalDate(from)) fields.push({ path: 'from', ...bad });
  if (!isValidLocalDate(to)) fields.push({ path: 'to', ...bad });
  if (fields.length) throw new AppError(400, 'invalid_input', { it: 'Intervallo di date non valido.', en: 'Invalid date range.' }, fields);
  const span = dayNumberOf(to) - dayNumberOf(from) + 1;
  if (span < 1 || span > MAX_RANGE_DAYS) {
    const msg = { it: `Al massimo ${MAX_RANGE_DAYS} giorni.`, en: `At most ${MAX_RANGE_DAYS} days.` };
    throw new AppError(400, 'invalid_range', {
      it: `L'intervallo deve andare da 1 a ${MAX_RANGE_DAYS} giorni, con "from" non dopo "to".`,
      en: `The range must span 1 to ${MAX_RANGE_DAYS} days, with "from" not after "to".`,
    }, [{ path: 'to', code: 'invalid_range', ...msg }]);
  }
}
