/**
 * Benchmark: the release-morning surge with a scalper in the crowd (issue 16). Run:
 * npm run bench:surge-attack (tsx bench/surge-attack.ts). Needs the local PostgreSQL.
 *
 * The surge of bench/surge.ts — 10,000 places released at a minute boundary, 50,000 attempts by
 * distinct people within 60 s, at most 256 people served at a time — with, at the same time, an
 * attacker (bench/attacker.ts, a process of its own, from one address) that hoards holds, books
 * with other people's tax codes and sends poisoned confirmations as fast as it can.
 *
 * Honest people come from many addresses, as citizens do: person i connects from its own
 * loopback address (127.10.0.0 + i: a client can bind any address of 127.0.0.0/8), one
 * connection per person, and the server runs as it would face the internet directly
 * (TRUST_PROXY=false: the connecting address is the client). Each person asks the desk's
 * challenge and solves it before the release, as a citizen's page does while they wait; the
 * attacker may do the same, with all its process's CPU. This machine cannot stand in for 50,000
 * phones, so the proof of work is made cheap for everyone (BENCH_CHALLENGE_COST,
 * BENCH_CHALLENGE_COUNTER): that favours the attacker, whose challenges cost it as little.
 * Every other fair-access setting is the default.
 *
 * Reported (the last line is one JSON object): attackerShare — the largest share of the places
 * the attacker held or had booked at one time (its own count, and the bookings in its names
 * found in the database at the end); honest5xx; honestP99Ms (an attempt from its scheduled
 * start to its last answer, waiting included); overbooked (slots over capacity, in SQL);
 * attackerRequests (and by kind and status). Targets: attackerShare ≤ 1 %, honest5xx = 0,
 * honestP99Ms < 500, overbooked = 0.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { DEFAULT_FAIR_ACCESS } from '../src/domain/booking/fair-access.js';
import { LeanConnection } from './lean-http.js';
import { migrate } from '../src/storage/migrate.js';
import { openPostgres } from '../src/storage/postgres.js';
import { taxCodeFor } from '../test/support/test-desk.js';
import { checkWeek, comingWeek, createSurgeDesks, openLoop, pollOpenSlots, releaseAtNextMinute, RELEASED, servingSlots } from './release.js';
import {
  cpuMeter, cpuSecondsOf, httpClient, latencySummary, MACHINE, onCleanup, REPO, round1, runBench, scratchDatabase, startServer, waitForQuiet,
} from './support.js';

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 50_000);
const WINDOW_S = 60;
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 256);
const POOL = Number(process.env.DB_POOL_SIZE ?? 20);
const ATTACK_CONCURRENCY = Number(process.env.BENCH_ATTACK_CONCURRENCY ?? 64);
const CHALLENGE_COST = process.env.BENCH_CHALLENGE_COST ?? '1';
const CHALLENGE_COUNTER = process.env.BENCH_CHALLENGE_COUNTER ?? '50';
const ATTACKER_ADDRESS = '127.66.6.6';
const TARGETS = { attackerShare: 0.01, honest5xx: 0, honestP99Ms: 500, overbooked: 0 };
const GIVE_UP_S = 240;

/** Person i's own loopback address: 127.10.0.0 + i. */
const addressOf = (i: number) => `127.${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;

interface Person {
  altcha: string;
  cookie: string | undefined;
}

interface Answer {
  status: number;
  body: any;
  ms: number;
}

/** One request on a person's own connection. */
async function ask(client: LeanConnection, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer & { setCookie?: string }> {
  const t0 = performance.now();
  const res = await client.request(method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? headers : { 'content-type': 'application/json', ...headers });
  let parsed: unknown = res.text;
  try {
    parsed = res.text ? JSON.parse(res.text) : null;
  } catch {
    /* not JSON */
  }
  const sc = res.headers['set-cookie'];
  return { status: res.status, body: parsed, ms: performance.now() - t0, ...(sc ? { setCookie: sc.split(';')[0] } : {}) };
}

/** Person i's own connection, from its own address (a plain socket: see bench/lean-http.ts). */
const connect = (base: string, i: number) => LeanConnection.to(base, addressOf(i));

/** Every person's page before the release: the desk's challenge, solved. */
async function prepareCitizens(base: string, deskId: string): Promise<Person[]> {
  const people: Person[] = new Array(ATTEMPTS);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (next < ATTEMPTS) {
      const i = next++;
      const client = connect(base, i);
      try {
        const r = await ask(client, 'GET', `/api/desks/${deskId}/challenge`);
        if (r.status !== 200) throw new Error(`challenge for person ${i}: ${r.status} ${JSON.stringify(r.body)}`);
        const solution = await solveChallenge({ challenge: r.body.challenge as Challenge, deriveKey });
        if (!solution) throw new Error(`challenge for person ${i}: not solved`);
        people[i] = { altcha: Buffer.from(JSON.stringify({ challenge: r.body.challenge, solution })).toString('base64'), cookie: r.setCookie };
      } finally {
        client.close();
      }
    }
  }));
  console.log(`${ATTEMPTS} citizens' challenges fetched and solved in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return people;
}

interface AttackerStats {
  requests: number;
  counts: Record<string, number>;
  liveHolds: number;
  booked: number;
  peak: number;
}

function startAttacker(settings: Record<string, unknown>): { pid: number; stop(): Promise<AttackerStats> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/attacker.ts'], {
    cwd: REPO, env: { ...process.env, ATTACK: JSON.stringify(settings) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last: AttackerStats = { requests: 0, counts: {}, liveHolds: 0, booked: 0, peak: 0 };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      last = JSON.parse(line) as AttackerStats;
    } catch {
      console.log(`attacker: ${line}`);
    }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  onCleanup(async () => {
    child.kill('SIGKILL');
  });
  return {
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
      return last;
    },
  };
}

await runBench('surge-attack', async () => {
  const { url, name } = await scratchDatabase();
  const db = await openPostgres(url, 2);
  onCleanup(async () => db.close());
  await migrate(db);
  const { deskId } = await createSurgeDesks(db);
  const server = await startServer({
    DATABASE_URL: url, DB_POOL_SIZE: String(POOL), DB_POOL_MIN: String(POOL), TRUST_PROXY: 'false',
    // The production defaults for every limit (the other benchmarks turn them off), but a cheap proof of work.
    HOLD_CHALLENGE: 'true', HOLD_CHALLENGE_COST: CHALLENGE_COST, HOLD_CHALLENGE_COUNTER: CHALLENGE_COUNTER,
    HOLDS_PER_ADDRESS: String(DEFAULT_FAIR_ACCESS.perAddress), HOLDS_PER_SESSION: String(DEFAULT_FAIR_ACCESS.perSession),
    HOLD_RATE_PER_MINUTE: String(DEFAULT_FAIR_ACCESS.ratePerMinute), HOLD_CHALLENGES_PER_MINUTE: String(DEFAULT_FAIR_ACCESS.challengesPerMinute),
  });
  const control = httpClient(server.url, 4);
  onCleanup(async () => control.close());

  const week = await comingWeek(control.request, deskId);
  const people = await prepareCitizens(server.url, deskId);
  const releaseMs = await releaseAtNextMinute(db, deskId, week, 20_000);
  const attacker = startAttacker({ base: server.url, deskId, slots: week.slots, releaseMs, address: ATTACKER_ADDRESS, concurrency: ATTACK_CONCURRENCY, victims: ATTEMPTS });

  const background = await waitForQuiet(60, Math.max(0, (releaseMs - Date.now()) / 1000 - 4));
  const waitMs = releaseMs - Date.now();
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));

  // Honest people: a hold on a slot the availability showed open (refreshed every second), then the booking.
  const shown = pollOpenSlots(control.request, deskId, week);
  if (process.env.BENCH_PRINT_MONOTONIC) console.log(`release at monotonic ${process.hrtime.bigint() / 1000n} us`);

  const outcomes: { outcome: 'booked' | 'full' | 'error'; ms: number; kind?: string }[] = [];
  let honest5xx = 0;
  const { acquire, release } = servingSlots(SOCKETS);
  const attempt = async (i: number, scheduled: number): Promise<void> => {
    await acquire();
    const client = connect(server.url, i);
    const start = shown.pick();
    const person = people[i]!;
    try {
      const hold = await ask(client, 'POST', `/api/desks/${deskId}/holds`, { start, channel: 'phone' }, { 'x-altcha': person.altcha, ...(person.cookie ? { cookie: person.cookie } : {}) });
      if (hold.status >= 500) honest5xx++;
      if (hold.status !== 201) {
        if (hold.status === 409 && hold.body?.code === 'slot_full') {
          shown.markFull(start);
          outcomes.push({ outcome: 'full', ms: performance.now() - scheduled });
        } else {
          outcomes.push({ outcome: 'error', ms: performance.now() - scheduled, kind: `hold ${hold.status} ${hold.body?.code ?? ''}` });
        }
        return;
      }
      const book = await ask(client, 'POST', '/api/bookings', {
        hold: { id: hold.body.holdId, token: hold.body.holdToken },
        taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 333 ${String(1_000_000 + i).slice(-7)}`,
        channel: 'phone', language: 'it', consent: true,
      }, { 'idempotency-key': `surge-attack-${i}-${releaseMs}` });
      if (book.status >= 500) honest5xx++;
      outcomes.push(book.status === 201
        ? { outcome: 'booked', ms: performance.now() - scheduled }
        : { outcome: 'error', ms: performance.now() - scheduled, kind: `book ${book.status} ${book.body?.code ?? ''}` });
    } catch (err) {
      honest5xx++; // no answer at all counts with the server errors
      outcomes.push({ outcome: 'error', ms: performance.now() - scheduled, kind: `network ${String(err).slice(0, 60)}` });
    } finally {
      release();
      client.close();
    }
  };

  const cpu = cpuMeter(server.pid, name);
  const attackerCpu0 = cpuSecondsOf(attacker.pid);
  const { t0, issuedS, running } = await openLoop(ATTEMPTS, WINDOW_S, GIVE_UP_S, attempt, (issued, elapsedS) =>
    console.log(`  t+${elapsedS.toFixed(0)} s: ${issued} attempts issued, ${outcomes.length} done, ${outcomes.filter((o) => o.outcome === 'booked').length} booked, ${shown.open().length} slots shown open`));
  await Promise.all(running);
  const seconds = (performance.now() - t0) / 1000;
  const attackerCpuS = cpuSecondsOf(attacker.pid) - attackerCpu0;
  const attack = await attacker.stop();
  const usage = cpu();
  const polls = await shown.stop();
  await server.stop();

  const check = await checkWeek(db, deskId, week);
  const inAttackerNames = (await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM booking WHERE desk_id = $1 AND status = 'booked' AND full_name LIKE 'Scalper %'", [deskId],
  )).rows[0]!.n;
  const booked = outcomes.filter((o) => o.outcome === 'booked').length;
  const full = outcomes.filter((o) => o.outcome === 'full').length;
  const errorKinds: Record<string, number> = {};
  for (const o of outcomes) if (o.outcome === 'error') errorKinds[o.kind!] = (errorKinds[o.kind!] ?? 0) + 1;
  const honestMs = latencySummary(outcomes.map((o) => o.ms));
  const attackerPlaces = Math.max(attack.peak, inAttackerNames);
  const result = {
    bench: 'surge-attack',
    machine: MACHINE,
    released: RELEASED,
    attempts: outcomes.length,
    issuedInS: round1(issuedS),
    seconds: round1(seconds),
    honestBooked: booked,
    honestFull: full,
    honestErrors: outcomes.length - booked - full,
    ...(Object.keys(errorKinds).length ? { honestErrorKinds: errorKinds } : {}),
    honest5xx,
    honestMs,
    honestP99Ms: honestMs.p99,
    attackerShare: Math.round((attackerPlaces / RELEASED) * 100_000) / 100_000,
    attackerPeakHeldOrBooked: attack.peak,
    attackerBookingsStored: inAttackerNames,
    attackerRequests: attack.requests,
    attackerRequestsPerS: round1(attack.requests / seconds),
    attackerByStatus: attack.counts,
    // The attacker's own process: on this machine its CPU is taken from the server's two cores.
    attackerCpuS: round1(attackerCpuS),
    attackerCpuPct: Math.round((attackerCpuS / seconds) * 100),
    availabilityPolls: polls,
    storedBooked: check.booked,
    storedLive: check.live,
    distinctPeople: check.people,
    overbooked: check.overCounters + check.overRows,
    counterDriftSlots: check.driftSlots,
    challenge: { cost: Number(CHALLENGE_COST), counter: Number(CHALLENGE_COUNTER) },
    sockets: SOCKETS,
    attackConcurrency: ATTACK_CONCURRENCY,
    dbPool: POOL,
    backgroundCpuPctBefore: background,
    ...usage,
    targets: TARGETS,
    ok: false,
  };
  result.ok = result.attackerShare <= TARGETS.attackerShare && honest5xx === 0 && honestMs.p99 < TARGETS.honestP99Ms
    && result.overbooked === 0 && check.driftSlots === 0 && check.people === check.booked;
  console.log(
    `surge-attack: ${outcomes.length} honest attempts in ${issuedS.toFixed(1)} s: ${booked} booked, ${full} told full, ${result.honestErrors} errors, ${honest5xx} 5xx, ` +
      `p99 ${honestMs.p99} ms; attacker: ${attack.requests} requests, peak ${attack.peak} places held or booked, ${inAttackerNames} bookings in others' names stored ` +
      `(share ${(result.attackerShare * 100).toFixed(2)} %); overbooked ${result.overbooked}; targets ${result.ok ? 'met' : 'MISSED'}`,
  );
  return result;
});
