/**
 * The core of every change to when a desk is open or how many places it has (pattern,
 * exceptions, slot length, holidays, roster, absences): what it adds and removes, which
 * bookings it strands, and — once the admin has chosen — moving or cancelling them. Used by
 * the use cases inside their transaction, after they took the desks' calendar locks.
 */
import type { z } from 'zod';
import type { Queryable } from '../storage/db.js';
import type { calendarChangeResult, slotDelta } from './routes.schema.js';
import { AppError, type FieldProblem } from '../domain/errors.js';
import { priorityReleaseMs, reservedPlaces } from '../domain/booking/availability.js';
import { addDays, planDays, toIsoWithOffset, type DeskSchedule, type ScheduleProblem, type Slot } from '../domain/schedule/index.js';
import { claiming, movePlace } from '../booking/index.js';
import type { DeskCalendar } from '../booking/index.js';

/** What a change does, as the API answers with it (routes.schema.ts). */
export type CalendarChangeResult = z.output<typeof calendarChangeResult>;
export type SlotDelta = z.output<typeof slotDelta>;
/** A booking the change strands; where it went (move), or null (cancelled, or no free place left). */
export type AffectedBooking = CalendarChangeResult['affected'][number];

export type Resolution = { action: 'move' | 'cancel'; reason: string };

interface LiveBooking {
  id: string;
  code: string;
  startsAt: Date;
  fullName: string | null;
  bookedAt: Date | null;
}

export interface DeskPlan {
  current: DeskCalendar;
  next: DeskSchedule;
  before: Slot[];
  afterByKey: Map<string, Slot>;
  after: Slot[];
  added: SlotDelta[];
  removed: SlotDelta[];
  stranded: LiveBooking[];
  affected: AffectedBooking[];
}

const MIN = 60_000;
const key = (s: { startMs: number; endMs: number }) => `${s.startMs}/${s.endMs}`;

/** 422 `invalid_calendar` with every problem, or nothing. */
export function refuseProblems(problems: ScheduleProblem[], prefix = ''): void {
  if (!problems.length) return;
  const fields: FieldProblem[] = problems.map((p) => ({ path: prefix + p.field, code: p.code, it: p.it, en: p.en }));
  throw new AppError(422, 'invalid_calendar', { it: 'La modifica non è valida: non è stato salvato nulla.', en: 'The change is not valid: nothing was saved.' }, fields);
}

/** The local date of `now` in the desk's zone. */
export const today = (cal: DeskCalendar, now: number) => toIsoWithOffset(now, cal.timeZone).slice(0, 10);

/**
 * Slots before and after over the horizon (and as far as the latest future booking), and
 * the future bookings whose slot disappears or keeps fewer places than are booked (the
 * latest booked lose theirs), in order of booking time.
 */
export async function planDesk(tx: Queryable, current: DeskCalendar, next: DeskSchedule, now: number, horizonDays = current.rules.horizonDays): Promise<DeskPlan> {
  const zone = current.timeZone;
  const from = today(current, now);
  const last = await tx.query<{ last: Date | null }>("SELECT max(starts_at) AS last FROM booking WHERE desk_id = $1 AND status = 'booked' AND starts_at > $2", [current.deskId, new Date(now)]);
  const lastDate = last.rows[0]?.last ? toIsoWithOffset(new Date(last.rows[0].last).getTime(), zone).slice(0, 10) : from;
  const horizonEnd = addDays(from, Math.max(horizonDays, current.rules.horizonDays));
  const to = lastDate > horizonEnd ? lastDate : horizonEnd;
  const future = (s: Slot) => s.startMs > now;
  const before = planDays(current.schedule, from, to).flatMap((d) => d.slots).filter(future);
  const after = planDays(next, from, to).flatMap((d) => d.slots).filter(future);
  const afterByKey = new Map(after.map((s) => [key(s), s]));
  const beforeByKey = new Map(before.map((s) => [key(s), s]));
  const delta = (s: Slot, places: number): SlotDelta => ({ start: toIsoWithOffset(s.startMs, zone), end: toIsoWithOffset(s.endMs, zone), places });
  const added = after.flatMap((s) => {
    const old = beforeByKey.get(key(s));
    return !old ? [delta(s, s.places)] : s.places > old.places ? [delta(s, s.places - old.places)] : [];
  });
  const removed = before.flatMap((s) => {
    const stays = afterByKey.get(key(s));
    return !stays ? [delta(s, s.places)] : stays.places < s.places ? [delta(s, s.places - stays.places)] : [];
  });
  const stranded = await strandedBookings(tx, current.deskId, afterByKey, now);
  const affected: AffectedBooking[] = stranded.map((b) => ({
    code: b.code,
    start: toIsoWithOffset(new Date(b.startsAt).getTime(), zone),
    fullName: maskName(b.fullName),
    bookedAt: b.bookedAt ? toIsoWithOffset(new Date(b.bookedAt).getTime(), zone) : null,
  }));
  return { current, next, before, after, afterByKey, added, removed, stranded, affected };
}

/** "Mario Rossi" → "Mario R.": enough for the admin to recognise a booking, no more. */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const [first, ...rest] = name.trim().split(/\s+/);
  return [first, ...rest.map((w) => `${w[0]!.toUpperCase()}.`)].join(' ');
}

/** 409 `bookings_affected` listing them. */
export function bookingsAffected(affected: AffectedBooking[]): AppError {
  return new AppError(409, 'bookings_affected', {
    it: `La modifica tocca ${affected.length} prenotazioni: scegli se spostarle al posto libero più vicino o annullarle.`,
    en: `The change touches ${affected.length} bookings: choose whether to move them to the nearest free place or cancel them.`,
  }).with({ affected });
}

async function strandedBookings(tx: Queryable, deskId: string, after: Map<string, Slot>, now: number): Promise<LiveBooking[]> {
  const r = await tx.query<LiveBooking & { endsAt: Date }>(
    `SELECT id, code, starts_at AS "startsAt", ends_at AS "endsAt", full_name AS "fullName", booked_at AS "bookedAt"
       FROM booking WHERE desk_id = $1 AND status = 'booked' AND starts_at > $2
      ORDER BY starts_at, booked_at, created_at, id FOR UPDATE`,
    [deskId, new Date(now)],
  );
  const bySlot = new Map<string, (LiveBooking & { endsAt: Date })[]>();
  for (const b of r.rows) {
    const k = `${new Date(b.startsAt).getTime()}/${new Date(b.endsAt).getTime()}`;
    bySlot.set(k, [...(bySlot.get(k) ?? []), b]);
  }
  const out: LiveBooking[] = [];
  for (const [k, list] of bySlot) {
    const keep = after.get(k)?.places ?? 0;
    if (list.length > keep) out.push(...list.slice(keep));
  }
  const order = new Map(r.rows.map((b, i) => [b.id, i]));
  return out.sort((a, b) => new Date(a.bookedAt ?? 0).getTime() - new Date(b.bookedAt ?? 0).getTime() || order.get(a.id)! - order.get(b.id)!);
}

/**
 * Applies the admin's choice to a saved change: each stranded booking moved to the nearest
 * free place of the same desk (in order of booking time; cancelled when none is left) or
 * cancelled with the reason; then the slots that lose places get their new capacity.
 * Fills in each affected booking's outcome.
 */
export async function resolveDesk(tx: Queryable, plan: DeskPlan, resolution: Resolution | undefined, now: number): Promise<void> {
  const { current, stranded, affected, before, after } = plan;
  const deskId = current.deskId;
  const zone = current.timeZone;
  const reason = resolution?.reason ?? '';
  const moving = resolution?.action !== 'cancel';
  const taken = await takenBySlot(tx, deskId, now);
  for (const b of stranded) taken.set(new Date(b.startsAt).getTime(), (taken.get(new Date(b.startsAt).getTime()) ?? 1) - 1);
  // Moves go to the nearest slot (earlier on a tie) with a place left under the new calendar —
  // also one that loses places but keeps a free one. The database has the last word: a slot
  // still holding bookings yet to move out refuses (slot_full), and the next nearest is tried.
  const candidates = after.filter((s) => s.startMs >= now + current.rules.minNoticeMinutes * MIN);
  for (const [i, b] of stranded.entries()) {
    const target = moving ? await moveToNearest(tx, deskId, b, candidates, taken, current, now) : null;
    if (target) {
      affected[i]!.movedTo = toIsoWithOffset(target.startMs, zone);
      affected[i]!.outcome = 'moved';
      continue;
    }
    await tx.query("UPDATE booking SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3, updated_at = now() WHERE id = $1", [
      b.id, new Date(now), moving ? `${reason} — nessun posto libero / no free place` : reason,
    ]);
    affected[i]!.movedTo = null;
    affected[i]!.outcome = 'cancelled';
  }
  // A slot row is keyed by its start: a new slot may start where an old one did (longer slots).
  const afterByStart = new Map(after.map((s) => [s.startMs, s]));
  for (const s of before) {
    const places = afterByStart.get(s.startMs)?.places ?? 0;
    if (places >= s.places) continue;
    await tx.query("UPDATE booking SET status = 'expired', updated_at = now() WHERE desk_id = $1 AND starts_at = $2 AND status = 'held'", [deskId, new Date(s.startMs)]);
    await tx.query('UPDATE slot SET capacity = $3, reserved = LEAST(reserved, $3) WHERE desk_id = $1 AND starts_at = $2', [deskId, new Date(s.startMs), places]);
  }
}

async function takenBySlot(tx: Queryable, deskId: string, now: number): Promise<Map<number, number>> {
  const r = await tx.query<{ startsAt: Date; n: number }>(
    `SELECT starts_at AS "startsAt", count(*)::int AS n FROM booking
      WHERE desk_id = $1 AND starts_at > $2 AND (status = 'booked' OR (status = 'held' AND hold_expires_at > $2))
      GROUP BY starts_at`,
    [deskId, new Date(now)],
  );
  return new Map(r.rows.map((x) => [new Date(x.startsAt).getTime(), x.n]));
}

/**
 * Moves one booking to the nearest slot with a free place, in one call (move_place: the
 * triggers free the old place and take the new one). Each try runs under a savepoint: a slot the database
 * refuses (priority places still kept, say) is skipped for the next nearest.
 */
async function moveToNearest(tx: Queryable, deskId: string, b: LiveBooking, candidates: Slot[], taken: Map<number, number>, cal: DeskCalendar, now: number): Promise<Slot | null> {
  const from = new Date(b.startsAt).getTime();
  const ordered = candidates
    .filter((s) => s.places - (taken.get(s.startMs) ?? 0) > 0)
    .sort((x, y) => Math.abs(x.startMs - from) - Math.abs(y.startMs - from) || x.startMs - y.startMs)
    .slice(0, 50);
  for (const target of ordered) {
    await tx.query('SAVEPOINT move_one');
    try {
      // The claims' own path (move_place, migration 0041), under this change's exclusive calendar lock.
      await claiming(() => movePlace(tx, b.id, deskId, null, target, reservedPlaces(target.places, cal.rules), priorityReleaseMs(target.startMs, cal.rules), now));
      await tx.query('RELEASE SAVEPOINT move_one');
      taken.set(target.startMs, (taken.get(target.startMs) ?? 0) + 1);
      return target;
    } catch (err) {
      await tx.query('ROLLBACK TO SAVEPOINT move_one');
      if (!(err instanceof AppError && err.code === 'slot_full')) throw err;
    }
  }
  return null;
}
