/**
 * Benchmark: the release-morning surge through HAProxy on three instances (issue 22 §2).
 * Run: npm run bench:cluster (tsx bench/cluster.ts). Needs the local PostgreSQL, Redis and
 * haproxy (Debian package; started here as a child process, not the system service).
 *
 * Three server processes (the production entry when dist/ is built and fresh, else tsx) on one
 * scratch database behind HAProxy (test/support/cluster.ts). Two runs on two desks:
 *  1. the surge: CLUSTER_PLACES places (default 2,000: 100 slots of 20), people arriving
 *     CLUSTER_CONCURRENCY (64) at a time until every slot is full, each from their own address
 *     (127.1.x.y) with the default per-address limits on; holds then bookings with an
 *     Idempotency-Key;
 *  2. the same surge while the three instances are restarted one after the other (SIGTERM →
 *     graceful stop → start, each back in HAProxy's rotation before the next), clients not
 *     retrying: every failed request counts (failedDuringRestart).
 * Checked in SQL: bookings stored = acknowledged, no slot over capacity, no counter drift.
 * The last line is one JSON object: booked, places, overbooked, fiveXX, p99Ms, failedDuringRestart.
 */
import { migrate } from '../src/storage/migrate.js';
import { openPostgres } from '../src/storage/postgres.js';
import { serverCommand, startCluster } from '../test/support/cluster.js';
import { checkDesk, newTally, openSlots, runSurge, type SurgeTally } from '../test/support/surge-people.js';
import { createTestDesk } from '../test/support/test-desk.js';
import { latencySummary, MACHINE, onCleanup, round1, runBench, scratchDatabase, waitForQuiet } from './support.js';

const PLACES_PER_SLOT = 20;
const PLACES = Number(process.env.CLUSTER_PLACES ?? 2_000);
const CONCURRENCY = Number(process.env.CLUSTER_CONCURRENCY ?? 64);
const POOL = Number(process.env.DB_POOL_SIZE ?? 10);

function tomorrow(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
  return new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A desk open every day, 08:00 until enough 10-minute slots of PLACES_PER_SLOT for `places`. */
function weekly(places: number) {
  const slots = Math.ceil(places / PLACES_PER_SLOT);
  const end = 8 * 60 + Math.min(slots, 95) * 10;
  const to = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to, places: PLACES_PER_SLOT }));
}

const summary = (t: SurgeTally) => ({
  people: t.people, booked: t.booked, requests: t.requests, fiveXX: t.fiveXX, failed: t.failed,
  ...(Object.keys(t.errors).length ? { errors: t.errors } : {}), ...(Object.keys(t.refused).length ? { refused: t.refused } : {}),
  requestMs: latencySummary(t.latencies),
});

await runBench('cluster', async () => {
  const { url } = await scratchDatabase('sportello_cluster');
  const db = await openPostgres(url, 2);
  onCleanup(async () => db.close());
  await migrate(db);
  const cluster = await startCluster(url, { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', HOLD_CHALLENGE: 'false', DB_POOL_SIZE: String(POOL) });
  onCleanup(async () => cluster.close());
  console.log(`three instances (${serverCommand().join(' ')}) behind HAProxy at ${cluster.proxy.url}`);
  const day = tomorrow();

  // 1. The surge.
  const { deskId } = await createTestDesk(db, { code: 'CB01', weekly: weekly(PLACES), slotMinutes: 10 });
  const s1 = await openSlots(cluster.proxy.url, deskId, day);
  const background = await waitForQuiet(25, 30);
  const surge = newTally();
  const t0 = performance.now();
  await runSurge({ base: cluster.proxy.url, deskId, slots: s1.slots, concurrency: CONCURRENCY, firstPerson: 0, retries: 0, tally: surge, maxPeople: s1.places * 4 });
  const surgeS = (performance.now() - t0) / 1000;
  const stored = await checkDesk(db, deskId);
  console.log(`surge: ${surge.booked}/${s1.places} booked in ${surgeS.toFixed(1)} s; ${JSON.stringify(summary(surge))}`);

  // 2. The same during a rolling restart of the three.
  const { deskId: d2 } = await createTestDesk(db, { code: 'CB02', weekly: weekly(PLACES), slotMinutes: 10 });
  const s2 = await openSlots(cluster.proxy.url, d2, day);
  const rolling = newTally();
  let restarting = true;
  const r0 = performance.now();
  const during = runSurge({ base: cluster.proxy.url, deskId: d2, slots: s2.slots, concurrency: Math.max(4, CONCURRENCY / 4), firstPerson: 100_000, retries: 0, tally: rolling, stop: () => !restarting });
  try {
    await cluster.rollingRestart((i) => console.log(`  ${i.name} restarted after ${((performance.now() - r0) / 1000).toFixed(1)} s; ${rolling.booked} booked so far`));
  } finally {
    restarting = false;
  }
  await during;
  const storedRolling = await checkDesk(db, d2);
  console.log(`rolling restart: ${JSON.stringify(summary(rolling))}`);

  const p99Ms = latencySummary(surge.latencies).p99;
  const overbooked = stored.overbooked + storedRolling.overbooked;
  const failedDuringRestart = rolling.fiveXX + rolling.failed;
  const result = {
    bench: 'cluster',
    machine: MACHINE,
    instances: 3,
    proxy: 'haproxy',
    places: s1.places,
    booked: surge.booked,
    storedBooked: stored.booked,
    overbooked,
    counterDriftSlots: stored.drift + storedRolling.drift,
    fiveXX: surge.fiveXX + surge.failed,
    p99Ms,
    surgeS: round1(surgeS),
    surge: summary(surge),
    failedDuringRestart,
    bookedDuringRestart: rolling.booked,
    storedDuringRestart: storedRolling.booked,
    rollingRestart: summary(rolling),
    dbPoolPerInstance: POOL,
    concurrency: CONCURRENCY,
    backgroundCpuPctBefore: background,
    ok: false,
  };
  result.ok = surge.booked === s1.places && stored.booked === s1.places && overbooked === 0 && result.fiveXX === 0
    && failedDuringRestart === 0 && storedRolling.booked === rolling.booked && result.counterDriftSlots === 0;
  return result;
});
