/**
 * Benchmark: availability of one desk over 14 days, with 1,000,000 bookings stored for it.
 * Run: npm run bench:availability (tsx bench/availability.ts). Needs the local PostgreSQL
 * (see ADMIN_URL in support.ts).
 *
 * A scratch database gets one desk open every day 08:00–18:00 in 10-minute slots of 20 places
 * (60 slots a day, 840 in the 14 days asked), and two years of history: 1,000,000 booking rows
 * over 45,455 slots (22 rows a slot: past slots 17 booked, 3 cancelled, 2 expired; the next four
 * weeks between 0 and 20 live places a slot, a few of them live or lapsed holds, the rest
 * cancelled or expired). Bulk-loaded with generate_series, triggers off, then slot.taken set
 * from the rows. The server runs as a child process; autocannon asks
 * GET /api/desks/:id/slots?from=today&to=today+13 first as fast as it can (saturation), then at a
 * fixed 1,000 req/s (the target: p99 < 20 ms at ≥ 1,000 req/s). The last line is one JSON object.
 */
import autocannon, { type Result } from 'autocannon';
import { performance } from 'node:perf_hooks';
import { migrate } from '../src/storage/migrate.js';
import { openPostgres } from '../src/storage/postgres.js';
import { createTestDesk } from '../test/support/test-desk.js';
import { addDaysIso, cpuMeter, latencySummary, MACHINE, round1, runBench, scratchDatabase, startServer, today, waitForQuiet } from './support.js';

const BOOKINGS = 1_000_000;
const ROWS_PER_SLOT = 22;
const PLACES = 20;
const FUTURE_DAYS = 28;
const SLOTS_PER_DAY = 60; // 08:00–18:00, 10 minutes
const RANGE_DAYS = 14;
const TARGET_P99_MS = 20;
const TARGET_RPS = 1_000;
const SATURATION_S = 15;
const FIXED_RATE_S = 20;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const POOL = Number(process.env.DB_POOL_SIZE ?? 10);

const USAGE_SQL = `SELECT s.starts_at AS "startsAt",
            s.taken - COALESCE(x.n, 0) AS taken,
            s.taken_priority - COALESCE(x.p, 0) AS "takenPriority"
       FROM slot s
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS n, count(*) FILTER (WHERE b.priority)::int AS p
           FROM booking b
          WHERE b.desk_id = s.desk_id AND b.starts_at = s.starts_at AND b.status = 'held' AND b.hold_expires_at <= $4
       ) x ON true
      WHERE s.desk_id = $1 AND s.starts_at >= $2 AND s.starts_at <= $3 AND s.taken > 0`;

async function load(url: string): Promise<{ deskId: string; loadS: number; slots: number; liveFuture: number }> {
  const db = await openPostgres(url, 2);
  try {
    await migrate(db);
    const { deskId, officeCode } = await createTestDesk(db, { code: 'AV01', places: PLACES, slotMinutes: 10, horizonDays: 60 });
    const slotDays = Math.ceil(BOOKINGS / ROWS_PER_SLOT / SLOTS_PER_DAY);
    const first = addDaysIso(today(), -(slotDays - FUTURE_DAYS));
    const last = addDaysIso(today(), FUTURE_DAYS - 1);
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      // Triggers (and the foreign keys, which are triggers) off for the bulk load: the rows are
      // built to respect them, and slot.taken is set from the rows below.
      await tx.exec('SET LOCAL session_replication_role = replica');
      await tx.query(
        `CREATE TEMP TABLE bench_slot ON COMMIT DROP AS
         SELECT (row_number() OVER (ORDER BY ts) - 1)::int AS idx, ts AS starts_at
           FROM generate_series($1::date, $2::date, interval '1 day') AS d,
                generate_series(0, $3::int - 1) AS n,
                LATERAL (SELECT ((d::date + time '08:00') + n * interval '10 minutes') AT TIME ZONE 'Europe/Rome' AS ts) t`,
        [first, last, SLOTS_PER_DAY],
      );
      await tx.exec('CREATE INDEX ON bench_slot (idx)');
      await tx.query(
        `INSERT INTO slot (desk_id, starts_at, ends_at, capacity)
         SELECT $1, starts_at, starts_at + interval '10 minutes', $2 FROM bench_slot ORDER BY idx`,
        [deskId, PLACES],
      );
      // Per row g: slot g / 22, place j = g % 22. Codes: office-desk-<g in base 31>, unique.
      await tx.query(
        `WITH r AS (
           SELECT g, s.idx, (g % $3)::int AS j, s.starts_at, s.starts_at < now() AS past,
                  ((s.idx * 7919) % ($4::int + 1))::int AS live
             FROM generate_series(0, $2::int - 1) AS g JOIN bench_slot s ON s.idx = g / $3
         ), st AS (
           SELECT r.*, CASE
               WHEN past THEN CASE WHEN j < 17 THEN 'booked' WHEN j < 20 THEN 'cancelled' ELSE 'expired' END
               WHEN j < live THEN CASE WHEN j = live - 1 AND idx % 5 = 0 THEN 'held' ELSE 'booked' END
               WHEN j % 2 = 0 THEN 'cancelled' ELSE 'expired' END AS status
             FROM r
         )
         INSERT INTO booking (desk_id, starts_at, ends_at, status, code, hold_expires_at, hold_token_hash, pin_hash,
                              tax_code, full_name, phone, channel, language, consent_at, source,
                              created_at, booked_at, cancelled_at, updated_at)
         SELECT $1, starts_at, starts_at + interval '10 minutes', status,
                $5 || '-1-' || substr(a, (g / 923521) % 31 + 1, 1) || substr(a, (g / 29791) % 31 + 1, 1)
                   || substr(a, (g / 961) % 31 + 1, 1) || substr(a, (g / 31) % 31 + 1, 1) || substr(a, g % 31 + 1, 1),
                CASE WHEN status = 'held' THEN CASE WHEN idx % 10 = 0 THEN now() + interval '10 minutes' ELSE now() - interval '1 minute' END END,
                CASE WHEN status = 'held' THEN md5(g::text) || md5(g::text) END,
                CASE WHEN status <> 'held' THEN 'h1$bench$' || md5(g::text) END,
                CASE WHEN status <> 'held' THEN 'BNC' || lpad(g::text, 13, '0') END,
                CASE WHEN status <> 'held' THEN 'Persona ' || g END,
                CASE WHEN status <> 'held' THEN '+39333' || lpad(g::text, 7, '0') END,
                CASE WHEN g % 4 = 0 THEN 'video' ELSE 'phone' END, CASE WHEN g % 10 = 0 THEN 'en' ELSE 'it' END,
                CASE WHEN status <> 'held' THEN starts_at - interval '3 days' END,
                CASE WHEN g % 7 = 0 THEN 'reception' ELSE 'web' END,
                starts_at - interval '3 days',
                CASE WHEN status <> 'held' THEN starts_at - interval '3 days' END,
                CASE WHEN status = 'cancelled' THEN starts_at - interval '1 day' END,
                starts_at - interval '1 day'
           FROM st, (SELECT '23456789ABCDEFGHJKMNPQRSTUVWXYZ'::text AS a) alphabet
          ORDER BY g`,
        [deskId, BOOKINGS, ROWS_PER_SLOT, PLACES, officeCode],
      );
      await tx.query(
        `UPDATE slot SET taken = c.n
           FROM (SELECT starts_at, count(*)::int AS n FROM booking
                  WHERE desk_id = $1 AND status IN ('held', 'booked') GROUP BY starts_at) c
          WHERE slot.desk_id = $1 AND slot.starts_at = c.starts_at`,
        [deskId],
      );
    });
    await db.exec('VACUUM ANALYZE slot');
    await db.exec('VACUUM ANALYZE booking');
    const loadS = (performance.now() - t0) / 1000;
    const check = await db.query<{ bookings: number; slots: number; over: number; bad: number; liveFuture: number }>(
      `SELECT (SELECT count(*)::int FROM booking WHERE desk_id = $1) AS bookings,
              (SELECT count(*)::int FROM slot WHERE desk_id = $1) AS slots,
              (SELECT count(*)::int FROM slot WHERE desk_id = $1 AND taken > capacity) AS over,
              (SELECT count(*)::int FROM slot s WHERE desk_id = $1 AND taken <> (SELECT count(*) FROM booking b
                 WHERE b.desk_id = s.desk_id AND b.starts_at = s.starts_at AND b.status IN ('held', 'booked'))) AS bad,
              (SELECT count(*)::int FROM booking WHERE desk_id = $1 AND starts_at > now() AND status IN ('held', 'booked')) AS "liveFuture"`,
      [deskId],
    );
    const c = check.rows[0]!;
    if (c.bookings !== BOOKINGS || c.over !== 0 || c.bad !== 0) throw new Error(`bulk load inconsistent: ${JSON.stringify(c)}`);
    console.log(`loaded ${c.bookings.toLocaleString('en')} bookings over ${c.slots.toLocaleString('en')} slots (${first}..${last}), ${c.liveFuture.toLocaleString('en')} live in the future, in ${loadS.toFixed(1)} s`);
    return { deskId, loadS, slots: c.slots, liveFuture: c.liveFuture };
  } finally {
    await db.close();
  }
}

async function explainUsage(url: string, deskId: string, from: string, to: string): Promise<number> {
  const db = await openPostgres(url, 1);
  try {
    const fromMs = Date.parse(`${from}T00:00:00+01:00`);
    const toMs = Date.parse(`${to}T23:59:59+01:00`);
    const params = [deskId, new Date(fromMs), new Date(toMs), new Date()];
    for (let i = 0; i < 20; i++) await db.query(USAGE_SQL, params);
    const r = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${USAGE_SQL}`, params);
    const plan = r.rows.map((x) => x['QUERY PLAN']);
    console.log('usage query (src/booking/booking.repository.ts slotUsage), warm:');
    for (const line of plan) console.log(`  ${line}`);
    const m = /Execution Time: ([\d.]+) ms/.exec(plan.join('\n'));
    return m ? Number(m[1]) : NaN;
  } finally {
    await db.close();
  }
}

function summary(r: Result, fine: number[]) {
  const f = latencySummary(fine);
  return {
    reqPerS: Math.round(r.requests.average),
    requests: r.requests.total ?? r['2xx'],
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    // per-response timings with sub-millisecond resolution (autocannon's histogram is in whole ms)
    p50MsFine: f.p50,
    p99MsFine: f.p99,
    maxMs: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/** CPU milliseconds per answered request: what a request costs, whatever else runs on the machine. */
function cpuPerRequest(cpu: { serverCpuS: number; postgresCpuS: number }, requests: number) {
  const ms = (seconds: number) => Math.round((seconds * 1000 * 100) / Math.max(1, requests)) / 100;
  return { serverCpuMsPerReq: ms(cpu.serverCpuS), postgresCpuMsPerReq: ms(cpu.postgresCpuS) };
}

async function cannon(opts: Parameters<typeof autocannon>[0]): Promise<{ result: Result; fine: number[] }> {
  const fine: number[] = [];
  const instance = autocannon(opts) as ReturnType<typeof autocannon> & { on(e: 'response', f: (...a: any[]) => void): void };
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status === 200) fine.push(ms);
  });
  const result = await instance;
  return { result, fine };
}

await runBench('availability', async () => {
  const { url, name } = await scratchDatabase();
  const { deskId, loadS } = await load(url);
  const server = await startServer({ DATABASE_URL: url, DB_POOL_SIZE: String(POOL) });
  const from = today();
  const to = addDaysIso(from, RANGE_DAYS - 1);
  const path = `/api/desks/${deskId}/slots?from=${from}&to=${to}`;

  const sample = await fetch(server.url + path);
  const body = (await sample.json()) as { days: { status: string; slots: { state: string; booked: number }[] }[] };
  const raw = JSON.stringify(body);
  if (sample.status !== 200 || body.days.length !== RANGE_DAYS) throw new Error(`unexpected answer ${sample.status}: ${raw.slice(0, 300)}`);
  const slots = body.days.flatMap((d) => d.slots);
  const states: Record<string, number> = {};
  for (const s of slots) states[s.state] = (states[s.state] ?? 0) + 1;
  const booked = slots.reduce((n, s) => n + s.booked, 0);
  console.log(`GET ${path}: ${body.days.length} days, ${slots.length} slots ${JSON.stringify(states)}, ${booked} places taken, ${(raw.length / 1024).toFixed(0)} KiB`);

  const target = `${server.url}${path}`;
  await cannon({ url: target, connections: CONNECTIONS, duration: 3 }); // warm-up: JIT, pool, caches
  const backgroundPct = await waitForQuiet();
  console.log(`saturation: ${CONNECTIONS} connections, ${SATURATION_S} s, as fast as the server answers…`);
  let cpu = cpuMeter(server.pid, name);
  const sat = await cannon({ url: target, connections: CONNECTIONS, duration: SATURATION_S });
  const satCpu = cpu();
  const saturation = { ...summary(sat.result, sat.fine), ...satCpu, ...cpuPerRequest(satCpu, sat.fine.length) };
  console.log(`  ${JSON.stringify(saturation)}`);

  console.log(`fixed rate: ${TARGET_RPS} req/s over ${CONNECTIONS} connections, ${FIXED_RATE_S} s…`);
  cpu = cpuMeter(server.pid, name);
  const fixed = await cannon({ url: target, connections: CONNECTIONS, duration: FIXED_RATE_S, overallRate: TARGET_RPS });
  const fixedCpu = cpu();
  const atRate = { ...summary(fixed.result, fixed.fine), ...fixedCpu, ...cpuPerRequest(fixedCpu, fixed.fine.length) };
  console.log(`  ${JSON.stringify(atRate)}`);

  const queryMs = await explainUsage(url, deskId, from, to);
  await server.stop();

  const rateOk = atRate.reqPerS >= TARGET_RPS * 0.98 && atRate.non2xx === 0 && atRate.errors === 0;
  const ok = rateOk && atRate.p99Ms < TARGET_P99_MS && saturation.non2xx === 0 && saturation.errors === 0;
  console.log(
    `availability, 14 days of one desk with ${BOOKINGS.toLocaleString('en')} bookings: ` +
      `max ${saturation.reqPerS} req/s (p50 ${saturation.p50Ms} ms, p99 ${saturation.p99Ms} ms); ` +
      `at ${TARGET_RPS} req/s: ${atRate.reqPerS} req/s, p50 ${atRate.p50Ms} ms, p99 ${atRate.p99Ms} ms ` +
      `(target p99 < ${TARGET_P99_MS} ms at ≥ ${TARGET_RPS} req/s: ${ok ? 'met' : 'MISSED'}); usage query ${queryMs} ms`,
  );
  return {
    bench: 'availability',
    machine: MACHINE,
    bookings: BOOKINGS,
    days: RANGE_DAYS,
    slots: slots.length,
    responseKiB: round1(raw.length / 1024),
    loadS: round1(loadS),
    backgroundCpuPctBefore: backgroundPct,
    connections: CONNECTIONS,
    dbPool: POOL,
    saturation,
    atTargetRate: atRate,
    usageQueryMs: queryMs,
    targetP99Ms: TARGET_P99_MS,
    targetRps: TARGET_RPS,
    ok,
  };
});
