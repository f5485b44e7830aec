// Service evidence and capacity planner (issue 23), on both databases:
//  1. the phases of real calls through the operator console on the manual adapter (dial, answer,
//     identity verified, hang-up, outcome saved) on an injected clock, read back by the report;
//  2. a seeded sequence of calls whose figures are known exactly (percentiles, overrun,
//     minutes covering 90/95 %, attempts per booking, hidden demand), the plan and the replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';
import { atSlot, bookToday, operatorOf, setTelephony, staffClient, startCallsServer, TODAY, type CallsServer, type Client } from './calls-support.js';
import { addBooking, loadTree, startMonitoringServer, type MonitoringServer } from './monitoring-support.js';

describe.each(testDatabases)('handling phases from the console on $name', (database) => {
  let s: CallsServer;
  let anna: Client;
  let urp: Client;
  let bookings: Awaited<ReturnType<typeof bookToday>>;

  beforeAll(async () => {
    s = await startCallsServer(database);
    anna = await staffClient(s, 'anna.op', operatorOf());
    urp = await staffClient(s, 'urp.tt', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'TT' } }]);
    bookings = await bookToday(s, 2);
    await setTelephony(s, 'simulated', { odds: { answer: 1, noAnswer: 0, busy: 0, fail: 0 }, ringAfterMs: 10, resultAfterMs: 40 });
  });
  afterAll(async () => s?.close());

  it('records identified_at and wrapped_at on the manual adapter; the report reads every phase', async () => {
    expect((await anna.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '201' })).status).toBe(200);
    const items = (await anna.get('/api/staff/operator/agenda')).body.items as any[];
    const item = items.find((i) => i.bookingId === bookings[0]!.id)!;
    expect(item, JSON.stringify(items)).toBeDefined();
    const b = bookings[0]!;
    atSlot(s, item);
    const c = await anna.send('POST', '/api/staff/calls', { bookingId: item.bookingId, adapter: 'manual' });
    expect(c.status).toBe(201);
    const callId = c.body.call.id;
    s.clock.now += 20_000;
    await anna.send('POST', `/api/staff/calls/${callId}/manual`, { mark: 'answered' });
    s.clock.now += 75_000;
    expect((await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/identity`, { taxCode: b.taxCode, pin: b.pin })).body.verified).toBe(true);
    s.clock.now += 300_000;
    await anna.send('POST', `/api/staff/calls/${callId}/manual`, { mark: 'ended' });
    s.clock.now += 45_000;
    const done = await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'resolved' });
    expect(done.body).toMatchObject({ state: 'done', outcome: 'resolved' });

    // The second booking: nobody answers the first attempt (its outcome saved too), the retry is answered.
    const second = items.find((i) => i.bookingId === bookings[1]!.id)!;
    atSlot(s, second);
    const c1 = await anna.send('POST', '/api/staff/calls', { bookingId: second.bookingId, adapter: 'manual' });
    s.clock.now += 30_000;
    await anna.send('POST', `/api/staff/calls/${c1.body.call.id}/manual`, { mark: 'not_answered' });
    s.clock.now += 10_000;
    const retry = await anna.send('POST', `/api/staff/agenda/bookings/${second.bookingId}/outcome`, { outcome: 'no_answer' });
    expect(retry.body.state).toBe('retry');
    s.clock.now = Date.parse(retry.body.nextAttemptAt);
    const c2 = await anna.send('POST', '/api/staff/calls', { bookingId: second.bookingId, adapter: 'manual' });
    expect(c2.status).toBe(201);
    s.clock.now += 10_000;
    await anna.send('POST', `/api/staff/calls/${c2.body.call.id}/manual`, { mark: 'answered' });
    s.clock.now += 200_000;
    await anna.send('POST', `/api/staff/calls/${c2.body.call.id}/manual`, { mark: 'ended' });
    s.clock.now += 20_000;
    // Served without the identity check: with its reason (the identification phase stays unmeasured).
    const waived = await anna.send('POST', `/api/staff/agenda/bookings/${second.bookingId}/outcome`, { outcome: 'resolved', identityWaiver: 'pin_lost' });
    expect(waived.body.state).toBe('done');

    const row = await s.db.query<{ ident: number; wrap: number }>(
      'SELECT extract(epoch FROM identified_at - answered_at)::int AS ident, extract(epoch FROM wrapped_at - ended_at)::int AS wrap FROM call WHERE id = $1', [callId]);
    expect(row.rows[0]).toEqual({ ident: 75, wrap: 45 });

    const r = await urp.get(`/api/monitoring/handling?scope=desk:${s.deskId}&from=${TODAY}&to=${TODAY}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const h = r.body.handling;
    expect(h).toMatchObject({ calls: 3, answeredCalls: 2, bookings: 2, attemptsPerBooking: 1.5, byAdapter: { manual: 3 }, missing: { identification: 1, afterCallWork: 0 } });
    expect(h.attempts).toEqual({ one: 1, two: 1, threeOrMore: 0 });
    // Reach 20 and 10 s; identification 75 s (one measured); talk 375 and 200 s; after-call work 45 and 20 s.
    expect(h.phases.reach.n).toBe(2);
    expect(h.phases.identification).toMatchObject({ n: 1, p50: { value: 75 } });
    expect(h.phases.talk.p95.value).toBe(375);
    expect(h.phases.afterCallWork.p50.value).toBe(20);
    // Totals: 20 + 375 + 45 = 440 s and 10 + 200 + 20 = 230 s, against 10-minute slots: none over.
    expect(h.phases.total.p95.value).toBe(440);
    expect(h.phases.total.p50.value).toBe(230);
    expect(h.overrun).toMatchObject({ count: 0, share: 0 });
    expect(h.tooSmall).toBe(true);
  });
});

const NOW = Date.parse('2026-04-01T10:00:00Z'); // Wednesday 1 April 2026, 12:00 in Rome

describe.each(testDatabases)('service evidence from a known sequence on $name', (database) => {
  let db: Db;
  let s: MonitoringServer;
  let desks: Awaited<ReturnType<typeof loadTree>>;
  let urp: Record<string, string>;
  const get = async (path: string) => {
    const res = await fetch(s.url + path, { headers: urp });
    return { status: res.status, body: await res.json() as any };
  };

  beforeAll(async () => {
    db = await database.open();
    desks = await loadTree(db);
    s = await startMonitoringServer(db, NOW);
    urp = await s.as('urp.regione', [{ role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } }]);
    // Desk A (8-minute slots), 23–27 March 2026: 20 answered calls, call i: reach 10 s, identification
    // 60 + 5i s, talk 300 + 15i s, after-call work 30 s: total 340 + 15i s (340 … 625).
    for (let i = 0; i < 20; i++) {
      const day = 23 + (i % 5);
      const start = `2026-03-${day}T08:${String(Math.floor(i / 5) * 8).padStart(2, '0')}:00Z`;
      const b = await addBooking(db, desks.A, start, 8, { outcome: i === 3 ? 'second_level' : 'resolved' });
      if (i < 2) {
        // A first attempt nobody answered.
        await db.query(
          `INSERT INTO call (booking_id, office_id, adapter, attempt, destination, state, requested_at, ended_at, wrapped_at, duration_seconds, talk_seconds)
           VALUES ($1, $2, 'wildix', 1, '+390200000001', 'failed', $3::timestamptz, $3::timestamptz + interval '30 seconds', $3::timestamptz + interval '40 seconds', 30, 0)`,
          [b.id, desks.A.officeId, start]);
      }
      await db.query(
        `INSERT INTO call (booking_id, office_id, adapter, attempt, destination, state, requested_at, answered_at, identified_at, ended_at, wrapped_at, duration_seconds, talk_seconds)
         VALUES ($1, $2, $3, $4, '+390200000001', 'ended', $5::timestamptz + interval '2 minutes', $5::timestamptz + interval '2 minutes 10 seconds',
                 $5::timestamptz + make_interval(secs => 130 + $6::int), $5::timestamptz + make_interval(secs => 130 + $7::int),
                 $5::timestamptz + make_interval(secs => 160 + $7::int), 10 + $7::int, $7::int)`,
        [b.id, desks.A.officeId, i % 4 === 0 ? 'manual' : 'asterisk', i < 2 ? 2 : 1, start, 60 + 5 * i, 300 + 15 * i]);
    }
    // Four bookings never reached (one unanswered call each, closed as no answer).
    for (let i = 0; i < 4; i++) await addBooking(db, desks.A, `2026-03-24T08:${String(40 + i).padStart(2, '0')}:00Z`, 8, { outcome: 'no_answer', unanswered: true });
    // Every booking was made two days before its slot (the replay's arrivals).
    await db.query("UPDATE booking SET created_at = starts_at - interval '2 days' WHERE desk_id = $1", [desks.A.deskId]);
    // Three waiting-list joins at desk A, one outside the period.
    for (const [k, at] of ['2026-03-23T09:00:00Z', '2026-03-25T09:00:00Z', '2026-03-27T09:00:00Z', '2026-04-01T09:00:00Z'].entries()) {
      await db.query(
        `INSERT INTO waitlist_entry (desk_id, token_hash, tax_code, full_name, phone, consent_at, created_at) VALUES ($1, 'x', $3, 'Attesa', '+390200000009', $2, $2)`,
        [desks.A.deskId, new Date(at), `TSTWLT00A01F20${k}X`]);
    }
  });
  afterAll(async () => {
    await s?.close();
    await db?.close();
  });

  it('the whole handling time: exact percentiles, overrun, minutes covering, attempts, hidden demand', async () => {
    const r = await get(`/api/monitoring/handling?scope=office:${desks.A.officeId}&from=2026-03-23&to=2026-03-27`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const h = r.body.handling;
    expect(h).toMatchObject({ calls: 26, answeredCalls: 20, bookings: 24, byAdapter: { manual: 5, asterisk: 15, wildix: 2, simulated: 4 } });
    expect(h.attemptsPerBooking).toBeCloseTo(26 / 24, 10);
    expect(h.attempts).toEqual({ one: 22, two: 2, threeOrMore: 0 });
    // Nearest rank of 20 values: median x(10) = 340 + 15·9 = 475; p90 x(18) = 595; p95 x(19) = 610.
    expect(h.phases.total.p50.value).toBe(475);
    expect(h.phases.total.p90.value).toBe(595);
    expect(h.phases.total.p95.value).toBe(610);
    // The median's 95 % interval from the binomial ranks of n = 20: [x(6), x(15)] = [415, 550].
    expect(h.phases.total.p50.ci).toMatchObject({ low: 415, high: 550 });
    expect(h.phases.total.p50.ci.coverage).toBeGreaterThanOrEqual(0.95);
    expect(h.phases.identification.p50.value).toBe(105);
    expect(h.phases.reach.p50.value).toBe(10);
    expect(h.phases.afterCallWork).toMatchObject({ n: 20, p50: { value: 30 } });
    // Over 480 s: 340 + 15i > 480 ⇔ i ≥ 10 → 10 of 20, by (10 + 25 + … + 145)/10 = 77.5 s on average.
    expect(h.overrun).toMatchObject({ count: 10, share: 0.5 });
    expect(h.overrunMeanSec).toBeCloseTo(77.5, 10);
    expect(h.cover90.minutes).toBe(10);
    expect(h.cover95.minutes).toBe(11);
    expect(h.tooSmall).toBe(true);
    expect(r.body.hidden).toEqual({ waitlistJoins: 3, contactRefusals: 0, fullRefusals: 0, fullRefusalsBySource: { web: 0, reception: 0, patronato: 0, staff: 0 }, noAnswers: 4, secondLevel: 1 });
    expect(r.body.children.map((c: any) => [c.name, c.handling.calls])).toEqual([['Sportello A', 26], ['Sportello B', 0]]);
    expect(r.body.periods).toHaveLength(1);
    expect(r.body.periods[0]).toMatchObject({ period: '2026-03-23', handling: { p90Sec: 595, overrunShare: 0.5 } });
  });

  it('the plan: per desk and office, for the current length and 8/10/12/15 minutes, with the answer in words', async () => {
    const r = await get(`/api/monitoring/planning?scope=office:${desks.A.officeId}&weeks=4`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const office = r.body.offices[0];
    expect(office.options.map((o: any) => o.slotMinutes)).toEqual([8, 10, 12, 15]);
    expect(office.options[0]).toMatchObject({ slotMinutes: 8, overrunShare: 0.5, fits: false });
    // 10 minutes cover x(18) = 595 s ≤ 600: 18 of 20 fit = 90 %.
    expect(office.options[1]).toMatchObject({ slotMinutes: 10, overrunShare: 0.1, fits: true });
    expect(office.story).toMatchObject({ slotMinutes: 8, overrunShare: 0.5, cover90Minutes: 10, chosenSlotMinutes: 10 });
    expect(office.answer.it).toContain('Con 8 minuti, il 50 % delle chiamate sfora la fascia; 10 minuti coprirebbero il 90 %');
    expect(office.answer.en).toContain(`you need ${office.story.operatorsMorning} operators between 9:00 and 12:00`);
    const deskA = r.body.desks.find((d: any) => d.deskId === desks.A.deskId);
    expect(deskA.calls).toBe(20);
    expect(deskA.options.find((o: any) => o.current).slotMinutes).toBe(8);
    expect(deskA.forecast).toHaveLength(7);
  });

  it('the what-if replay: conservation, deterministic, a change of slot length; bad input is a 400', async () => {
    const path = `/api/monitoring/what-if?scope=desk:${desks.A.deskId}&from=2026-03-16&to=2026-03-31&seed=3`;
    const a = await get(path);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    const st = a.body.baseline.states;
    expect(st.served + st.no_answer + st.cancelled + st.refused).toBe(a.body.baseline.arrivals);
    expect(a.body.baseline.arrivals).toBe(a.body.actual.bookings);
    // The replay is checked against what happened: 24 bookings, 10 of the 20 answered calls over 8 minutes;
    // the prediction error is the replay's figure minus the actual one.
    expect(a.body.actual).toMatchObject({ bookings: 24, overrunShare: 0.5 });
    // The calendar replayed, for the reader: the slot length and the operators of a slot as they were.
    expect(a.body.current.slotMinutes).toEqual([8, 8]);
    expect(a.body.current.operators[0]).toBeGreaterThanOrEqual(1);
    expect(a.body.current.operators[0]).toBeLessThanOrEqual(a.body.current.operators[1]);
    expect(a.body.desks[0].operators).toEqual(a.body.current.operators);
    expect(a.body.change).toEqual({ slotMinutes: null, operators: null });
    expect(a.body.error.overrunShare).toBeCloseTo(a.body.baseline.overrunShare - 0.5, 10);
    expect(a.body.error.leadMeanDays).toBeCloseTo(a.body.baseline.leadMean - a.body.actual.leadMean, 10);
    const b = await get(path);
    expect(b.body.baseline).toEqual(a.body.baseline);
    const longer = await get(`${path}&slotMinutes=12`);
    expect(longer.body.whatIf.overrunShare).toBeLessThanOrEqual(a.body.baseline.overrunShare ?? 1);
    expect((await get(`/api/monitoring/what-if?scope=desk:${desks.A.deskId}&from=2026-01-01&to=2026-03-31`)).body.code).toBe('range_too_long');
    expect((await get(`/api/monitoring/planning?leadDays=0`)).status).toBe(400);
  });
});
