/**
 * Benchmark: release-day surge. 10,000 places released at once, 50,000 attempts by distinct
 * people within 60 s. Run: npm run bench:surge (tsx bench/surge.ts). Needs the local
 * PostgreSQL (see ADMIN_URL in support.ts).
 *
 * One desk open Monday–Friday 08:00–16:20 in 10-minute slots of 40 places: 250 slots, 10,000
 * places a week. Its release rule (release_weekday / release_time / release_weeks_ahead) is set
 * so that a whole coming week opens at the next minute boundary, during the run: before that its
 * slots show as not yet open (checked). From the release instant, 50,000 attempts arrive at a
 * steady 50,000 / 60 s (open loop: an attempt starts at its scheduled time whatever the server's
 * speed, and its latency is counted from that time, waiting included; at most 256 people are served
 * at a time, one connection each, the others wait their turn). An attempt is one person
 * (distinct tax code): a hold on a slot picked at random among those the availability API last
 * showed open (a poller refreshes it every second; a slot the person found full is skipped; when
 * none is shown open, any slot of the week — a stale page), then the booking when the hold
 * succeeds. A refused hold (409 slot_full) is a clear "full" answer, not an error.
 * Checked at the end in SQL: bookings of the week = successes = 10,000, no slot over capacity
 * (counters and rows), one booking per person. The last line is one JSON object.
 *
 * The server runs as configured for a release morning (DB_POOL_MIN = DB_POOL_SIZE: its database
 * connections stay open through the quiet minute before the release) and is warmed up first with
 * BENCH_WARMUP (2,000) bookings on another desk, as a server of a release morning has been serving
 * for hours. By default the 256 connections are opened at the release, by the first attempts (the harder
 * case: every connection's set-up falls in the first second). `--warm-connections` opens them
 * before the release, as a reverse proxy in front of the server keeps its upstream connections
 * open (citizens' browsers then connect to the proxy). Diagnostics printed: bookings and the
 * slowest request per second until the sell-out, the slowest requests with their start, and the
 * server's own answer times for holds and bookings (from its /metrics histogram).
 */
import { performance } from 'node:perf_hooks';
import { migrate } from '../src/storage/migrate.js';
import { openPostgres } from '../src/storage/postgres.js';
import { checkWeek, comingWeek, createSurgeDesks, openLoop, pollOpenSlots, releaseAtNextMinute, RELEASED, servingSlots } from './release.js';
import {
  addDaysIso, cpuMeter, HOLD_CHALLENGE, holdAndBook, httpClient, IDEMPOTENCY_KEYS, latencySummary, MACHINE, onCleanup, pool, round1, runBench, scratchDatabase, solvedChallenge, startServer, today, waitForQuiet,
  type Timed,
} from './support.js';

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 50_000);
const WINDOW_S = 60;
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 256);
const POOL = Number(process.env.DB_POOL_SIZE ?? 20);
const WARM_CONNECTIONS = process.argv.includes('--warm-connections');
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2_000);
const TARGET_P99_MS = 500;
const GIVE_UP_S = 240; // stop issuing attempts after this (keeps the run bounded)

interface Attempt {
  outcome: 'booked' | 'full' | 'error';
  ms: number; // from the scheduled start to the last answer
  doneAt: number; // performance.now() of the last answer
  hold: Timed;
  book?: Timed;
}

/**
 * The smallest bucket bound of the server's request-duration histogram that holds all of its
 * successful holds / bookings: how long the server itself took at most (onRequest → onResponse).
 */
async function serverAnswerBounds(request: ReturnType<typeof httpClient>['request']): Promise<{ hold: number | null; book: number | null }> {
  const m = await request('GET', '/metrics');
  const text = typeof m.body === 'string' ? m.body : '';
  const bound = (route: string): number | null => {
    const buckets = text.split('\n')
      .filter((l) => l.startsWith('sportello_http_request_duration_seconds_bucket{') && l.includes(`route="${route}"`) && l.includes('status="201"'))
      .map((l) => ({ le: /le="([^"]+)"/.exec(l)![1]!, n: Number(l.split(' ').pop()) }));
    const total = buckets.find((b) => b.le === '+Inf')?.n;
    const first = buckets.find((b) => b.n === total && b.le !== '+Inf');
    return total === undefined ? null : first ? Number(first.le) : Infinity;
  };
  return { hold: bound('/api/desks/:id/holds'), book: bound('/api/bookings') };
}

/**
 * Bookings on another desk before the release (the server of a release morning has been
 * serving for hours: its code is compiled and PostgreSQL's backends have their plans), through a
 * client of its own that is closed afterwards, so the surge still opens its connections.
 */
async function warmUp(base: string, deskId: string, n: number): Promise<void> {
  const c = httpClient(base, 200);
  try {
    const from = addDaysIso(today(), 1);
    const r = await c.request('GET', `/api/desks/${deskId}/slots?from=${from}&to=${addDaysIso(from, 27)}`);
    const open: string[] = r.body.days.flatMap((d: any) => d.slots.filter((s: any) => s.state === 'open').map((s: any) => s.start));
    let booked = 0;
    await pool(n, 200, async (i) => {
      const { book } = await holdAndBook(c.request, deskId, open[i % open.length]!, 100_000 + i); // people apart from the surge's
      if (book?.status === 201) booked++;
    });
    console.log(`warm-up: ${booked}/${n} bookings on another desk`);
  } finally {
    await c.close();
  }
}

await runBench('surge', async () => {
  const { url, name } = await scratchDatabase();
  const db = await openPostgres(url, 2);
  onCleanup(async () => db.close());
  await migrate(db);
  const { deskId, warmDeskId } = await createSurgeDesks(db);
  // Every person connects from 127.0.0.1 here: the per-address limit on confirmations is off (bench:surge-attack keeps it).
  const server = await startServer({ DATABASE_URL: url, DB_POOL_SIZE: String(POOL), DB_POOL_MIN: String(POOL), BOOKING_RATE_PER_MINUTE: '0' });
  const client = httpClient(server.url, SOCKETS);
  onCleanup(async () => client.close());
  if (WARMUP > 0) await warmUp(server.url, warmDeskId, WARMUP);

  const week = await comingWeek(client.request, deskId);
  // Release at the next minute boundary at least 15 s away (the calendar cache lives 5 s).
  const releaseMs = await releaseAtNextMinute(db, deskId, week);

  await new Promise((r) => setTimeout(r, 6_000)); // past the calendar cache's TTL
  const before = await client.request('GET', `/api/desks/${deskId}/slots?from=${week.from}&to=${week.to}`);
  const statesBefore = new Set(before.body.days.flatMap((d: any) => d.slots.map((s: any) => s.state)));
  const opensAt = before.body.days[0]?.opensAt;
  console.log(`before the release: slot states ${JSON.stringify([...statesBefore])}, opensAt ${opensAt}`);
  if (statesBefore.size !== 1 || !statesBefore.has('not_yet_open') || Date.parse(opensAt) !== releaseMs) {
    throw new Error('the week is not shown as not yet open until the release instant');
  }
  const altcha: Record<string, string> = HOLD_CHALLENGE ? { 'x-altcha': await solvedChallenge(client.request, deskId) } : {};
  const tooEarly = await client.request('POST', `/api/desks/${deskId}/holds`, { start: week.slots[0], channel: 'phone' }, altcha);
  console.log(`a hold before the release: ${tooEarly.status} ${tooEarly.body?.code}`);
  if (tooEarly.status < 400 || tooEarly.status >= 500) throw new Error('a hold before the release was not refused');

  const databaseBytes = async () => Number((await db.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]!.n);
  const bytesBefore = await databaseBytes();
  const background = await waitForQuiet(25, Math.max(0, (releaseMs - Date.now()) / 1000 - 4));
  if (WARM_CONNECTIONS) {
    await Promise.all(Array.from({ length: SOCKETS }, () => client.request('GET', '/healthz')));
    console.log(`${SOCKETS} connections opened before the release`);
  }
  const waitMs = releaseMs - Date.now();
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));

  // What the availability API shows open, refreshed every second; and what each person learnt.
  const shown = pollOpenSlots(client.request, deskId, week);

  const attempts: Attempt[] = [];
  let fiveXX = 0;
  let networkErrors = 0;
  const count5xx = (r: Timed) => {
    if (r.status >= 500 || r.status === 0) fiveXX++;
  };
  // At most SOCKETS people at a time (one connection each): a person's booking never queues
  // behind other people's holds; later arrivals wait for a free connection, and that wait counts.
  const { acquire, release } = servingSlots(SOCKETS);
  const attempt = async (i: number, scheduled: number): Promise<void> => {
    await acquire();
    try {
      await attemptNow(i, scheduled);
    } finally {
      release();
    }
  };
  const attemptNow = async (i: number, scheduled: number): Promise<void> => {
    const start = shown.pick();
    try {
      const { hold, book } = await holdAndBook(client.request, deskId, start, i);
      count5xx(hold);
      if (!book) {
        if (hold.status === 409 && hold.body?.code === 'slot_full') shown.markFull(start);
        attempts.push({ outcome: hold.status === 409 ? 'full' : 'error', ms: performance.now() - scheduled, doneAt: performance.now(), hold });
        return;
      }
      count5xx(book);
      attempts.push({ outcome: book.status === 201 ? 'booked' : 'error', ms: performance.now() - scheduled, doneAt: performance.now(), hold, book });
    } catch (err) {
      networkErrors++;
      attempts.push({ outcome: 'error', ms: performance.now() - scheduled, doneAt: performance.now(), hold: { status: 0, body: String(err), ms: 0 } });
    }
  };

  const cpu = cpuMeter(server.pid, name);
  const { t0, issuedS, running } = await openLoop(ATTEMPTS, WINDOW_S, GIVE_UP_S, attempt, (issued, elapsedS) =>
    console.log(`  t+${elapsedS.toFixed(0)} s: ${issued} attempts issued, ${attempts.length} done, ${attempts.filter((a) => a.outcome === 'booked').length} booked, ${shown.open().length} slots shown open`));
  await Promise.all(running);
  const seconds = (performance.now() - t0) / 1000;
  const usage = cpu();
  const polls = await shown.stop();
  const serverSideMaxS = await serverAnswerBounds(client.request);
  await server.stop();

  const booked = attempts.filter((a) => a.outcome === 'booked');
  const full = attempts.filter((a) => a.outcome === 'full');
  const errors = attempts.filter((a) => a.outcome === 'error');
  const errorKinds: Record<string, number> = {};
  for (const e of errors) {
    const r = e.book ?? e.hold;
    const k = `${e.book ? 'book' : 'hold'} ${r.status} ${typeof r.body === 'object' ? r.body?.code ?? '' : ''}`.trim();
    errorKinds[k] = (errorKinds[k] ?? 0) + 1;
  }
  const lastBooked = booked.length ? Math.max(...booked.map((a) => a.doneAt)) - t0 : 0; // the last place taken, from the release

  const check = await checkWeek(db, deskId, week);
  // What the surge added to the database, per booking stored (bookings, events, notices to send,
  // audit, and what the refused attempts left): an input of `npm run model:national`.
  const bytesPerBooking = check.booked ? Math.round((await databaseBytes() - bytesBefore) / check.booked) : null;

  const attemptMs = latencySummary(attempts.map((a) => a.ms));
  // Second by second until the sell-out: bookings made, and the slowest single request
  // (hold or booking) that ended in that second — where the time goes, not only how much.
  const timeline: { s: number; booked: number; slowestRequestMs: number }[] = [];
  for (let sec = 0; sec <= Math.ceil(lastBooked / 1000); sec++) {
    const inSec = attempts.filter((a) => Math.floor((a.doneAt - t0) / 1000) === sec);
    const slowest = Math.max(0, ...inSec.flatMap((a) => [a.hold.ms, a.book?.ms ?? 0]));
    timeline.push({ s: sec, booked: inSec.filter((a) => a.outcome === 'booked').length, slowestRequestMs: Math.round(slowest) });
  }
  // The slowest single requests, with when they started (from the release).
  const requests = attempts.flatMap((a) => [
    { kind: 'hold', r: a.hold, end: a.book ? a.doneAt - a.book.ms : a.doneAt },
    ...(a.book ? [{ kind: 'book', r: a.book, end: a.doneAt }] : []),
  ]).sort((x, y) => y.r.ms - x.r.ms);
  console.log(`slowest requests: ${requests.slice(0, 8).map((x) => `${x.kind} ${x.r.status} sent at +${((x.end - x.r.ms - t0) / 1000).toFixed(2)} s, ${Math.round(x.r.ms)} ms`).join('; ')}`);
  console.log(`the server's own answer times (its /metrics histogram): holds ≤ ${serverSideMaxS.hold} s, bookings ≤ ${serverSideMaxS.book} s`);
  console.log(`until the sell-out, per second: booked / slowest request ms: ${timeline.map((x) => `${x.s}s ${x.booked}/${x.slowestRequestMs}`).join(', ')}`);
  const result = {
    bench: 'surge',
    machine: MACHINE,
    released: RELEASED,
    attempts: attempts.length,
    issuedInS: round1(issuedS),
    seconds: round1(seconds),
    attemptsPerS: round1(attempts.length / seconds),
    successes: booked.length,
    full: full.length,
    errors: errors.length,
    ...(errors.length ? { errorKinds } : {}),
    fiveXX,
    networkErrors,
    storedBooked: check.booked,
    bytesPerBooking,
    storedLive: check.live,
    distinctPeople: check.people,
    overbooked: check.overCounters + check.overRows,
    counterDriftSlots: check.driftSlots,
    soldOutAfterS: round1(lastBooked / 1000),
    attemptMs,
    holdMs: latencySummary(attempts.filter((a) => a.hold.status !== 0).map((a) => a.hold.ms)),
    bookMs: latencySummary(booked.map((a) => a.book!.ms)),
    availabilityPolls: polls,
    warmConnections: WARM_CONNECTIONS,
    serverSideMaxS,
    sockets: SOCKETS,
    dbPool: POOL,
    backgroundCpuPctBefore: background,
    ...usage,
    serverCpuMsPerAttempt: Math.round((usage.serverCpuS * 1000 * 100) / Math.max(1, attempts.length)) / 100,
    postgresCpuMsPerAttempt: Math.round((usage.postgresCpuS * 1000 * 100) / Math.max(1, attempts.length)) / 100,
    idempotencyKeys: IDEMPOTENCY_KEYS,
    targetP99Ms: TARGET_P99_MS,
    ok: false,
  };
  const correct = booked.length === RELEASED && check.booked === RELEASED && result.overbooked === 0 && fiveXX === 0 && networkErrors === 0
    && check.people === check.booked && check.driftSlots === 0;
  result.ok = correct && attemptMs.p99 < TARGET_P99_MS && issuedS <= WINDOW_S + 1;
  console.log(
    `surge: ${attempts.length} attempts issued in ${issuedS.toFixed(1)} s, all answered after ${seconds.toFixed(1)} s; ` +
      `${booked.length} booked (stored ${check.booked}, must be ${RELEASED}), ${full.length} told full, ${errors.length} errors, ${fiveXX} 5xx, ` +
      `overbooked ${result.overbooked}; attempt p50 ${attemptMs.p50} ms, p99 ${attemptMs.p99} ms (target < ${TARGET_P99_MS} ms); ` +
      `correctness ${correct ? 'ok' : 'FAILED'}, target ${result.ok ? 'met' : 'MISSED'}`,
  );
  return result;
});
