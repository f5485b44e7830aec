/**
 * `npm run bench:dashboard` — a year of Lombardy activity on local PostgreSQL, then every
 * dashboard query timed against the 500 ms target.
 *
 * In a dedicated database (`sportello_bench_dashboard`, re-created; `--keep` leaves it, `--reuse`
 * skips the generation when it is already there, `--reroll` rebuilds only the rollups):
 * migrations, the demo offices through the normal seed, the places per slot raised so that a
 * year of the demo calendars holds about `--bookings` (default 20,000,000; at most 25,000,000,
 * the booking codes' range) bookings; then, set-based (`INSERT … SELECT generate_series`,
 * triggers and FK checks off with `session_replication_role = replica`, two workers on even and
 * odd days, secondary indexes built after the load): the slots of the last 365 days and today,
 * bookings filling ~90 % of them (8 % cancelled), closed call assignments (85 % resolved, 10 %
 * no answer, 5 % documents), one answered call per served booking (talk 1.5–11.5 min),
 * reception contacts; the slot counters of today and later; ANALYZE; then the daily rollups of
 * every closed day (`rollUpDays`, two halves side by side). Each dashboard
 * use case (live, history by day/week/month at region/province/office/desk over 365 days,
 * slot-length report) is called as a regional admin: one warm-up, then the median of 3.
 * Last line: JSON with the real counts and each query's ms.
 */
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { seedDemo } from '../src/app.js';
import { bookingDeps, deriveBookingSecret } from '../src/booking/deps.js';
import { generateSlots } from '../src/domain/schedule/plan.js';
import { addDays } from '../src/domain/schedule/time.js';
import { DEV_AUTH_SECRET } from '../src/auth/settings.js';
import type { MonitoringDeps } from '../src/monitoring/deps.js';
import { getHistory } from '../src/monitoring/get-history.js';
import { getLiveFigures, todayOf } from '../src/monitoring/get-live-figures.js';
import { getSlotLengthReport } from '../src/monitoring/get-slot-length-report.js';
import { rollUpDays } from '../src/monitoring/roll-up-days.js';
import type { Actor } from '../src/policy/index.js';
import { migrate } from '../src/storage/migrate.js';
import { openPostgres } from '../src/storage/postgres.js';
import { ADMIN_URL, MACHINE, runBench } from './support.js';

const NAME = 'sportello_bench_dashboard';
const TARGET_MS = 500;
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const WANTED = Number(arg('--bookings') ?? 20_000_000);
const KEEP = args.includes('--keep') || args.includes('--reuse') || args.includes('--reroll');
const REUSE = args.includes('--reuse') || args.includes('--reroll');
const REROLL = args.includes('--reroll');
/** Indexes dropped for the load and built again after it (the definitions of the migrations). */
const LOAD_DROPPED_INDEXES: [string, string][] = [
  ['booking_tax_code_idx', 'CREATE INDEX booking_tax_code_idx ON booking (tax_code)'],
  ['booking_person_idx', "CREATE INDEX booking_person_idx ON booking (desk_id, tax_code) WHERE status = 'booked'"],
  ['booking_desk_time_idx', 'CREATE INDEX booking_desk_time_idx ON booking (desk_id, starts_at)'],
  ['booking_retention_idx', 'CREATE INDEX booking_retention_idx ON booking (ends_at) WHERE personal_data_erased_at IS NULL'],
  ['call_assignment_desk_day_idx', 'CREATE INDEX call_assignment_desk_day_idx ON call_assignment (desk_id, day)'],
  ['call_assignment_operator_idx', 'CREATE INDEX call_assignment_operator_idx ON call_assignment (operator_id, day)'],
  ['call_booking_idx', 'CREATE INDEX call_booking_idx ON call (booking_id, requested_at)'],
];
const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function median(fn: () => Promise<unknown>, runs = 3): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)]! * 10) / 10;
}

await runBench('dashboard', async () => {
  // Booking codes are the sequence number in 5 base-31 characters (28.6 M): stay well inside.
  if (!(WANTED > 0 && WANTED <= 25_000_000)) throw new Error('--bookings: a number from 1 to 25,000,000');
  const exists = await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [NAME])).rowCount === 1);
  const url = (() => {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${NAME}`;
    return u.toString();
  })();
  const generate = !(REUSE && exists);
  if (generate) {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${NAME}`);
    });
  }
  const db = await openPostgres(url, 8);
  const now = Date.now();
  const today = todayOf(now);
  const first = addDays(today, -365);
  const deps: MonitoringDeps = { db, booking: bookingDeps(db, deriveBookingSecret(DEV_AUTH_SECRET), { now: () => now }), now: () => now, pushSeconds: 5 };
  let generateSec = 0;
  let rollupSec = 0;
  let scale = 0;
  try {
    if (generate) {
      const t0 = performance.now();
      await migrate(db);
      await seedDemo(db);
      // Places per slot raised so that the year's calendars hold the wanted bookings at ~90 %.
      const desks = (await db.query<{ id: string }>('SELECT id FROM desk WHERE active ORDER BY id')).rows;
      let offered = 0;
      for (const d of desks) {
        const cal = await deps.booking.calendars.get(db, d.id);
        for (const s of generateSlots(cal!.schedule, first, today)) offered += s.places;
      }
      scale = Math.max(1, Math.min(100, Math.ceil(WANTED / 0.9 / offered)));
      await db.query('UPDATE desk_opening SET places = LEAST(200, places * $1)', [scale]);
      await db.query("UPDATE desk_exception SET places = LEAST(200, places * $1) WHERE places IS NOT NULL AND kind <> 'closed'", [scale]);
      deps.booking.calendars.invalidate();
      log(`${desks.length} desks, ${offered} places a year at the demo's places, ×${scale}`);

      // Slots of the year and today, from the calendars.
      for (const d of desks) {
        const cal = await deps.booking.calendars.get(db, d.id);
        const slots = generateSlots(cal!.schedule, first, today);
        await db.query(
          `INSERT INTO slot (desk_id, starts_at, ends_at, capacity)
           SELECT $1, s, e, c FROM unnest($2::timestamptz[], $3::timestamptz[], $4::int[]) AS t(s, e, c)`,
          [d.id, slots.map((s) => new Date(s.startMs)), slots.map((s) => new Date(s.endMs)), slots.map((s) => s.places)],
        );
      }
      log(`slots: ${(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM slot')).rows[0]!.n}`);
      // Secondary indexes are built once after the load (faster than maintaining them row by row).
      await db.transaction(async (tx) => {
        await tx.query("INSERT INTO staff_user (id, username, display_name) VALUES ('00000000-0000-4000-8000-00000000a9e7', 'bench.agent', 'Bench agent')");
        await tx.query('ALTER TABLE booking DROP CONSTRAINT booking_code_key');
        await tx.query('ALTER TABLE call DROP CONSTRAINT call_adapter_external_id_key');
        await tx.query(`DROP INDEX ${LOAD_DROPPED_INDEXES.map(([name]) => name).join(', ')}`);
        await tx.query('DROP SEQUENCE IF EXISTS bench_seq');
        await tx.query('CREATE SEQUENCE bench_seq');
      });
      // Bookings with their call assignments and calls, in one statement per worker; the two
      // workers take the slots of even and odd days (an INSERT runs on one core). Ids grow with
      // a sequence (appends to the primary keys instead of random inserts); booking codes are
      // that number in base 31 (unique), tax codes too.
      await Promise.all([0, 1].map((w) => db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query("SET LOCAL work_mem = '256MB'");
        await tx.query(
          `WITH b AS (
             INSERT INTO booking (id, desk_id, starts_at, ends_at, status, code, tax_code, full_name, phone, pin_hash, consent_at, created_at, booked_at, cancelled_at, source)
             SELECT ('0000000' || $1::int || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid,
                    s.desk_id, s.starts_at, s.ends_at, CASE WHEN random() < 0.08 THEN 'cancelled' ELSE 'booked' END,
                    'BN-1-' || substr(a, (n % 31)::int + 1, 1) || substr(a, (n / 31 % 31)::int + 1, 1) || substr(a, (n / 961 % 31)::int + 1, 1)
                            || substr(a, (n / 29791 % 31)::int + 1, 1) || substr(a, (n / 923521 % 31)::int + 1, 1),
                    'B' || lpad(n::text, 15, '0'), 'Persona', '+390200000000', 'x',
                    s.starts_at - interval '5 days', s.starts_at - interval '5 days', s.starts_at - interval '5 days', NULL, 'web'
               FROM slot s
               CROSS JOIN LATERAL generate_series(1, floor(s.capacity * (0.8 + random() * 0.2))::int) AS g(i)
               CROSS JOIN LATERAL (SELECT nextval('bench_seq') + 0 * g.i AS n, '23456789ABCDEFGHJKMNPQRSTUVWXYZ'::text AS a) x
              WHERE (extract(epoch FROM s.starts_at)::bigint / 86400) % 2 = $1
             RETURNING id, desk_id, starts_at, ends_at, status
           ), ca AS (
             INSERT INTO call_assignment (booking_id, desk_id, day, starts_at, ends_at, state, attempts, outcome, closed_at)
             SELECT id, desk_id, (starts_at AT TIME ZONE 'Europe/Rome')::date, starts_at, ends_at, 'done', 1,
                    CASE WHEN r < 0.85 THEN 'resolved' WHEN r < 0.95 THEN 'no_answer' ELSE 'needs_documents' END, ends_at
               FROM (SELECT b.*, random() AS r FROM b WHERE b.status = 'booked' AND b.ends_at <= $2) b
             RETURNING booking_id, desk_id, starts_at, outcome, attempts
           )
           INSERT INTO call (id, booking_id, office_id, adapter, attempt, destination, state, requested_at, answered_at, ended_at, duration_seconds, talk_seconds, timing_source)
           SELECT ('c' || substr(ca.booking_id::text, 2))::uuid, ca.booking_id, d.office_id, 'simulated', 1, '+390200000000', 'ended', ca.starts_at,
                  ca.starts_at + interval '5 seconds', ca.starts_at + make_interval(secs => 5 + t), 5 + t, t, 'history'
             FROM ca JOIN desk d ON d.id = ca.desk_id
            CROSS JOIN LATERAL (SELECT 90 + floor((random() + random()) * 300)::int + 0 * ca.attempts AS t) x
            WHERE ca.outcome <> 'no_answer'`,
          [w, new Date(now)],
        );
        log(`worker ${w}: bookings, assignments and calls`);
      })));
      await db.exec('DROP SEQUENCE bench_seq');
      await db.transaction(async (tx) => {
        await tx.query("SET LOCAL maintenance_work_mem = '1GB'");
        await tx.query('ALTER TABLE booking ADD CONSTRAINT booking_code_key UNIQUE (code)');
        await tx.query('ALTER TABLE call ADD CONSTRAINT call_adapter_external_id_key UNIQUE (adapter, external_id)');
        for (const [, definition] of LOAD_DROPPED_INDEXES) await tx.query(definition);
        log(`bookings: ${(await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM booking')).rows[0]!.n}, indexes rebuilt`);
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(
          `INSERT INTO reception_contact (agent_id, province_code, reason, duration_seconds, created_at)
           SELECT '00000000-0000-4000-8000-00000000a9e7', p.code,
                  (ARRAY['booked', 'moved', 'cancelled', 'redirected', 'other'])[1 + floor(random() * 5)::int], 60 + floor(random() * 300)::int,
                  d + interval '7 hours' + random() * interval '6 hours'
             FROM province p CROSS JOIN generate_series($1::date, $2::date, interval '1 day') AS d
             CROSS JOIN generate_series(1, 150) AS g
            WHERE extract(isodow FROM d) < 6`,
          [first, addDays(today, -1)],
        );
      });
      // The counters of the slots still bookable (today), as the triggers would have kept them.
      await db.query(
        `UPDATE slot s SET taken = x.n FROM (SELECT desk_id, starts_at, count(*)::int AS n FROM booking
          WHERE status = 'booked' AND starts_at >= $1 GROUP BY 1, 2) x
          WHERE s.desk_id = x.desk_id AND s.starts_at = x.starts_at`,
        [new Date(now - 86_400_000)],
      );
      await db.exec('ANALYZE');
      generateSec = Math.round((performance.now() - t0) / 100) / 10;
      log(`generated in ${generateSec} s`);
    }
    if (generate || REROLL) {
      if (!generate) {
        await migrate(db);
        await db.exec('TRUNCATE monitoring_day, monitoring_day_duration, monitoring_node_day_packed, monitoring_node_month_packed, monitoring_day_contact');
        await db.query('UPDATE monitoring_rollup_state SET rolled_from = NULL, rolled_through = NULL');
      }
      const t1 = performance.now();
      // Two transactions side by side (one core each), split at the first of a month so that no
      // month's rows are written by both; the second to commit widens the rolled range.
      const last = addDays(today, -1);
      const split = addDays(`${addDays(first, 183).slice(0, 7)}-01`, -1);
      await Promise.all([rollUpDays(deps, first, split), rollUpDays(deps, addDays(split, 1), last)]);
      // The visibility map lets the rollups' primary keys (which INCLUDE n) answer by index-only scans.
      await db.exec('VACUUM ANALYZE');
      rollupSec = Math.round((performance.now() - t1) / 100) / 10;
      log(`rolled up in ${rollupSec} s`);
    }
    const counts = (await db.query<{ bookings: number; calls: number; slots: number; desks: number; dayRows: number; durationRows: number }>(
      `SELECT (SELECT count(*)::int FROM booking) AS bookings, (SELECT count(*)::int FROM call) AS calls, (SELECT count(*)::int FROM slot) AS slots,
              (SELECT count(*)::int FROM desk) AS desks, (SELECT count(*)::int FROM monitoring_day) AS "dayRows",
              (SELECT count(*)::int FROM monitoring_day_duration) AS "durationRows"`,
    )).rows[0]!;
    log(JSON.stringify(counts));

    const provinces = (await db.query<{ code: string }>('SELECT code FROM province ORDER BY code')).rows.map((r) => r.code);
    const actor: Actor = { kind: 'staff', userId: '00000000-0000-4000-8000-00000000a9e7', username: 'bench', grants: [{ role: 'regional_admin', scope: { kind: 'region', regionCode: 'LOM', provinceCodes: provinces } }] };
    const place = (await db.query<{ officeId: string; deskId: string }>(
      "SELECT o.id AS \"officeId\", d.id AS \"deskId\" FROM office o JOIN desk d ON d.office_id = o.id WHERE o.code = 'MI01' ORDER BY d.number LIMIT 1")).rows[0]!;
    const scopes = { region: 'region:LOM', province: 'province:MI', office: `office:${place.officeId}`, desk: `desk:${place.deskId}` };
    const from = addDays(today, -364);
    const queries: Record<string, number> = {};
    for (const [level, scope] of Object.entries(scopes)) {
      queries[`live.${level}`] = await median(() => getLiveFigures(deps, actor, { scope }));
      for (const granularity of ['day', 'week', 'month'] as const) {
        queries[`history.${granularity}.${level}`] = await median(() => getHistory(deps, actor, { scope, from, to: today, granularity }));
      }
      queries[`slotLength.${level}`] = await median(() => getSlotLengthReport(deps, actor, { scope, from, to: today }));
      log(`${level}: ${JSON.stringify(Object.fromEntries(Object.entries(queries).filter(([k]) => k.endsWith(level))))}`);
    }
    const slowest = Math.max(...Object.values(queries));
    return {
      bench: 'dashboard', machine: MACHINE, date: today, ...counts, scale, generateSec, rollupSec,
      days: 366, targetMs: TARGET_MS, slowestMs: slowest, queries, ok: slowest < TARGET_MS,
    };
  } finally {
    await db.close();
    if (!KEEP) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`));
  }
});
