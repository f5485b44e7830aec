/**
 * Benchmark: bookings per second with 200 concurrent clients, each booking a different slot.
 * Run: npm run bench:booking (the local PostgreSQL, see ADMIN_URL in support.ts) or npm run bench:booking:pglite
 * (tsx bench/booking.ts --pglite: the embedded database in a temporary DATA_DIR).
 *
 * One desk open every day 08:00–18:00 in 10-minute slots of one place; the open slots are read
 * from the availability API. The server runs as a child process. 200 clients (keep-alive
 * connections) each take the next free slot and book it the way the web flow does:
 * POST /api/desks/:id/holds then POST /api/bookings with the hold and a distinct person
 * (valid tax code, phone, consent). A booking = those two requests (two transactions).
 * After a warm-up, a fixed number of bookings is timed; then the rows are checked in SQL.
 * On PostgreSQL, pgbench measures the ceiling of the machine for one-row update transactions
 * (scale 10, 16 clients, 15 s) and the ratio is reported (BENCH_PGBENCH=0 skips it). The last line
 * is one JSON object. Options: BENCH_CLIENTS, BENCH_BOOKINGS, BENCH_WARMUP, DB_POOL_SIZE,
 * BENCH_SYNCHRONOUS_COMMIT=off (diagnosis: the cost of waiting for the WAL flush).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Db } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { openPglite } from '../src/storage/pglite.js';
import { openPostgres } from '../src/storage/postgres.js';
import { createTestDesk } from '../test/support/test-desk.js';
import {
  addDaysIso, cpuMeter, holdAndBook, httpClient, IDEMPOTENCY_KEYS, latencySummary, libpqArgs, MACHINE, PG_TRANSPORT, onCleanup, pool, round1, runBench, scratchDatabase, startServer, today, waitForQuiet,
  type Timed,
} from './support.js';

const PGLITE = process.argv.includes('--pglite');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
// On PostgreSQL a run of 4,000 bookings lasts 3–4 s and is mostly JIT and cache warm-up: 20,000
// after a warm-up of 1,000 (the desk has ≈ 21,100 open slots from tomorrow) is the steady rate.
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? (PGLITE ? 2_000 : 20_000));
const WARMUP = Number(process.env.BENCH_WARMUP ?? (PGLITE ? 400 : 1_000));
const POOL = Number(process.env.DB_POOL_SIZE ?? 20);
const TARGET = PGLITE ? 200 : 1_000;
const PGBENCH = { scale: 10, clients: 16, threads: 2, seconds: Number(process.env.BENCH_PGBENCH_S ?? 15) };

async function openDb(target: { url?: string; dir?: string }): Promise<Db> {
  return target.url ? openPostgres(target.url, 2) : openPglite(target.dir);
}

/** Up to `n` open slot starts of the desk, from tomorrow on, in 62-day pages of the API. */
async function openSlots(request: ReturnType<typeof httpClient>['request'], deskId: string, n: number): Promise<string[]> {
  const out: string[] = [];
  let from = addDaysIso(today(), 1);
  for (let page = 0; out.length < n && page < 6; page++) {
    const to = addDaysIso(from, 61);
    const r = await request('GET', `/api/desks/${deskId}/slots?from=${from}&to=${to}`);
    if (r.status !== 200) throw new Error(`availability ${r.status}: ${JSON.stringify(r.body)}`);
    for (const d of r.body.days) for (const s of d.slots) if (s.state === 'open') out.push(s.start);
    from = addDaysIso(to, 1);
  }
  if (out.length < n) throw new Error(`only ${out.length} open slots, ${n} needed`);
  return out.slice(0, n);
}

interface Outcome {
  hold: Timed;
  book?: Timed;
  ms: number;
}

function pgbenchCeiling(): { tps: number; output: string } {
  const name = `sportello_bench_pgbench_${process.pid}_${Date.now().toString(36)}`;
  const common = libpqArgs();
  const dir = mkdtempSync(join(tmpdir(), 'sportello-pgbench-'));
  const script = join(dir, 'update.sql');
  writeFileSync(script, `\\set aid random(1, 100000 * ${PGBENCH.scale})\nUPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n`);
  execFileSync('createdb', [...common, name]);
  try {
    execFileSync('pgbench', [...common, '-i', '-q', '-s', String(PGBENCH.scale), name], { stdio: 'pipe' });
    const output = execFileSync('pgbench', [
      ...common, '-n', '-c', String(PGBENCH.clients), '-j', String(PGBENCH.threads), '-T', String(PGBENCH.seconds), '-f', script, name,
    ], { encoding: 'utf8' });
    const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
    if (!m) throw new Error(`pgbench output not understood:\n${output}`);
    return { tps: Number(m[1]), output };
  } finally {
    execFileSync('dropdb', [...common, '--if-exists', '--force', name]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The booking's own SQL, without Node: what the database runs for one hold and its
 * confirmation (hold_place, confirm_hold; keep in step with src/booking/claim-place.ts and
 * book-place.ts; desk names come from the server's cache), as one pgbench script = one booking
 * in two transactions of its own, on the benchmark's database. The server sends these as
 * elements of batches (hold_places, confirm_holds, migration 0014), which share one round trip
 * and one commit: this is the one-at-a-time figure, below what the batches reach. The calendar version is read by
 * a subquery where the server has it from its cache. -M extended parses and plans every
 * statement like node-postgres does for unnamed statements; -M prepared reuses named ones (as
 * the server does since it prepares its statements).
 */
function bookingSqlScript(): string {
  const slot = `(:base::timestamptz + :s::int * interval '10 minutes')`;
  const token = `md5(:t::text) || md5(:t::text)`;
  return [
    '\\set s random(0, 1999)',
    '\\set t random(1, 999999999999999)',
    `SELECT booking_id AS hold_id FROM hold_place(:desk::uuid, (SELECT calendar_version FROM desk WHERE id = :desk::uuid), ${slot}, ${slot} + interval '10 minutes', 200, 0, ${slot} - interval '24 hours', now(), 'citizen', ARRAY['Z' || lpad(nextval('bench_code')::text, 9, '0') || '-1-22222'], jsonb_build_object('status', 'held', 'hold_expires_at', now() + interval '10 minutes', 'hold_token_hash', ${token}, 'channel', 'phone', 'source', 'web')) \\gset`,
    `SELECT outcome FROM confirm_hold(:hold_id::uuid, ${token}, 'citizen', now(), jsonb_build_object('pin_hash', 'h1$bench$' || md5(:t::text), 'tax_code', 'T' || lpad(:t::text, 15, '0'), 'full_name', 'Persona', 'phone', '+393331234567', 'channel', 'phone', 'language', 'it', 'consent_at', now(), 'source', 'web', 'booked_at', now()));`,
    '',
  ].join('\n');
}

function pgbenchBookingSql(database: string, deskId: string): { extended: number; prepared: number } {
  const common = libpqArgs();
  const dir = mkdtempSync(join(tmpdir(), 'sportello-pgbench-'));
  const script = join(dir, 'booking.sql');
  writeFileSync(script, bookingSqlScript());
  const base = new Date(Date.now() + 400 * 86_400_000);
  base.setUTCHours(8, 0, 0, 0);
  execFileSync('psql', [...common, '-q', '-v', 'ON_ERROR_STOP=1', '-d', database, '-c', 'CREATE SEQUENCE IF NOT EXISTS bench_code']);
  const run = (mode: string) => {
    const output = execFileSync('pgbench', [
      ...common, '-n', '-r', '-M', mode, '-c', String(PGBENCH.clients), '-j', String(PGBENCH.threads), '-T', String(PGBENCH.seconds),
      '-D', `desk=${deskId}`, '-D', `base=${base.toISOString()}`, '-f', script, database,
    ], { encoding: 'utf8' });
    const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
    const failed = /number of failed transactions: (\d+)/.exec(output);
    if (!m) throw new Error(`pgbench output not understood:\n${output}`);
    if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: booking script failed:\n${output}`);
    // per-statement latencies (-r): what each statement of a booking costs in the database
    const lines = output.split('\n').filter((l) => /^\s+[\d.]+\s+\d+\s+\S/.test(l) || /^\s+[\d.]+\s+\S/.test(l));
    console.log(`  -M ${mode}: ${Number(m[1]).toFixed(0)} bookings/s; ms per statement (latency under ${PGBENCH.clients} clients, the last figure is failures):`);
    for (const l of lines) console.log(`    ${l.trim().slice(0, 140)}`);
    return Number(m[1]);
  };
  try {
    return { extended: run('extended'), prepared: run('prepared') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await runBench(PGLITE ? 'booking-pglite' : 'booking', async () => {
  let target: { url?: string; dir?: string; name?: string };
  if (PGLITE) {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-pglite-'));
    onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
    target = { dir };
  } else {
    const scratch = await scratchDatabase();
    target = { url: scratch.url, name: scratch.name };
  }
  // The desk goes in before the server starts (PGlite: one process per data folder).
  let db = await openDb(target);
  let deskId: string;
  try {
    await migrate(db);
    // Diagnosis only: BENCH_SYNCHRONOUS_COMMIT=off shows what waiting for the WAL flush costs.
    if (target.name && process.env.BENCH_SYNCHRONOUS_COMMIT) {
      await db.exec(`ALTER DATABASE ${target.name} SET synchronous_commit = ${process.env.BENCH_SYNCHRONOUS_COMMIT === 'off' ? 'off' : 'on'}`);
    }
    deskId = (await createTestDesk(db, { code: 'BK01', places: 1, slotMinutes: 10, horizonDays: 365, minNoticeMinutes: 0 })).deskId;
  } finally {
    await db.close();
  }
  // All clients connect from 127.0.0.1: the per-address limit on confirmations is off.
  const server = await startServer({ ...(target.url ? { DATABASE_URL: target.url, DB_POOL_SIZE: String(POOL) } : { DATA_DIR: target.dir! }), BOOKING_RATE_PER_MINUTE: '0' });
  const client = httpClient(server.url, CLIENTS);
  onCleanup(async () => client.close());
  const slots = await openSlots(client.request, deskId, WARMUP + BOOKINGS);
  console.log(`${PGLITE ? 'PGlite' : 'PostgreSQL'}: desk ${deskId}, ${slots.length} open slots of 1 place, ${CLIENTS} clients`);

  const bookOne = async (i: number): Promise<Outcome> => {
    const t0 = performance.now();
    const { hold, book } = await holdAndBook(client.request, deskId, slots[i]!, i);
    return { hold, ...(book ? { book } : {}), ms: performance.now() - t0 };
  };

  const warm: Outcome[] = [];
  await pool(WARMUP, CLIENTS, async (i) => {
    warm.push(await bookOne(i));
  });
  const warmOk = warm.filter((o) => o.book?.status === 201).length;
  console.log(`warm-up: ${warmOk}/${WARMUP} booked`);

  const backgroundPct = await waitForQuiet();
  const outcomes: Outcome[] = [];
  const cpu = cpuMeter(server.pid, target.name ?? null);
  const t0 = performance.now();
  await pool(BOOKINGS, CLIENTS, async (k) => {
    outcomes.push(await bookOne(WARMUP + k));
  });
  const seconds = (performance.now() - t0) / 1000;
  const usage = cpu();
  await server.stop();

  const booked = outcomes.filter((o) => o.book?.status === 201);
  const failures = outcomes.filter((o) => o.book?.status !== 201);
  const statuses: Record<string, number> = {};
  for (const f of failures) {
    const r = f.book ?? f.hold;
    const key = `${f.book ? 'book' : 'hold'} ${r.status} ${r.body?.code ?? ''}`.trim();
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  if (failures.length) console.log(`failures: ${JSON.stringify(statuses)}; e.g. ${JSON.stringify((failures[0]!.book ?? failures[0]!.hold).body).slice(0, 300)}`);

  db = await openDb(target);
  let check: { booked: number; over: number };
  try {
    const r = await db.query<{ booked: number; over: number }>(
      `SELECT (SELECT count(*)::int FROM booking WHERE desk_id = $1 AND status = 'booked') AS booked,
              (SELECT count(*)::int FROM slot WHERE desk_id = $1 AND taken > capacity) AS over`,
      [deskId],
    );
    check = r.rows[0]!;
  } finally {
    await db.close();
  }

  const bookingsPerS = round1(booked.length / seconds);
  const requestsPerS = round1(outcomes.reduce((n, o) => n + (o.book ? 2 : 1), 0) / seconds);
  const result: Record<string, unknown> = {
    bench: PGLITE ? 'booking-pglite' : 'booking',
    machine: MACHINE,
    database: PGLITE ? 'pglite' : 'postgresql', ...(PGLITE ? {} : { transport: PG_TRANSPORT }),
    clients: CLIENTS,
    idempotencyKeys: IDEMPOTENCY_KEYS,
    ...(PGLITE ? {} : { dbPool: POOL }),
    backgroundCpuPctBefore: backgroundPct,
    bookings: booked.length,
    failed: failures.length,
    seconds: round1(seconds),
    bookingsPerS,
    requestsPerS,
    bookingMs: latencySummary(outcomes.map((o) => o.ms)),
    holdMs: latencySummary(outcomes.map((o) => o.hold.ms)),
    bookMs: latencySummary(outcomes.flatMap((o) => (o.book ? [o.book.ms] : []))),
    ...usage,
    // CPU milliseconds per booking (hold + confirm): what a booking costs, whatever else runs on the machine
    serverCpuMsPerBooking: round1((usage.serverCpuS * 1000) / Math.max(1, outcomes.length)),
    postgresCpuMsPerBooking: round1((usage.postgresCpuS * 1000) / Math.max(1, outcomes.length)),
    storedBooked: check.booked,
    overbookedSlots: check.over,
    target: TARGET,
  };
  console.log(
    `${booked.length} bookings (${booked.length * 2} requests) in ${seconds.toFixed(1)} s: ${bookingsPerS} bookings/s, ${requestsPerS} requests/s; ` +
      `booking p50 ${(result.bookingMs as { p50: number }).p50} ms, p99 ${(result.bookingMs as { p99: number }).p99} ms; ` +
      `CPU server ${usage.serverCpuPct}%, PostgreSQL ${usage.postgresCpuPct}%, load generator ${usage.loadGeneratorCpuPct}% (of one core)`,
  );

  if (!PGLITE && process.env.BENCH_PGBENCH !== '0') {
    console.log(`pgbench ceiling: scale ${PGBENCH.scale}, ${PGBENCH.clients} clients, ${PGBENCH.threads} threads, ${PGBENCH.seconds} s, one-row UPDATE…`);
    const { tps } = pgbenchCeiling();
    result.pgbenchTps = Math.round(tps);
    // a booking is two transactions (hold, then confirm): compare transactions with transactions too
    result.ratioBookingsToPgbenchTps = Math.round((bookingsPerS / tps) * 1000) / 1000;
    result.ratioTransactionsToPgbenchTps = Math.round(((bookingsPerS * 2) / tps) * 1000) / 1000;
    console.log(`pgbench: ${Math.round(tps)} tps; bookings/s ÷ tps = ${result.ratioBookingsToPgbenchTps}, booking transactions/s ÷ tps = ${result.ratioTransactionsToPgbenchTps}`);
    console.log(`the booking's own SQL (hold + confirm, ${PGBENCH.clients} pgbench clients, ${PGBENCH.seconds} s each), without Node…`);
    const sql = pgbenchBookingSql(target.name!, deskId);
    result.sqlOnlyBookingsPerS = { extended: Math.round(sql.extended), prepared: Math.round(sql.prepared) };
    console.log(`booking SQL alone: ${Math.round(sql.extended)} bookings/s parsed each time (as node-postgres sends it), ${Math.round(sql.prepared)} bookings/s with prepared statements`);
  }
  const consistent = check.booked === WARMUP + BOOKINGS - failures.length - (WARMUP - warmOk) && check.over === 0;
  result.ok = failures.length === 0 && consistent && bookingsPerS >= TARGET;
  result.consistent = consistent;
  console.log(`target ≥ ${TARGET} bookings/s: ${bookingsPerS >= TARGET ? 'met' : 'MISSED'}`);
  return result;
});
