/**
 * Shared pieces of the booking benchmarks: a scratch PostgreSQL database, the real server
 * started as a child process (`node --import tsx src/cli.ts serve --no-demo`), a keep-alive
 * HTTP client with per-request timing, CPU accounting of the server, PostgreSQL and the
 * load generator, and clean-up on every exit path. Everything talks to this machine only
 * (127.0.0.1, or PostgreSQL's Unix socket).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import pg from 'pg';
import { Pool, type Dispatcher } from 'undici';
import { taxCodeFor } from '../test/support/test-desk.js';

export const REPO = fileURLToPath(new URL('../', import.meta.url));
/**
 * The local server, as its superuser: through its Unix socket when there is one (how an
 * application on the database's own machine connects; loopback TCP costs both sides more CPU),
 * else 127.0.0.1:5432. BENCH_PG_URL overrides it (e.g. `postgres://postgres@127.0.0.1:5432/postgres`).
 */
export const ADMIN_URL = process.env.BENCH_PG_URL
  ?? (existsSync('/var/run/postgresql/.s.PGSQL.5432')
    ? 'postgres://postgres@localhost:5432/postgres?host=/var/run/postgresql'
    : 'postgres://postgres@127.0.0.1:5432/postgres');

/** libpq's -h/-p/-U for ADMIN_URL (pgbench, createdb): the socket folder when the URL names one. */
export function libpqArgs(): string[] {
  const u = new URL(ADMIN_URL);
  return ['-h', u.searchParams.get('host') ?? u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username) || 'postgres'];
}

/** How the benchmark reaches PostgreSQL: "tcp" or "unix-socket". */
export const PG_TRANSPORT = new URL(ADMIN_URL).searchParams.get('host')?.startsWith('/') ? 'unix-socket' : 'tcp';
export const MACHINE = process.env.BENCH_MACHINE ?? 'dev-2vcpu';

// ---------------------------------------------------------------- clean-up on every exit path

const cleanups: (() => Promise<void>)[] = [];
/** Runs at the end, in reverse order, whether the benchmark succeeded, failed or was interrupted. */
export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}
let cleaning: Promise<void> | null = null;
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop()!;
      await fn().catch((err: unknown) => console.error(`clean-up failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });
}

/**
 * The last run of each benchmark, as bench/results/<name>.json (with when it ran): the inputs of
 * `npm run model:national`. BENCH_NO_RECORD=1 (a smoke run, a reduced size) keeps the file as it was.
 */
export function recordResult(name: string, result: Record<string, unknown>): void {
  if (process.env.BENCH_NO_RECORD === '1' || result.error !== undefined) return;
  mkdirSync(join(REPO, 'bench/results'), { recursive: true });
  writeFileSync(join(REPO, `bench/results/${name}.json`), `${JSON.stringify({ recordedAt: new Date().toISOString(), ...result }, null, 2)}\n`);
}

/** Runs a benchmark's main; prints its JSON last line (or a failure JSON line) and cleans up. */
export async function runBench(name: string, main: () => Promise<Record<string, unknown>>): Promise<void> {
  let result: Record<string, unknown>;
  try {
    result = await main();
  } catch (err) {
    console.error(err);
    result = { bench: name, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  await cleanup();
  recordResult(name, result);
  console.log(JSON.stringify(result));
  process.exit(result.ok === true ? 0 : 1);
}

// ---------------------------------------------------------------- PostgreSQL

/** A fresh database on the local server, dropped at clean-up. */
export async function scratchDatabase(prefix = 'sportello_bench'): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  // BENCH_KEEP_DB=1 keeps it (for EXPLAIN and pg_stat_user_tables afterwards; drop it yourself).
  if (process.env.BENCH_KEEP_DB !== '1') onCleanup(async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      console.log(`dropped database ${name}`);
    } finally {
      await c.end();
    }
  });
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return { name, url: u.toString() };
}

// ---------------------------------------------------------------- the server, as a child process

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Last lines of its output (warnings and errors: LOG_LEVEL=warn). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Fair access to holds in the benchmarks (docs/abuse-and-fair-access.md). The load comes from
 * one address (127.0.0.1), so the per-address and per-session limits and rates are off; the
 * proof of work is off too unless BENCH_HOLD_CHALLENGE=1, which turns it on with an easy
 * challenge (BENCH_HOLD_CHALLENGE_COUNTER, default 50) that `holdAndBook` solves before it
 * times the hold, as a citizen's page solves it while the slot is chosen (the hold's own time
 * leaves the solving out; a benchmark timing the whole of holdAndBook counts it). A benchmark may
 * override any of these through the env it passes to startServer.
 */
export const HOLD_CHALLENGE = process.env.BENCH_HOLD_CHALLENGE === '1';
export const BENCH_FAIR_ACCESS_ENV: Record<string, string> = {
  HOLD_CHALLENGE: String(HOLD_CHALLENGE),
  HOLD_CHALLENGE_COUNTER: process.env.BENCH_HOLD_CHALLENGE_COUNTER ?? '50',
  HOLDS_PER_ADDRESS: '0',
  HOLDS_PER_SESSION: '0',
  HOLD_RATE_PER_MINUTE: '0',
  HOLD_CHALLENGES_PER_MINUTE: '0',
};

/**
 * The server as in production: no demo outbox (outside production, with no channel configured,
 * every confirmation's e-mail and SMS go through the queue into the demo outbox: an instant
 * channel whose worker commits three times per message at full speed, about 60,000 commits
 * during a surge that compete with the bookings' own; in production the channels are SMTP and
 * SMS providers, a few dozen messages a second). BENCH_DEMO_OUTBOX=1 keeps it on.
 */
export const BENCH_SERVER_ENV: Record<string, string> = {
  ...BENCH_FAIR_ACCESS_ENV,
  DEMO_OUTBOX: process.env.BENCH_DEMO_OUTBOX === '1' ? 'true' : 'false',
};

/** `node --import tsx src/cli.ts serve --no-demo` on a free port; resolves when /readyz answers 200. */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server under load.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, ...nodeArgs, '--import', 'tsx', 'src/cli.ts', 'serve', '--no-demo'], {
    cwd: REPO,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development', ...BENCH_SERVER_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(t);
  };
  onCleanup(stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`server exited before it was ready:\n${out}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server not ready after 90 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, pid: child.pid!, child, output: () => out, stop };
}

// ---------------------------------------------------------------- HTTP client with timing

export interface Timed<T = any> {
  status: number;
  body: T;
  ms: number;
}

/**
 * A keep-alive client for one origin, at most `sockets` connections (undici's Pool: the load
 * generator shares the machine with the server and PostgreSQL, and undici spends about half the
 * CPU of node:http per request).
 */
export function httpClient(base: string, sockets: number) {
  const agent = new Pool(base, { connections: sockets, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
  async function request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Timed<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const t0 = performance.now();
    const res = await agent.request({
      method: method as Dispatcher.HttpMethod, path, body: payload,
      headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    });
    const text = await res.body.text();
    const ms = performance.now() - t0;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed as T, ms };
  }
  return { request, close: () => agent.destroy() };
}

/**
 * Whether the booking request carries an Idempotency-Key, as the web app's does (BENCH_IDEMPOTENCY_KEYS=0
 * leaves it out, as an API client without retries would).
 */
export const IDEMPOTENCY_KEYS = process.env.BENCH_IDEMPOTENCY_KEYS !== '0';
const KEY_PREFIX = `bench-${process.pid}-${Date.now().toString(36)}`;

/**
 * One citizen's booking the way the web flow makes it: a hold on `start`, then the booking
 * with person number `i` (a distinct valid tax code per `i`), with an Idempotency-Key (see
 * IDEMPOTENCY_KEYS). No booking when the hold is refused.
 */
export async function holdAndBook(
  request: ReturnType<typeof httpClient>['request'], deskId: string, start: string, i: number,
): Promise<{ hold: Timed; book?: Timed }> {
  const altcha = HOLD_CHALLENGE ? await solvedChallenge(request, deskId) : undefined;
  const hold = await request('POST', `/api/desks/${deskId}/holds`, { start, channel: 'phone' }, altcha ? { 'x-altcha': altcha } : {});
  if (hold.status !== 201) return { hold };
  const book = await request('POST', '/api/bookings', {
    hold: { id: hold.body.holdId, token: hold.body.holdToken },
    taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 333 ${String(1_000_000 + i).slice(-7)}`,
    channel: 'phone', language: 'it', consent: true,
  }, IDEMPOTENCY_KEYS ? { 'idempotency-key': `${KEY_PREFIX}-${i}` } : {});
  return { hold, book };
}

/** A desk's challenge, solved with altcha-lib's solver: the `x-altcha` header of a hold. */
export async function solvedChallenge(request: ReturnType<typeof httpClient>['request'], deskId: string): Promise<string> {
  const r = await request<{ challenge: Challenge }>('GET', `/api/desks/${deskId}/challenge`);
  if (r.status !== 200) throw new Error(`challenge: ${r.status} ${JSON.stringify(r.body)}`);
  const solution = await solveChallenge({ challenge: r.body.challenge, deriveKey });
  if (!solution) throw new Error('challenge: not solved');
  return Buffer.from(JSON.stringify({ challenge: r.body.challenge, solution })).toString('base64');
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at a time. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

// ---------------------------------------------------------------- figures

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function latencySummary(values: number[]): { p50: number; p90: number; p99: number; max: number } {
  const s = Float64Array.from(values).sort();
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(percentile(s, 50)), p90: r(percentile(s, 90)), p99: r(percentile(s, 99)), max: r(s[s.length - 1] ?? NaN) };
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

// ---------------------------------------------------------------- CPU accounting (Linux /proc)

const TICKS = 100; // USER_HZ on Linux

/** A process's CPU seconds so far (user + system), from /proc; 0 once it has gone. */
export const cpuSecondsOf = (pid: number): number => cpuTicksOf(pid) / TICKS;

function cpuTicksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

/** CPU ticks of each PostgreSQL process, and whether it serves `database` (one of its backends). */
function postgresTicks(database: string | null): Map<number, { ticks: number; ours: boolean }> {
  const out = new Map<number, { ticks: number; ours: boolean }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      out.set(Number(d), { ticks: cpuTicksOf(Number(d)), ours: !!database && title.includes(` ${database} `) });
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * Ticks used between two readings, per side. A process that started in between counts whole;
 * one that ended in between is lost (its last ticks cannot be read), so the figures are lower
 * bounds and never negative.
 */
function postgresDelta(before: ReturnType<typeof postgresTicks>, after: ReturnType<typeof postgresTicks>): { ours: number; rest: number } {
  let ours = 0;
  let rest = 0;
  for (const [pid, a] of after) {
    const d = Math.max(0, a.ticks - (before.get(pid)?.ticks ?? 0));
    if (a.ours) ours += d;
    else rest += d;
  }
  return { ours, rest };
}

/** Busy ticks of the whole machine (all cores), from /proc/stat; interrupts (loopback networking) apart. */
function machineStat(): { busy: number; irq: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  return { busy: user + nice + system + irq + softirq + steal, irq: irq + softirq };
}
const machineTicks = () => machineStat().busy;

/**
 * CPU used over a window, in % of one core (the machine has 2 cores = 200%): the server,
 * PostgreSQL's backends for our database, PostgreSQL's other processes (WAL writer,
 * checkpointer… and other people's databases), this load generator, interrupts (softirq: the
 * loopback traffic) and everything else on the machine (other work at the same time: it is shared).
 */
export function cpuMeter(serverPid: number | null, database: string | null = null) {
  const t0 = performance.now();
  const s0 = serverPid ? cpuTicksOf(serverPid) : 0;
  const p0 = postgresTicks(database);
  const m0 = machineStat();
  const c0 = process.cpuUsage();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const server = serverPid ? (cpuTicksOf(serverPid) - s0) / TICKS : 0;
    const pg = postgresDelta(p0, postgresTicks(database));
    const pgOurs = pg.ours / TICKS;
    const pgRest = pg.rest / TICKS;
    const client = (c.user + c.system) / 1e6;
    const m1 = machineStat();
    const machine = (m1.busy - m0.busy) / TICKS;
    const irq = (m1.irq - m0.irq) / TICKS;
    const pct = (x: number) => Math.round((x / wall) * 100);
    return {
      wallS: round1(wall),
      serverCpuPct: pct(server),
      postgresCpuPct: pct(pgOurs),
      postgresOtherCpuPct: pct(pgRest), // processes that ended in the window are not counted
      loadGeneratorCpuPct: pct(client),
      // interrupt handling, mostly the loopback TCP traffic between the three (not in any process's time)
      irqCpuPct: pct(irq),
      otherCpuPct: Math.max(0, pct(machine - irq - server - pgOurs - pgRest - client)),
      machineCpuPct: pct(machine),
      serverCpuS: Math.round(server * 100) / 100,
      postgresCpuS: Math.round(pgOurs * 100) / 100,
    };
  };
}

/**
 * The machine is shared: waits (up to `maxS`) until the rest of it uses less than `maxPct`
 * of one core over 3 s, so that a run is not measured against someone else's test suite.
 * Returns the background CPU % seen last.
 */
export async function waitForQuiet(maxPct = 25, maxS = Number(process.env.BENCH_QUIET_WAIT_S ?? 180)): Promise<number> {
  const deadline = Date.now() + maxS * 1000;
  for (;;) {
    const m0 = machineTicks();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 3000));
    const pct = Math.round((((machineTicks() - m0) / TICKS) / ((performance.now() - t0) / 1000)) * 100);
    if (pct <= maxPct || Date.now() > deadline) {
      console.log(`machine background load: ${pct}% of one core${pct > maxPct ? ' (still busy: measuring anyway)' : ''}`);
      return pct;
    }
    console.log(`machine busy (${pct}% of one core used by other work): waiting…`);
  }
}

export function today(zone = 'Europe/Rome'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function addDaysIso(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
