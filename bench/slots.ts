/**
 * Benchmark: a whole year of slots for 100 desks with realistic, varied schedules.
 * Run: tsx bench/slots.ts. The last line is one JSON object (target: median under 1000 ms).
 */
import { performance } from 'node:perf_hooks';
import { generateSlots, validateSchedule, type DayException, type DeskSchedule, type OpeningInterval, type Weekday } from '../src/domain/schedule/index.js';

const DESKS = 100;
const FROM = '2027-01-01';
const TO = '2027-12-31';
const DAYS = 365;
const RUNS = 7;
const TARGET_MS = 1000;

const SLOT_LENGTHS = [8, 10, 12, 15];
const AFTERNOONS: [Weekday, Weekday][] = [[2, 4], [1, 3], [3, 5], [2, 5], [1, 4]];
const PATRONS = ['12-07', '06-24', '01-20', '10-04', '11-11', '06-29', '09-19', '02-15', '03-19', '07-15'];

function desk(i: number): DeskSchedule {
  const slotMinutes = SLOT_LENGTHS[i % SLOT_LENGTHS.length]!;
  const places = 1 + (i % 3);
  const weekly: OpeningInterval[] = ([1, 2, 3, 4, 5] as Weekday[]).map((weekday) => ({ weekday, from: '08:30', to: '12:30', places }));
  for (const weekday of AFTERNOONS[i % AFTERNOONS.length]!) weekly.push({ weekday, from: '14:00', to: '16:00', places: 1 });
  const month = String(1 + (i % 12)).padStart(2, '0');
  const exceptions: DayException[] = [
    { date: `2027-${month}-10`, kind: 'closed', reason: 'Assemblea del personale' },
    { date: `2027-${month}-14`, kind: 'closed', from: '10:00', to: '11:00', reason: 'Manutenzione' },
    { date: `2027-${month}-16`, kind: 'reduced', places: 1 },
    { date: `2027-${month}-21`, kind: 'reduced', places: 0, from: '14:00', to: '16:00' },
    { date: '2027-03-13', kind: 'extra', from: '08:30', to: '12:30', places: 2, reason: 'Open day ISEE' },
    { date: '2027-08-16', kind: 'closed', reason: 'Ponte di Ferragosto' },
  ];
  return {
    slotMinutes,
    weekly,
    exceptions,
    localHolidays: [{ date: PATRONS[i % PATRONS.length]!, name: 'Santo patrono' }, ...(i % 5 === 0 ? [{ date: '2027-11-02', name: 'Chiusura straordinaria' }] : [])],
  };
}

const desks = Array.from({ length: DESKS }, (_, i) => desk(i));
for (const [i, d] of desks.entries()) {
  const problems = validateSchedule(d);
  if (problems.length > 0) throw new Error(`desk ${i} invalid: ${JSON.stringify(problems)}`);
}

function runOnce(): { slots: number; ms: number } {
  const t0 = performance.now();
  let slots = 0;
  for (const d of desks) slots += generateSlots(d, FROM, TO).length;
  return { slots, ms: performance.now() - t0 };
}

const cold = runOnce(); // warm-up: fills the holiday and zone-offset caches and lets the JIT compile
console.log(`warm-up (cold caches): ${cold.ms.toFixed(1)} ms, ${cold.slots} slots`);
const times: number[] = [];
let slots = 0;
for (let r = 0; r < RUNS; r++) {
  const res = runOnce();
  if (res.slots !== cold.slots) throw new Error(`slot count changed between runs: ${res.slots} vs ${cold.slots}`);
  slots = res.slots;
  times.push(res.ms);
  console.log(`run ${r + 1}: ${res.ms.toFixed(1)} ms`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const mem = process.memoryUsage();
const heapMB = Math.round((mem.heapUsed / 1048576) * 10) / 10;
const rssMB = Math.round((mem.rss / 1048576) * 10) / 10;
console.log(`${DESKS} desks x ${DAYS} days: ${slots} slots, median ${median.toFixed(1)} ms (target < ${TARGET_MS} ms), heap ${heapMB} MB, rss ${rssMB} MB`);
console.log(
  JSON.stringify({ bench: 'slots', desks: DESKS, days: DAYS, slots, ms: Math.round(median * 10) / 10, targetMs: TARGET_MS, ok: median < TARGET_MS, heapMB, rssMB }),
);
