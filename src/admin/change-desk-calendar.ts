import type { Queryable } from '../storage/db.js';
import { AppError, type FieldProblem } from '../domain/errors.js';
import { priorityReleaseMs, reservedPlaces } from '../domain/booking/availability.js';
import { addDays, planDays, toIsoWithOffset, validateSchedule, type DayException, type DeskSchedule, type OpeningInterval, type Slot } from '../domain/schedule/index.js';
import { claiming, ensureSlot, lockCalendarExclusive, setActor } from '../booking/booking.repository.js';
import type { BookingDeps } from '../booking/deps.js';
import { loadDeskCalendar, type DeskCalendar } from '../booking/desk-calendar.js';
import { bookingErrors } from '../booking/errors.js';

/** A change to a desk's calendar, as an office admin makes it. */
export interface CalendarChange {
  deskId: string;
  /** Replace the weekly opening pattern. */
  weekly?: OpeningInterval[] | undefined;
  /** Add dated exceptions (closure, extra opening, reduced places). */
  addExceptions?: DayException[] | undefined;
  /** Remove dated exceptions by their date and kind. */
  removeExceptions?: { date: string; kind: DayException['kind'] }[] | undefined;
  slotMinutes?: number | undefined;
  /** What to do with bookings the change strands: required when there are any. */
  resolution?: { action: 'move' | 'cancel'; reason: string } | undefined;
  /** Compute and return the effects without saving anything. */
  preview?: boolean | undefined;
  actor: string;
}

export interface SlotDelta {
  start: string;
  end: string;
  places: number;
}

export interface AffectedBooking {
  code: string;
  start: string;
  fullName: string | null;
  bookedAt: string | null;
  /** Where it went (move), or null (cancelled, or no free place left). */
  movedTo?: string | null;
  outcome?: 'moved' | 'cancelled';
}

export interface CalendarChangeResult {
  applied: boolean;
  added: SlotDelta[];
  removed: SlotDelta[];
  affected: AffectedBooking[];
}

interface LiveBooking {
  id: string;
  code: string;
  startsAt: Date;
  fullName: string | null;
  bookedAt: Date | null;
  priority: boolean;
}

const MIN = 60_000;

/**
 * Changes a desk's calendar without ever silently stranding a booked citizen. In one
 * transaction, under the desk's exclusive calendar lock (no booking can be made on the desk
 * meanwhile, and every booking in flight is seen): computes the slots the change adds and
 * removes over the horizon and the bookings it strands (their slot disappears, or it keeps
 * fewer places than are booked — the latest booked lose theirs). With `preview`, or with
 * stranded bookings and no `resolution`, nothing is saved (409 `bookings_affected` lists
 * them). With a resolution, each stranded booking is moved to the nearest free place of
 * the same desk (in order of booking time) or cancelled with the reason; then the change is
 * saved. Everything or nothing. Citizens are told through the history that the change
 * writes (booking_event → notifications).
 */
export async function changeDeskCalendar(deps: BookingDeps, change: CalendarChange): Promise<CalendarChangeResult> {
  const result = await deps.db.transaction(async (tx) => {
    await setActor(tx, change.actor, change.resolution?.reason);
    await lockCalendarExclusive(tx, change.deskId);
    const current = await loadDeskCalendar(tx, change.deskId);
    if (!current) throw bookingErrors.deskNotFound();
    const next = applyChange(current.schedule, change);
    const problems = validateSchedule(next);
    if (problems.length) {
      const fields: FieldProblem[] = problems.map((p) => ({ path: p.field, code: p.code, it: p.it, en: p.en }));
      throw new AppError(422, 'invalid_calendar', { it: 'La modifica non è valida.', en: 'The change is not valid.' }, fields);
    }
    const now = deps.now();
    const zone = current.timeZone;
    const from = toIsoWithOffset(now, zone).slice(0, 10);
    const to = addDays(from, current.rules.horizonDays);
    const future = (s: Slot) => s.startMs > now;
    const before = planDays(current.schedule, from, to).flatMap((d) => d.slots).filter(future);
    const after = planDays(next, from, to).flatMap((d) => d.slots).filter(future);
    const key = (s: Slot) => `${s.startMs}/${s.endMs}`;
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

    const stranded = await strandedBookings(tx, current, afterByKey, now);
    const affected: AffectedBooking[] = stranded.map((b) => ({
      code: b.code,
      start: toIsoWithOffset(new Date(b.startsAt).getTime(), zone),
      fullName: b.fullName,
      bookedAt: b.bookedAt ? toIsoWithOffset(new Date(b.bookedAt).getTime(), zone) : null,
    }));
    if (change.preview) return { applied: false, added, removed, affected };
    if (stranded.length && !change.resolution) {
      throw new AppError(409, 'bookings_affected', {
        it: `La modifica tocca ${stranded.length} prenotazioni: scegli se spostarle al posto libero più vicino o annullarle.`,
        en: `The change touches ${stranded.length} bookings: choose whether to move them to the nearest free place or cancel them.`,
      }).with({ affected });
    }

    await saveChange(tx, change);
    const reason = change.resolution?.reason ?? '';
    const moving = change.resolution?.action !== 'cancel';
    // Places taken in each slot once the stranded bookings have left it.
    const taken = await takenBySlot(tx, change.deskId, now);
    for (const b of stranded) taken.set(new Date(b.startsAt).getTime(), (taken.get(new Date(b.startsAt).getTime()) ?? 1) - 1);
    // Moves go to slots the change does not shrink, nearest first (earlier on a tie).
    const shrinking = new Set(before.filter((s) => (afterByKey.get(key(s))?.places ?? 0) < s.places).map(key));
    const candidates = after.filter((s) => !shrinking.has(key(s)) && s.startMs >= now + current.rules.minNoticeMinutes * MIN);
    for (const [i, b] of stranded.entries()) {
      const target = moving ? await moveToNearest(tx, change.deskId, b, candidates, taken, current) : null;
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
    await shrinkSlots(tx, change.deskId, before, afterByKey);
    return { applied: true, added, removed, affected };
  });
  deps.calendars.invalidate(change.deskId);
  return result;
}

function applyChange(s: DeskSchedule, c: CalendarChange): DeskSchedule {
  const removed = new Set((c.removeExceptions ?? []).map((e) => `${e.date}/${e.kind}`));
  return {
    ...s,
    slotMinutes: c.slotMinutes ?? s.slotMinutes,
    weekly: c.weekly ?? s.weekly,
    exceptions: [...s.exceptions.filter((e) => !removed.has(`${e.date}/${e.kind}`)), ...(c.addExceptions ?? [])],
  };
}

/** Future bookings whose slot the new calendar removes, or which exceed its new places (latest booked first to go). */
async function strandedBookings(tx: Queryable, cal: DeskCalendar, after: Map<string, Slot>, now: number): Promise<LiveBooking[]> {
  const r = await tx.query<LiveBooking & { endsAt: Date }>(
    `SELECT id, code, starts_at AS "startsAt", ends_at AS "endsAt", full_name AS "fullName", booked_at AS "bookedAt", priority
       FROM booking WHERE desk_id = $1 AND status = 'booked' AND starts_at > $2
      ORDER BY starts_at, booked_at, created_at, id FOR UPDATE`,
    [cal.deskId, new Date(now)],
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

async function takenBySlot(tx: Queryable, deskId: string, now: number): Promise<Map<number, number>> {
  const r = await tx.query<{ startsAt: Date; n: number }>(
    `SELECT starts_at AS "startsAt", count(*)::int AS n FROM booking
      WHERE desk_id = $1 AND starts_at > $2 AND (status = 'booked' OR (status = 'held' AND hold_expires_at > $2))
      GROUP BY starts_at`,
    [deskId, new Date(now)],
  );
  return new Map(r.rows.map((x) => [new Date(x.startsAt).getTime(), x.n]));
}

/** Slots that lose places get their new capacity (0 when they go); their live holds are released. */
async function shrinkSlots(tx: Queryable, deskId: string, before: Slot[], after: Map<string, Slot>): Promise<void> {
  for (const s of before) {
    const places = after.get(`${s.startMs}/${s.endMs}`)?.places ?? 0;
    if (places >= s.places) continue;
    await tx.query("UPDATE booking SET status = 'expired', updated_at = now() WHERE desk_id = $1 AND starts_at = $2 AND status = 'held'", [deskId, new Date(s.startMs)]);
    await tx.query('UPDATE slot SET capacity = $3, reserved = LEAST(reserved, $3) WHERE desk_id = $1 AND starts_at = $2', [deskId, new Date(s.startMs), places]);
  }
}

/**
 * Moves one booking to the nearest slot with a free place, in one UPDATE (the triggers free
 * the old place and take the new one). Each try runs under a savepoint: a slot the database
 * refuses (priority places still kept, say) is skipped for the next nearest.
 */
async function moveToNearest(tx: Queryable, deskId: string, b: LiveBooking, candidates: Slot[], taken: Map<number, number>, cal: DeskCalendar): Promise<Slot | null> {
  const from = new Date(b.startsAt).getTime();
  const ordered = candidates
    .filter((s) => s.places - (taken.get(s.startMs) ?? 0) > 0)
    .sort((x, y) => Math.abs(x.startMs - from) - Math.abs(y.startMs - from) || x.startMs - y.startMs)
    .slice(0, 50);
  for (const target of ordered) {
    await tx.query('SAVEPOINT move_one');
    try {
      await claiming(async () => {
        await ensureSlot(tx, deskId, target, reservedPlaces(target.places, cal.rules), priorityReleaseMs(target.startMs, cal.rules));
        await tx.query('UPDATE booking SET starts_at = $2, ends_at = $3, updated_at = now() WHERE id = $1', [b.id, new Date(target.startMs), new Date(target.endMs)]);
      });
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

async function saveChange(tx: Queryable, c: CalendarChange): Promise<void> {
  if (c.slotMinutes !== undefined) await tx.query('UPDATE desk SET slot_minutes = $2, updated_at = now() WHERE id = $1', [c.deskId, c.slotMinutes]);
  if (c.weekly) {
    await tx.query('DELETE FROM desk_opening WHERE desk_id = $1', [c.deskId]);
    for (const w of c.weekly) {
      await tx.query('INSERT INTO desk_opening (desk_id, weekday, opens, closes, places) VALUES ($1, $2, $3, $4, $5)', [c.deskId, w.weekday, w.from, w.to, w.places]);
    }
  }
  for (const e of c.removeExceptions ?? []) {
    await tx.query('DELETE FROM desk_exception WHERE desk_id = $1 AND day = $2 AND kind = $3', [c.deskId, e.date, e.kind]);
  }
  for (const e of c.addExceptions ?? []) {
    await tx.query(
      'INSERT INTO desk_exception (desk_id, day, kind, opens, closes, places, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [c.deskId, e.date, e.kind, e.from ?? null, e.to ?? null, 'places' in e ? e.places : null, e.reason ?? null],
    );
  }
}

