/**
 * The release morning shared by the surge benchmarks (bench/surge.ts, bench/surge-attack.ts):
 * a desk whose coming week of 10,000 places opens at a minute boundary during the run, and the
 * checks made in SQL at the end.
 */
import type { Db } from '../src/storage/db.js';
import { createTestDesk } from '../test/support/test-desk.js';
import { addDaysIso, httpClient, today } from './support.js';

export const PLACES_PER_SLOT = 40;
export const RELEASED = 10_000;

const ROME = 'Europe/Rome';
function localParts(ms: number): { date: string; hhmm: string; weekday: number } {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: ROME, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday!) + 1;
  return { date: `${p.year}-${p.month}-${p.day}`, hhmm: `${p.hour}:${p.minute}`, weekday };
}
function weekdayOf(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export interface ReleasedWeek {
  from: string;
  to: string;
  /** Every slot's start (ISO), 250 of them. */
  slots: string[];
}

/**
 * Two desks open Monday–Friday 08:00–16:20 in 10-minute slots of 40 places: the surge's (SG01)
 * and one for warming the server up (SW01).
 */
export async function createSurgeDesks(db: Db): Promise<{ deskId: string; warmDeskId: string }> {
  const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '16:20', places: PLACES_PER_SLOT }));
  const { deskId } = await createTestDesk(db, { code: 'SG01', weekly, slotMinutes: 10, horizonDays: 60, minNoticeMinutes: 0 });
  const { deskId: warmDeskId } = await createTestDesk(db, { code: 'SW01', weekly, slotMinutes: 10, horizonDays: 60, minNoticeMinutes: 0 });
  return { deskId, warmDeskId };
}

/** The first coming week (from next Monday) whose 5 days are all open: 250 slots of 40 places. */
export async function comingWeek(request: ReturnType<typeof httpClient>['request'], deskId: string): Promise<ReleasedWeek> {
  const thisMonday = addDaysIso(today(), -(weekdayOf(today()) - 1));
  for (let k = 1; k <= 6; k++) {
    const from = addDaysIso(thisMonday, 7 * k);
    const to = addDaysIso(from, 4);
    const r = await request('GET', `/api/desks/${deskId}/slots?from=${from}&to=${to}`);
    const slots = r.body.days.flatMap((d: any) => d.slots);
    const capacity = slots.reduce((n: number, s: any) => n + s.capacity, 0);
    if (capacity === RELEASED) return { from, to, slots: slots.map((s: any) => s.start) };
  }
  throw new Error('no coming week with 5 open days in the next 6 weeks');
}

/**
 * Sets the desk's release rule so that `week` opens at the next minute boundary at least
 * `leadMs` away (slots of week W open on the rule's weekday of week W − weeksAhead). Returns the
 * release instant.
 */
export async function releaseAtNextMinute(db: Db, deskId: string, week: ReleasedWeek, leadMs = 15_000): Promise<number> {
  const releaseMs = Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
  const rel = localParts(releaseMs);
  const releaseMonday = addDaysIso(rel.date, -(rel.weekday - 1));
  const ahead = Math.round((Date.parse(week.from) - Date.parse(releaseMonday)) / (7 * 86_400_000));
  await db.query('UPDATE desk SET release_weekday = $2, release_time = $3, release_weeks_ahead = $4 WHERE id = $1', [deskId, rel.weekday, rel.hhmm, ahead]);
  console.log(`desk ${deskId}: week ${week.from}..${week.to}, ${week.slots.length} slots x ${PLACES_PER_SLOT} places = ${RELEASED} places, released at ${new Date(releaseMs).toISOString()} (${rel.date} ${rel.hhmm} Rome, rule: weekday ${rel.weekday}, ${ahead} week(s) ahead)`);
  return releaseMs;
}

export interface WeekCheck {
  booked: number;
  live: number;
  people: number;
  overCounters: number;
  overRows: number;
  driftSlots: number;
}

/** What the database holds for the week: bookings, live places, people, and any slot over capacity or with a drifted counter. */
export async function checkWeek(db: Db, deskId: string, week: ReleasedWeek): Promise<WeekCheck> {
  return (await db.query<WeekCheck>(
    `WITH w AS (SELECT * FROM booking WHERE desk_id = $1 AND starts_at >= $2 AND starts_at < $3)
     SELECT (SELECT count(*)::int FROM w WHERE status = 'booked') AS booked,
            (SELECT count(*)::int FROM w WHERE status IN ('held', 'booked')) AS live,
            (SELECT count(DISTINCT tax_code)::int FROM w WHERE status = 'booked') AS people,
            (SELECT count(*)::int FROM slot WHERE desk_id = $1 AND taken > capacity) AS "overCounters",
            (SELECT count(*)::int FROM (SELECT s.starts_at FROM slot s JOIN w ON w.starts_at = s.starts_at AND w.status IN ('held', 'booked')
                WHERE s.desk_id = $1 GROUP BY s.starts_at, s.capacity HAVING count(*) > s.capacity) x) AS "overRows",
            (SELECT count(*)::int FROM slot s WHERE s.desk_id = $1 AND s.taken <> (SELECT count(*) FROM booking b
                WHERE b.desk_id = s.desk_id AND b.starts_at = s.starts_at AND b.status IN ('held', 'booked'))) AS "driftSlots"`,
    [deskId, new Date(Date.parse(week.from) - 86_400_000), new Date(Date.parse(week.to) + 2 * 86_400_000)],
  )).rows[0]!;
}
