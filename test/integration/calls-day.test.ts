// A whole working day through the API, on both databases: 200 bookings on 3 desks, 6
// operators (two per desk) calling in manual mode while a seeded simulator plays the phone
// network (who answers, how long they talk, who lost their PIN); three of the operators are
// in a hurry and try to skip steps (calling early, serving with no identity check, "no answer"
// for a call that was answered, "resolved" for one that was not, a retry before its time):
// every shortcut is refused with a 409 and nothing is written. At the end every booking is in
// exactly one final state, no call happened outside its window, every "served" has a passed
// identity check in its call or a recorded reason, and the URP's live, history and operator
// figures equal the day's ground truth kept by the simulator. The clock is the test's: it only
// moves forward, from event to event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookPlace } from '../../src/booking/book-place.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { staffClient, startCallsServer, TODAY, todayAt, type CallsServer, type Client } from './calls-support.js';

const MIN = 60_000;
const SEC = 1000;

/** mulberry32: a small seeded generator, the same day on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A cooperative scheduler: each operator runs until it waits for an instant; the earliest instant goes next. */
class Day {
  private waits: { t: number; seq: number; go: () => void }[] = [];
  private running = 0;
  private seq = 0;
  private idle: (() => void) | null = null;
  constructor(private readonly s: CallsServer) {}
  get now(): number {
    return this.s.clock.now;
  }
  until(t: number): Promise<void> {
    return new Promise((go) => {
      this.waits.push({ t: Math.max(t, this.now), seq: this.seq++, go });
      this.yielded();
    });
  }
  private yielded() {
    this.running -= 1;
    if (this.running === 0) this.idle?.();
  }
  async run(workers: (() => Promise<void>)[], onTick?: (t: number) => Promise<void>): Promise<void> {
    const settled = new Promise<void>((r) => (this.idle = r));
    this.running = workers.length;
    const done = workers.map((w) => w().catch((e) => { this.failure = e; }).finally(() => this.yielded()));
    await settled;
    while (this.waits.length && !this.failure) {
      this.waits.sort((a, b) => a.t - b.t || a.seq - b.seq);
      const next = this.waits.shift()!;
      if (onTick) await onTick(next.t);
      this.s.clock.now = next.t;
      const turn = new Promise<void>((r) => (this.idle = r));
      this.running = 1;
      next.go();
      await turn;
    }
    if (this.failure) throw this.failure;
    await Promise.all(done);
  }
  failure: unknown = null;
}

interface Truth {
  id: string;
  code: string;
  pin: string;
  taxCode: string;
  desk: number;
  start: number;
  end: number;
  outcome: string | null;
  closedBy: 'operator' | 'system' | null;
  waiver: string | null;
  /** Call instants and the earliest instant each was allowed (retry time). */
  calls: { at: number; notBefore: number; answered: boolean; talk: number; operator: string }[];
}

const DESKS = [
  { code: 'TT01', slotMinutes: 10, places: 2, count: 68 },
  { code: 'TT02', slotMinutes: 12, places: 2, count: 66 },
  { code: 'TT03', slotMinutes: 8, places: 2, count: 66 },
];
const SERVED = new Set(['resolved', 'second_level', 'needs_documents']);

describe.each(testDatabases)('a working day of calls on $name', (database) => {
  let s: CallsServer;
  let urp: Client;
  const deskIds: string[] = [];
  const officeIds: string[] = [];
  const truth = new Map<string, Truth>();
  const operators: { client: Client; name: string; desk: number; hurried: boolean }[] = [];

  let setupMs = 0;
  let db: Db;
  beforeAll(async () => {
    const t0 = Date.now();
    // A bare database (no demo offices): just the three test offices of province TT.
    db = await database.open();
    for (const d of DESKS) deskIds.push((await createTestDesk(db, { code: d.code, slotMinutes: d.slotMinutes, places: d.places })).deskId);
    s = await startCallsServer(database, { db, officeCode: 'TT01' });
    for (const id of deskIds) officeIds.push((await s.db.query<{ office_id: string }>('SELECT office_id FROM desk WHERE id = $1', [id])).rows[0]!.office_id);
    for (const o of officeIds) {
      await s.db.query(
        `INSERT INTO office_telephony (office_id, adapter, max_attempts, retry_delay_minutes, retry_window_minutes)
         VALUES ($1, 'manual', 3, 3, 30) ON CONFLICT (office_id) DO UPDATE SET adapter = 'manual'`, [o],
      );
    }
    // 200 bookings from the first slot at or after 09:00, two per slot, made the evening before.
    s.clock.now = todayAt(7);
    let k = 0;
    for (const [i, d] of DESKS.entries()) {
      for (let j = 0; j < d.count; j++) {
        const startMs = todayAt(8) + (Math.ceil(60 / d.slotMinutes) + Math.floor(j / d.places)) * d.slotMinutes * MIN;
        const taxCode = taxCodeFor(7000 + k);
        const made = await bookPlace(s.booking, {
          deskId: deskIds[i]!, startMs, channel: 'phone', source: 'staff', actor: 'system',
          taxCode, fullName: `Cittadina ${k}`, phone: `+39347${String(2000000 + k).slice(-7)}`, language: 'it', consent: true,
        });
        const id = (await s.db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [made.booking.code])).rows[0]!.id;
        truth.set(id, { id, code: made.booking.code, pin: made.pin, taxCode, desk: i, start: startMs, end: startMs + d.slotMinutes * MIN, outcome: null, closedBy: null, waiver: null, calls: [] });
        k++;
      }
    }
    for (let i = 0; i < 6; i++) {
      const desk = Math.floor(i / 2);
      const name = `giorno.op${i + 1}`;
      const client = await staffClient(s, name, [{ role: 'desk_operator', scope: { kind: 'office', code: DESKS[desk]!.code } }]);
      operators.push({ client, name, desk, hurried: i % 2 === 1 });
    }
    urp = await staffClient(s, 'giorno.urp', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'TT' } }]);
    setupMs = Date.now() - t0;
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    await db?.close();
  });

  it('every booking ends in one true final state, and the URP sees the truth', async () => {
    s.clock.now = todayAt(8, 45);
    for (const o of operators) expect((await o.client.send('POST', '/api/staff/operator/duty', { deskId: deskIds[o.desk] })).status).toBe(200);
    const agendas = new Map<string, string[]>();
    for (const o of operators) agendas.set(o.name, (await o.client.get('/api/staff/operator/agenda')).body.items.map((i: any) => i.bookingId));
    expect([...agendas.values()].flat().sort()).toEqual([...truth.keys()].sort());

    const day = new Day(s);
    const refused = new Map<string, number>();
    const expectRefused = (r: { status: number; body: any }, code: string) => {
      expect(r.status, `${code}: ${JSON.stringify(r.body)}`).toBe(409);
      expect(r.body.code).toBe(code);
      refused.set(code, (refused.get(code) ?? 0) + 1);
    };
    let midday: { served: number; noAnswer: number; live: any } | null = null;

    const work = (o: (typeof operators)[number], seed: number) => async () => {
      const rnd = seeded(seed);
      const c = o.client;
      const post = (path: string, body?: unknown) => c.send('POST', path, body ?? {});
      const open = agendas.get(o.name)!.map((id) => ({ t: truth.get(id)!, retryAt: null as number | null, done: false }));
      const lead = () => (rnd() < 0.2 ? -Math.floor(rnd() * 110) * SEC : Math.floor(rnd() * 60) * SEC);
      for (const it of open) (it as any).from = it.t.start + lead();
      if (o.hurried) {
        // First thing in the morning: the last booking of the day, hours early.
        await day.until(todayAt(8, 50));
        expectRefused(await post('/api/staff/calls', { bookingId: open.at(-1)!.t.id, adapter: 'manual' }), 'call_too_early');
      }
      for (;;) {
        const todo = open.filter((x) => !x.done).sort((a, b) => (a.retryAt ?? (a as any).from) - (b.retryAt ?? (b as any).from));
        const it = todo[0];
        if (!it) return;
        const b = it.t;
        const notBefore = it.retryAt ?? b.start - 2 * MIN;
        await day.until(Math.max(it.retryAt ?? (it as any).from, notBefore));
        if (day.now > b.end + 30 * MIN) {
          // Too late for this one: the system closes a lapsed retry; a booking never called would stay open (and fail below).
          it.done = true;
          if (b.calls.length) {
            b.outcome = 'no_answer';
            b.closedBy = 'system';
          }
          continue;
        }
        const started = await post('/api/staff/calls', { bookingId: b.id, adapter: 'manual' });
        expect(started.status, JSON.stringify(started.body)).toBe(201);
        const callId = started.body.call.id as string;
        const answered = rnd() < 0.65;
        const call = { at: day.now, notBefore, answered, talk: 0, operator: o.name };
        b.calls.push(call);
        if (!answered) {
          await day.until(day.now + (20 + Math.floor(rnd() * 25)) * SEC);
          expect((await post(`/api/staff/calls/${callId}/manual`, { mark: 'not_answered' })).status).toBe(200);
          await day.until(day.now + 10 * SEC);
          if (o.hurried && rnd() < 0.3) {
            expectRefused(await post(`/api/staff/agenda/bookings/${b.id}/outcome`, { outcome: 'resolved', identityWaiver: 'pin_lost' }), 'call_not_connected');
          }
          const r = await post(`/api/staff/agenda/bookings/${b.id}/outcome`, { outcome: 'no_answer' });
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          if (r.body.state === 'retry') {
            it.retryAt = Date.parse(r.body.nextAttemptAt);
            expect(it.retryAt).toBeGreaterThanOrEqual(b.start);
            if (o.hurried && rnd() < 0.3) expectRefused(await post('/api/staff/calls', { bookingId: b.id, adapter: 'manual' }), 'call_too_early');
          } else {
            expect(r.body).toMatchObject({ state: 'done', outcome: 'no_answer' });
            expect(b.calls.length).toBeLessThanOrEqual(3);
            b.outcome = 'no_answer';
            b.closedBy = 'operator';
            it.done = true;
          }
          continue;
        }
        await day.until(day.now + (5 + Math.floor(rnd() * 15)) * SEC);
        expect((await post(`/api/staff/calls/${callId}/manual`, { mark: 'answered' })).status).toBe(200);
        const answeredAt = day.now;
        const noPin = rnd() < 0.05;
        const skip = o.hurried && rnd() < 0.3;
        let verified = false;
        if (!noPin && !skip) {
          await day.until(day.now + (20 + Math.floor(rnd() * 40)) * SEC);
          if (rnd() < 0.1) {
            const wrong = await post(`/api/staff/agenda/bookings/${b.id}/identity`, { taxCode: b.taxCode, pin: b.pin === '000000' ? '111111' : '000000' });
            expect(wrong.body).toMatchObject({ verified: false, result: 'bad_pin' });
          }
          const ok = await post(`/api/staff/agenda/bookings/${b.id}/identity`, { taxCode: b.taxCode, pin: b.pin });
          expect(ok.body, JSON.stringify(ok.body)).toMatchObject({ verified: true });
          verified = true;
        }
        const talk = 60 + Math.floor(rnd() ** 2 * 540);
        await day.until(answeredAt + talk * SEC);
        expect((await post(`/api/staff/calls/${callId}/manual`, { mark: 'ended' })).body.talkSeconds).toBe(talk);
        call.talk = talk;
        await day.until(day.now + (15 + Math.floor(rnd() * 45)) * SEC);
        const x = rnd();
        const outcome = x < 0.7 ? 'resolved' : x < 0.85 ? 'needs_documents' : x < 0.93 ? 'cancelled_by_citizen' : 'wrong_number';
        const body: Record<string, unknown> = { outcome };
        if (outcome === 'needs_documents') body.documents = ['isee', 'iban'];
        if (o.hurried && rnd() < 0.2) {
          expectRefused(await post(`/api/staff/agenda/bookings/${b.id}/outcome`, { outcome: 'no_answer' }), 'call_was_answered');
        }
        if (SERVED.has(outcome) && !verified) {
          if (skip) {
            // Served with no check: refused; too late to check (the citizen has hung up): a reason it must be.
            expectRefused(await post(`/api/staff/agenda/bookings/${b.id}/outcome`, body), 'identity_not_verified');
            expectRefused(await post(`/api/staff/agenda/bookings/${b.id}/identity`, { taxCode: b.taxCode, pin: b.pin }), 'no_connected_call');
          }
          body.identityWaiver = noPin ? 'pin_lost' : 'communication';
          b.waiver = body.identityWaiver as string;
        }
        const r = await post(`/api/staff/agenda/bookings/${b.id}/outcome`, body);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body).toMatchObject({ state: 'done', outcome });
        b.outcome = outcome;
        b.closedBy = 'operator';
        it.done = true;
      }
    };

    const t0 = Date.now();
    await day.run(operators.map((o, i) => work(o, 1000 + i)), async (t) => {
      // At 13:00 the URP looks at the live figures: they equal what has been closed so far.
      if (!midday && t >= todayAt(13)) {
        const closed = [...truth.values()].filter((b) => b.closedBy === 'operator');
        const live = (await urp.get(`/api/monitoring/live?scope=province:TT&day=${TODAY}`)).body;
        midday = { served: closed.filter((b) => SERVED.has(b.outcome!)).length, noAnswer: closed.filter((b) => b.outcome === 'no_answer').length, live };
      }
    });
    const simulatedMs = Date.now() - t0;

    // The evening: the agendas are read once more (retries nobody could make are closed).
    s.clock.now = todayAt(20);
    for (const o of operators) await o.client.get('/api/staff/operator/agenda');

    const all = [...truth.values()];
    // 1. Exactly one final state each, the one the day produced.
    const rows = (await s.db.query<{ booking_id: string; state: string; outcome: string | null; waiver: string | null; n: number }>(
      `SELECT a.booking_id, a.state, a.outcome, a.identity_waiver AS waiver,
              (SELECT count(*)::int FROM booking_event e WHERE e.booking_id = a.booking_id AND e.kind LIKE 'outcome\\_%') AS n
         FROM call_assignment a WHERE a.booking_id = ANY($1::uuid[])`, [all.map((b) => b.id)],
    )).rows;
    expect(rows).toHaveLength(200);
    for (const r of rows) {
      const b = truth.get(r.booking_id)!;
      expect({ code: b.code, state: r.state, outcome: r.outcome, n: r.n, waiver: r.waiver }).toEqual({ code: b.code, state: 'done', outcome: b.outcome, n: 1, waiver: b.waiver });
    }
    // 2. No call outside its window, no retry before its time.
    const outside = await s.db.query(
      `SELECT c.id FROM call c JOIN call_assignment a ON a.booking_id = c.booking_id
        WHERE a.booking_id = ANY($1::uuid[]) AND (c.requested_at < a.starts_at - interval '2 minutes' OR c.requested_at > a.ends_at + interval '30 minutes')`,
      [all.map((b) => b.id)],
    );
    expect(outside.rows).toEqual([]);
    const dbCalls = (await s.db.query<{ booking_id: string; requested_at: Date; attempt: number }>(
      'SELECT booking_id, requested_at, attempt FROM call WHERE booking_id = ANY($1::uuid[]) ORDER BY booking_id, attempt', [all.map((b) => b.id)],
    )).rows;
    expect(dbCalls).toHaveLength(all.reduce((n, b) => n + b.calls.length, 0));
    for (const c of dbCalls) {
      const mine = truth.get(c.booking_id)!.calls[c.attempt - 1]!;
      expect(new Date(c.requested_at).getTime()).toBe(mine.at);
      expect(mine.at).toBeGreaterThanOrEqual(mine.notBefore);
    }
    // 3. Every "served" has a passed identity check in its last call, or a recorded reason.
    const unverified = await s.db.query(
      `SELECT a.booking_id FROM call_assignment a
        WHERE a.booking_id = ANY($1::uuid[]) AND a.outcome IN ('resolved', 'second_level', 'needs_documents') AND a.identity_waiver IS NULL
          AND NOT EXISTS (SELECT 1 FROM identity_check i
                           WHERE i.result = 'ok' AND i.call_id = (SELECT id FROM call c WHERE c.booking_id = a.booking_id ORDER BY attempt DESC LIMIT 1))`,
      [all.map((b) => b.id)],
    );
    expect(unverified.rows).toEqual([]);

    // 4. The URP's figures are the day's ground truth.
    const answeredCalls = all.flatMap((b) => b.calls.filter((c) => c.answered));
    const talkSum = answeredCalls.reduce((n, c) => n + c.talk, 0);
    const expected = {
      booked: 200,
      served: all.filter((b) => SERVED.has(b.outcome!)).length,
      noAnswer: all.filter((b) => b.outcome === 'no_answer').length,
      calls: answeredCalls.length,
    };
    const overrun = all.flatMap((b) => b.calls.filter((c) => c.answered && c.talk > DESKS[b.desk]!.slotMinutes * 60)).length;
    const live = await urp.get(`/api/monitoring/live?scope=province:TT&day=${TODAY}`);
    expect(live.status).toBe(200);
    expect(live.body.figures).toMatchObject(expected);
    expect(live.body.figures.meanCallSec).toBeCloseTo(talkSum / answeredCalls.length, 6);
    expect(live.body.figures.overrunRate).toBeCloseTo(overrun / answeredCalls.length, 6);
    const history = await urp.get(`/api/monitoring/history?scope=province:TT&from=${TODAY}&to=${TODAY}&granularity=day`);
    expect(history.status).toBe(200);
    expect(history.body.rows[0]).toMatchObject({ period: TODAY, ...expected });
    for (const [i, id] of officeIds.entries()) {
      const per = (await urp.get(`/api/monitoring/live?scope=office:${id}&day=${TODAY}`)).body.figures;
      const mine = all.filter((b) => b.desk === i);
      expect(per).toMatchObject({ booked: DESKS[i]!.count, served: mine.filter((b) => SERVED.has(b.outcome!)).length, noAnswer: mine.filter((b) => b.outcome === 'no_answer').length });
    }
    expect(midday).not.toBeNull();
    expect(midday!.live.figures).toMatchObject({ served: midday!.served, noAnswer: midday!.noAnswer });

    // Per operator: calls, served, identity not verified, calls before the slot start (within the margin) and after its end.
    for (const [i, id] of officeIds.entries()) {
      const report = (await urp.get(`/api/monitoring/operators?scope=office:${id}&from=${TODAY}&to=${TODAY}`)).body;
      for (const o of operators.filter((x) => x.desk === i)) {
        const mine = all.filter((b) => agendas.get(o.name)!.includes(b.id));
        const calls = mine.flatMap((b) => b.calls.map((c) => ({ ...c, b })));
        expect(report.operators.find((r: any) => r.username === o.name), o.name).toMatchObject({
          calls: calls.length,
          served: mine.filter((b) => SERVED.has(b.outcome!)).length,
          identityNotVerified: mine.filter((b) => b.waiver).length,
          early: calls.filter((c) => c.at < c.b.start).length,
          late: calls.filter((c) => c.at >= c.b.end).length,
        });
      }
      const desk = report.desks.find((d: any) => d.deskId === deskIds[i]);
      const mine = all.filter((b) => b.desk === i);
      expect(desk).toMatchObject({ identityNotVerified: mine.filter((b) => b.waiver).length });
    }

    // The hurried operators were refused every shortcut they tried.
    for (const code of ['call_too_early', 'identity_not_verified', 'no_connected_call', 'call_was_answered', 'call_not_connected']) {
      expect(refused.get(code) ?? 0, code).toBeGreaterThan(0);
    }
    const count = (o: string | null) => all.filter((b) => b.outcome === o).length;
    console.log(JSON.stringify({
      database: database.name, bookings: all.length, calls: dbCalls.length, answered: answeredCalls.length,
      resolved: count('resolved'), needsDocuments: count('needs_documents'), cancelledByCitizen: count('cancelled_by_citizen'), wrongNumber: count('wrong_number'),
      noAnswer: count('no_answer'), closedBySystem: all.filter((b) => b.closedBy === 'system').length,
      identityNotVerified: all.filter((b) => b.waiver).length, refused: Object.fromEntries(refused), setupMs, simulatedMs,
    }));
  }, 180_000);
});
