/**
 * `npm run bench:planner` — the capacity planner's computations at regional scale (issue 23).
 *
 * The catalogue of the demo (every desk of Lombardy, its real calendar) is loaded into an
 * in-memory PGlite through the normal seed (not timed). Then, in memory, a year of history per
 * desk is drawn with a seeded generator (demand per working day ≈ 75 % of the calendar's places;
 * one call per booking, 13 % unanswered, handling phases as the demo's) and timed:
 *  - regionPlanMs: for every desk, the handling summary of its year of calls (percentiles with
 *    their binomial intervals, overrun, minutes covering 90/95 %), the weekday forecast and its
 *    error on held-out weeks, the opening hours from the calendar, and the capacity plan for the
 *    current slot length and 8/10/12/15 minutes (Erlang C per hour) — target < 2,000 ms;
 *  - officeReplayMs: the what-if replay of a month at Como (CO01): the month's booking requests
 *    into the calendars, calls with no-answers and retries, handling drawn from the measured
 *    sample, every desk of the office — target < 1,000 ms.
 * Reading the year from the database is not part of these figures (see bench/RESULTS.md).
 * Last line: JSON with regionPlanMs and officeReplayMs.
 */
import { performance } from 'node:perf_hooks';
import { seedDemo } from '../src/app.js';
import {
  forecastError, forecastWeekdays, hoursPerWeekday, localSlotsOf, planCapacity, prng, simulate, summarizeHandling, workingDayIndex,
  type CallPhases, type DayDemand, type SimArrival, type SimSlot,
} from '../src/domain/planning/index.js';
import { generateSlots } from '../src/domain/schedule/plan.js';
import { addDays, dayNumberOf, weekdayOf } from '../src/domain/schedule/time.js';
import { getDeskSchedule } from '../src/catalog/catalog.repository.js';
import { migrate } from '../src/storage/migrate.js';
import { openPglite } from '../src/storage/pglite.js';
import { MACHINE, runBench } from './support.js';

const TODAY = '2026-12-07';

await runBench('planner', async () => {
  const db = await openPglite();
  await migrate(db);
  await seedDemo(db);
  const desks = (await db.query<{ id: string; slot: number; key: string; office: string }>(
    `SELECT d.id, d.slot_minutes AS slot, d.key, o.code AS office FROM desk d JOIN office o ON o.id = d.office_id
      JOIN province p ON p.code = o.province_code WHERE p.region_code = 'LOM' AND d.active ORDER BY o.code, d.number`,
  )).rows;
  const from = addDays(TODAY, -365);
  const to = addDays(TODAY, -1);
  const rand = prng(23);
  const inputs = [];
  let calls = 0;
  for (const d of desks) {
    const schedule = await getDeskSchedule(db, d.id);
    if (!schedule) continue;
    const past = generateSlots(schedule, from, to);
    const ahead = generateSlots(schedule, TODAY, addDays(TODAY, 41));
    const placesByDay = new Map<string, number>();
    for (const s of past) placesByDay.set(s.date, (placesByDay.get(s.date) ?? 0) + s.places);
    const history: DayDemand[] = [];
    const phases: CallPhases[] = [];
    for (let n = dayNumberOf(from); n <= dayNumberOf(to); n++) {
      const day = addDays(from, n - dayNumberOf(from));
      const places = placesByDay.get(day) ?? 0;
      const demand = places ? Math.round(places * (0.6 + rand() * 0.3)) : 0;
      history.push({ day, weekday: weekdayOf(day), demand, open: places > 0 });
      const served = Math.min(places, demand);
      for (let k = 0; k < served; k++) {
        const answered = rand() >= 0.13;
        const ident = rand() < 0.2 ? 120 + rand() * 180 : 30 + rand() * 60;
        const talk = ident + (d.key.includes('invalidita') ? 180 + (rand() + rand()) * 210 : 120 + (rand() + rand()) * 150);
        const reach = 5 + rand() * 30;
        const wrap = 20 + rand() * 100;
        phases.push({
          bookingId: `${day}-${k}`, adapter: 'wildix', answered, reachSec: Math.round(reach), identSec: answered ? Math.round(ident) : null,
          talkSec: answered ? Math.round(talk) : null, wrapSec: Math.round(wrap), totalSec: Math.round(reach + (answered ? talk : 0) + wrap), slotSec: d.slot * 60,
        });
      }
    }
    calls += phases.length;
    inputs.push({ d, schedule, history, phases, slots: [...past.slice(-20 * 60), ...ahead], ahead });
  }

  // The region's plan: every desk, a year of history each.
  const t0 = performance.now();
  let options = 0;
  for (const i of inputs) {
    const summary = summarizeHandling(i.phases);
    const handlingSec = i.phases.filter((p) => p.answered).map((p) => p.totalSec!);
    const f = forecastWeekdays(i.history, 8);
    forecastError(i.history, 2, 8);
    const hours = hoursPerWeekday(localSlotsOf(i.slots), i.d.slot);
    const plan = planCapacity({
      slotMinutes: i.d.slot, handlingSec, attemptsPerBooking: summary.attemptsPerBooking ?? 1, demandPerWeekday: f.perWeekday,
      hoursPerWeekday: hours, backlog: 0, daysAhead: [...new Set(i.ahead.map((s) => s.date))].map((x) => weekdayOf(x)),
    });
    options += plan.options.length;
  }
  const regionPlanMs = Math.round(performance.now() - t0);

  // A month's what-if replay at Como: arrivals from the month's demand, into the calendars.
  const monthFrom = addDays(TODAY, -30);
  const first = dayNumberOf(monthFrom);
  const startMs = Date.parse(`${monthFrom}T00:00:00+01:00`);
  const como = inputs.filter((i) => i.d.office === 'CO01');
  const t1 = performance.now();
  let arrivalsTotal = 0;
  let conserved = true;
  for (const i of como) {
    const slots: SimSlot[] = generateSlots(i.schedule, monthFrom, addDays(TODAY, 30)).map((s) => ({
      deskId: i.d.id, start: (s.startMs - startMs) / 60_000, day: workingDayIndex(first, dayNumberOf(s.date)), places: s.places,
    }));
    const arrivals: SimArrival[] = [];
    for (const h of i.history.filter((x) => x.day >= monthFrom)) {
      const n0 = dayNumberOf(h.day);
      for (let k = 0; k < h.demand; k++) arrivals.push({ deskId: i.d.id, at: (n0 - first) * 1440 + 480 + rand() * 600, day: workingDayIndex(first, n0) });
    }
    const handlingSec = i.phases.filter((p) => p.answered).map((p) => p.totalSec!);
    const r = simulate(slots, arrivals, { slotMinutes: i.d.slot, handlingSec, noAnswer: 0.13, cancel: 0.08, maxAttempts: 3, retryGapMin: 3, dialSec: 40, minNoticeMin: 120, horizonDays: 21, seed: 5 });
    arrivalsTotal += arrivals.length;
    conserved &&= r.states.served + r.states.no_answer + r.states.cancelled + r.states.refused === arrivals.length;
  }
  const officeReplayMs = Math.round(performance.now() - t1);
  await db.close();
  return {
    bench: 'planner', machine: MACHINE, date: new Date().toISOString().slice(0, 10),
    desks: inputs.length, historyDays: 365, calls, options, comoDesks: como.length, replayArrivals: arrivalsTotal, conserved,
    regionPlanMs, officeReplayMs, targets: { regionPlanMs: 2000, officeReplayMs: 1000 },
    ok: conserved && regionPlanMs < 2000 && officeReplayMs < 1000,
  };
});
