/**
 * The release morning shared by the surge benchmarks (bench/surge.ts, bench/surge-attack.ts):
 * a desk whose coming week of 10,000 places opens at a minute boundary during the run, and the
 * checks made in SQL at the end.
 */
import { performance } from 'node:perf_hooks';
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

/** At most `n` people served at a time: `acquire` waits for a free place, `release` hands it to the next in line. */
export function servingSlots(n: number): { acquire(): Promise<void>; release(): void } {
  let free = n;
  const waiting: (() => void)[] = [];
  return {
    acquire: () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((r) => waiting.push(r))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

/**
 * Open loop: attempt i is due at t0 + i × windowS / count and starts then whatever the server's
 * speed (a late timer starts all the attempts now due); `progress` every 10 s. Resolves when all
 * are issued (or after `giveUpS`), with the attempts still running.
 */
export async function openLoop(
  count: number, windowS: number, giveUpS: number,
  start: (i: number, scheduled: number) => Promise<void>, progress: (issued: number, elapsedS: number) => void,
): Promise<{ t0: number; issuedS: number; running: Promise<void>[] }> {
  const t0 = performance.now();
  const interval = (windowS * 1000) / count;
  const running: Promise<void>[] = [];
  let issued = 0;
  let lastReport = t0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (issued < count && t0 + issued * interval <= now) {
        running.push(start(issued, t0 + issued * interval));
        issued++;
      }
      if (now - lastReport >= 10_000) {
        lastReport = now;
        progress(issued, (now - t0) / 1000);
      }
      if (issued >= count || now - t0 > giveUpS * 1000) resolve();
      else setTimeout(tick, Math.max(0, Math.min(interval, t0 + issued * interval - performance.now())));
    };
    tick();
  });
  return { t0, issuedS: (performance.now() - t0) / 1000, running };
}

/**
 * What the availability API shows open for the week, refreshed every second (as citizens' pages
 * do), and the slot a person picks: one shown open that they have not found full, at random
 * (when none is shown open, any slot of the week — a stale page).
 */
export function pollOpenSlots(request: ReturnType<typeof httpClient>['request'], deskId: string, week: ReleasedWeek): {
  open(): string[]; pick(): string; markFull(start: string): void; stop(): Promise<number>;
} {
  const knownFull = new Set<string>();
  let shownOpen: string[] = [];
  let polls = 0;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const t = performance.now();
      const r = await request('GET', `/api/desks/${deskId}/slots?from=${week.from}&to=${week.to}`);
      if (r.status === 200) {
        shownOpen = r.body.days.flatMap((d: any) => d.slots.filter((s: any) => s.state === 'open').map((s: any) => s.start));
        polls++;
      }
      await new Promise((res) => setTimeout(res, Math.max(0, 1000 - (performance.now() - t))));
    }
  })();
  return {
    open: () => shownOpen,
    pick() {
      const open = shownOpen.filter((x) => !knownFull.has(x));
      const from = open.length ? open : week.slots;
      return from[Math.floor(Math.random() * from.length)]!;
    },
    markFull: (start) => knownFull.add(start),
    async stop() {
      polling = false;
      await poller;
      return polls;
    },
  };
}
