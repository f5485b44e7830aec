/**
 * `npm run model:national` (issue 22 §5): sizes a national deployment from the benchmarks'
 * last results (bench/results/<name>.json, written by each run of `npm run bench:<name>`), with
 * the plan's figures (scripts/national-model.ts, PLAN) changeable as options:
 *   npm run model:national -- --bookingsPerDay=2000000 --releasePlaces=50000
 * Prints the sizing and, last, one JSON line. Fails, naming the benchmark to run, when an input is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PLAN, sizeNational, type MeasuredCosts, type NationalAssumptions } from './national-model.js';

const RESULTS = fileURLToPath(new URL('../bench/results/', import.meta.url));

type Json = Record<string, any>;
interface Source { bench: string; recordedAt: string; machine: string }

export function readMeasured(dir = RESULTS): { costs: MeasuredCosts; sources: Source[] } {
  const sources: Source[] = [];
  const load = (bench: string): Json => {
    const file = `${dir}${bench}.json`;
    if (!existsSync(file)) throw new Error(`no result of bench:${bench} (${file}): run npm run bench:${bench}`);
    const r = JSON.parse(readFileSync(file, 'utf8')) as Json;
    sources.push({ bench, recordedAt: String(r.recordedAt ?? r.date ?? '?'), machine: String(r.machine ?? '?') });
    return r;
  };
  const num = (bench: string, r: Json, path: string): number => {
    const v = path.split('/').reduce<any>((o, k) => (o == null ? undefined : o[k]), r);
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`bench:${bench} has no ${path} in its last result: run npm run bench:${bench}`);
    return v;
  };
  const booking = load('booking');
  const availability = load('availability');
  const surge = load('surge');
  const dashboard = load('dashboard');
  const notify = load('notify');
  return {
    sources,
    costs: {
      booking: { serverCpuMsPerBooking: num('booking', booking, 'serverCpuMsPerBooking'), postgresCpuMsPerBooking: num('booking', booking, 'postgresCpuMsPerBooking') },
      availability: { serverCpuMsPerRead: num('availability', availability, 'saturation/serverCpuMsPerReq') },
      surge: {
        serverCpuMsPerAttempt: num('surge', surge, 'serverCpuMsPerAttempt'),
        postgresCpuMsPerAttempt: num('surge', surge, 'postgresCpuMsPerAttempt'),
        bytesPerBooking: num('surge', surge, 'bytesPerBooking'),
      },
      dashboard: { regionLiveQueryMs: num('dashboard', dashboard, 'queries/live.region'), desksMeasured: num('dashboard', dashboard, 'desks') },
      notify: { messagesPerSecond: num('notify', notify, 'messagesPerSecond') },
    },
  };
}

function main(): void {
  const options = Object.fromEntries(Object.keys(PLAN).map((k) => [k, { type: 'string' as const }]));
  const { values } = parseArgs({ options, strict: true });
  const plan: NationalAssumptions = { ...PLAN };
  for (const [k, v] of Object.entries(values)) {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${k} must be a positive number`);
    (plan as unknown as Record<string, number>)[k] = n;
  }
  const { costs, sources } = readMeasured();
  const s = sizeNational(costs, plan);
  const lines = [
    'Sportello for Italy, from measured costs',
    `inputs: ${sources.map((x) => `bench:${x.bench} (${x.machine}, ${x.recordedAt})`).join('; ')}`,
    `measured: booking ${costs.booking.serverCpuMsPerBooking} ms server + ${costs.booking.postgresCpuMsPerBooking} ms PostgreSQL; availability read ${costs.availability.serverCpuMsPerRead} ms server; `
      + `release attempt ${costs.surge.serverCpuMsPerAttempt} + ${costs.surge.postgresCpuMsPerAttempt} ms; ${costs.surge.bytesPerBooking} bytes per booking; `
      + `region live query ${costs.dashboard.regionLiveQueryMs} ms (${costs.dashboard.desksMeasured} desks); ${costs.notify.messagesPerSecond} notices/s per worker`,
    `plan: ${plan.offices} offices × ${plan.desksPerOffice} desks in ${plan.regions} regions, ${plan.bookingsPerDay.toLocaleString('en')} bookings a day (${plan.busiestHourShare * 100} % in the busiest hour), `
      + `release mornings of ${plan.releasePlaces.toLocaleString('en')} places in ${plan.releaseSeconds} s (${plan.attemptsPerPlace} attempts a place), cores ${plan.targetUtilisation * 100} % busy at most`,
    `daily peak: ${s.dailyPeak.bookingsPerS} bookings/s (${s.dailyPeak.requestsPerS} requests/s) → ${s.dailyPeak.serverCores} server cores, ${s.dailyPeak.postgresCores} PostgreSQL cores`,
    `release morning: ${s.releaseMorning.attemptsPerS} attempts/s (${s.releaseMorning.requestsPerS} requests/s) → ${s.releaseMorning.serverCores} server cores, ${s.releaseMorning.postgresCores} PostgreSQL cores`,
    `URP dashboards (every region live): ${s.dashboardPostgresCores} PostgreSQL cores (a read replica can take them)`,
    `→ ${s.instances} instances of one core, ${s.notificationWorkers} notification worker(s) busy at the daily peak, a PostgreSQL primary of ${s.postgresCores} cores, ${s.postgresGB} GB for ${plan.keptDays} days of bookings`,
    `one primary's limit (${plan.largestPrimaryCores} cores): ${s.primaryLimit.bookingsPerS.toLocaleString('en')} bookings/s at the daily rhythm, `
      + `${s.primaryLimit.releasePlacesPerMinute.toLocaleString('en')} places a minute on a release morning; the ${s.primaryLimit.bindsOn} reaches it first`
      + ' — beyond, releases must be spread over minutes or the country split into databases by region',
  ];
  for (const l of lines) console.log(l);
  console.log(JSON.stringify({ model: 'national', plan, measured: costs, inputs: sources, ...s }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
