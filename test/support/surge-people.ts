/**
 * People of a release morning reaching the service through the proxy, each from their own
 * address (127.1.x.y: the whole of 127/8 is the loopback, so every person is a distinct client
 * address for the proxy's X-Forwarded-For and the per-address limits). Used by
 * test/integration/cluster.test.ts and bench/cluster.ts.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Agent, type Dispatcher } from 'undici';
import type { Db } from '../../src/storage/db.js';
import { taxCodeFor } from './test-desk.js';

export interface Answer {
  status: number; // 0: no answer (the connection failed)
  body: any;
  ms: number;
  /** The answer's headers (none when there was no answer). */
  headers: Record<string, string | string[] | undefined>;
}

/** One person's HTTP client, from `address`. */
export function personClient(base: string, address: string) {
  // undici's connector leaves localAddress out: the socket is opened here, from the person's address.
  const agent = new Agent({
    connect: (o, cb) => {
      const socket = connect({ host: o.hostname, port: Number(o.port), localAddress: address });
      socket.once('connect', () => cb(null, socket));
      socket.once('error', (err) => cb(err, null));
    },
    keepAliveTimeout: 10_000, headersTimeout: 30_000, bodyTimeout: 30_000,
  });
  async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const t0 = performance.now();
    try {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const res = await agent.request({
        origin: base, method: method as Dispatcher.HttpMethod, path, body: payload,
        headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
      });
      const text = await res.body.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.statusCode, body: parsed, ms: performance.now() - t0, headers: res.headers };
    } catch (err) {
      return { status: 0, body: String(err), ms: performance.now() - t0, headers: {} };
    }
  }
  return { request, close: () => agent.close() };
}

/** Person i's address: 127.1.x.y (y from 1 to 250). */
export function addressOf(i: number): string {
  return `127.1.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`;
}

export interface SurgeTally {
  people: number;
  booked: number;
  /** Booking code of each acknowledged booking, by tax code. */
  acknowledged: Map<string, string>;
  requests: number;
  /** Answers ≥ 500 and failed connections seen by clients (before their own retries). */
  fiveXX: number;
  failed: number;
  /** Retries made by clients (same Idempotency-Key) after a 5xx or no answer. */
  clientRetries: number;
  /** Tax codes whose booking was acknowledged only after a client retry (its first try got no answer or a 5xx). */
  retriedBooked: string[];
  /** Each acknowledged booking's confirmation (the person's address, Idempotency-Key, body), by tax code: to send it again. */
  confirmations: Map<string, { address: string; key: string; body: unknown }>;
  latencies: number[];
  errors: Record<string, number>;
  /** Holds refused other than "slot full" (a limit): by code. */
  refused: Record<string, number>;
}

export function newTally(): SurgeTally {
  return { people: 0, booked: 0, acknowledged: new Map(), requests: 0, fiveXX: 0, failed: 0, clientRetries: 0, retriedBooked: [], confirmations: new Map(), latencies: [], errors: {}, refused: {} };
}

/**
 * A surge on `deskId`'s `slots`: people arrive (at most `concurrency` at a time) until every
 * slot has been found full (or `stop()` says so); each picks a slot not yet known full, holds
 * it, and books it with an Idempotency-Key. A client that gets no answer or a 5xx retries (at
 * most `retries` times, the same key for the confirmation), as the web app does; `retries` 0
 * counts every failure as final.
 */
export async function runSurge(o: {
  base: string; deskId: string; slots: string[]; concurrency: number; firstPerson: number;
  retries: number; tally: SurgeTally; stop?: () => boolean; maxPeople?: number;
}): Promise<void> {
  const full = new Set<string>();
  const t = o.tally;
  let next = 0;
  const note = (r: Answer, what: string) => {
    t.requests++;
    t.latencies.push(r.ms);
    if (r.status === 0) t.failed++;
    else if (r.status >= 500) t.fiveXX++;
    if (r.status === 0 || r.status >= 500) {
      const k = `${what} ${r.status} ${typeof r.body === 'object' ? r.body?.code ?? '' : String(r.body).slice(0, 60)}`;
      t.errors[k] = (t.errors[k] ?? 0) + 1;
    }
  };
  const person = async (i: number) => {
    const c = personClient(o.base, addressOf(i));
    const taxCode = taxCodeFor(i);
    try {
      for (let tries = 0; tries < 20; tries++) {
        const open = o.slots.filter((s) => !full.has(s));
        if (!open.length) return;
        const start = open[Math.floor(Math.random() * open.length)]!;
        let hold = await c.request('POST', `/api/desks/${o.deskId}/holds`, { start, channel: 'phone' });
        note(hold, 'hold');
        for (let r = 0; r < o.retries && (hold.status === 0 || hold.status >= 500); r++) {
          t.clientRetries++;
          hold = await c.request('POST', `/api/desks/${o.deskId}/holds`, { start, channel: 'phone' });
          note(hold, 'hold');
        }
        if (hold.status === 409 && hold.body?.code === 'slot_full') {
          full.add(start);
          continue;
        }
        if (hold.status !== 201) {
          // Refused (a limit) or failed for good: this person stops.
          const k = `${hold.status} ${hold.body?.code ?? ''}`;
          t.refused[k] = (t.refused[k] ?? 0) + 1;
          return;
        }
        const key = randomUUID();
        const body = {
          hold: { id: hold.body.holdId, token: hold.body.holdToken },
          taxCode, fullName: `Persona ${i}`, phone: `+39 333 ${String(1_000_000 + i).slice(-7)}`, channel: 'phone', language: 'it', consent: true,
        };
        let book = await c.request('POST', '/api/bookings', body, { 'idempotency-key': key });
        note(book, 'book');
        let retried = false;
        for (let r = 0; r < o.retries && (book.status === 0 || book.status >= 500); r++) {
          t.clientRetries++;
          retried = true;
          book = await c.request('POST', '/api/bookings', body, { 'idempotency-key': key });
          note(book, 'book');
        }
        if (book.status === 201) {
          t.booked++;
          t.acknowledged.set(taxCode, book.body.booking.code);
          t.confirmations.set(taxCode, { address: addressOf(i), key, body });
          if (retried) t.retriedBooked.push(taxCode);
        }
        return;
      }
    } finally {
      await c.close();
    }
  };
  const worker = async () => {
    for (;;) {
      if (o.stop?.() || full.size >= o.slots.length) return;
      if (o.maxPeople !== undefined && next >= o.maxPeople) return;
      const i = o.firstPerson + next++;
      t.people++;
      await person(i);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
}

/** What the database holds for the desk: bookings, places still held (not yet lapsed), people, slots over capacity, drifted counters. */
export async function checkDesk(db: Db, deskId: string): Promise<{ booked: number; held: number; people: number; overbooked: number; drift: number; codes: Map<string, string> }> {
  const r = (await db.query<{ booked: number; held: number; people: number; over: number; drift: number }>(
    `SELECT (SELECT count(*)::int FROM booking WHERE desk_id = $1 AND status = 'booked') AS booked,
            (SELECT count(*)::int FROM booking WHERE desk_id = $1 AND status = 'held') AS held,
            (SELECT count(DISTINCT tax_code)::int FROM booking WHERE desk_id = $1 AND status = 'booked') AS people,
            (SELECT count(*)::int FROM slot WHERE desk_id = $1 AND taken > capacity)
          + (SELECT count(*)::int FROM (SELECT s.starts_at FROM slot s JOIN booking b ON b.desk_id = s.desk_id AND b.starts_at = s.starts_at AND b.status IN ('held', 'booked')
               WHERE s.desk_id = $1 GROUP BY s.starts_at, s.capacity HAVING count(*) > s.capacity) x) AS over,
            (SELECT count(*)::int FROM slot s WHERE s.desk_id = $1 AND s.taken <> (SELECT count(*) FROM booking b
               WHERE b.desk_id = s.desk_id AND b.starts_at = s.starts_at AND b.status IN ('held', 'booked'))) AS drift`,
    [deskId],
  )).rows[0]!;
  const codes = new Map((await db.query<{ tax_code: string; code: string }>(
    `SELECT tax_code, code FROM booking WHERE desk_id = $1 AND status = 'booked'`, [deskId],
  )).rows.map((x) => [x.tax_code, x.code] as [string, string]));
  return { booked: r.booked, held: r.held, people: r.people, overbooked: r.over, drift: r.drift, codes };
}

/**
 * The open slots of the first open day of `deskId` from `from` on (a fortnight looked at: a
 * holiday or a closed day is skipped, so a test never depends on the date it runs), and their places.
 */
export async function openSlots(base: string, deskId: string, from: string): Promise<{ date: string; slots: string[]; places: number }> {
  const to = new Date(Date.parse(`${from}T12:00:00Z`) + 13 * 86_400_000).toISOString().slice(0, 10);
  const r = await fetch(`${base}/api/desks/${deskId}/slots?from=${from}&to=${to}`);
  const body = (await r.json()) as { days: { date: string; slots: { start: string; state: string; remaining: number }[] }[] };
  const day = body.days.find((d) => d.slots.some((s) => s.state === 'open'));
  if (!day) throw new Error(`no open day in ${from}..${to}: ${JSON.stringify(body).slice(0, 300)}`);
  const slots = day.slots.filter((s) => s.state === 'open');
  return { date: day.date, slots: slots.map((s) => s.start), places: slots.reduce((n, s) => n + s.remaining, 0) };
}
