// The operator console over HTTP, on both databases: duty and the balanced agenda, calls
// through the simulated and manual adapters, a telephony that is down, identity checks
// (right and wrong), outcomes with the retry policy, the booking's history, the URP flag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { romeTime, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { atSlot, bookToday, eventually, operatorOf, setTelephony, staffClient, startCallsServer, todayAt, type CallsServer, type Client } from './calls-support.js';

describe.each(testDatabases)('operator console on $name', (database) => {
  let s: CallsServer;
  let anna: Client;
  let bruno: Client;
  let carla: Client;
  let admin: Client;
  let urp: Client;
  let bookings: Awaited<ReturnType<typeof bookToday>>;

  beforeAll(async () => {
    s = await startCallsServer(database);
    anna = await staffClient(s, 'anna.op', operatorOf());
    bruno = await staffClient(s, 'bruno.op', operatorOf());
    carla = await staffClient(s, 'carla.op', operatorOf());
    admin = await staffClient(s, 'capo.tt', [{ role: 'office_admin', scope: { kind: 'office', code: 'TT01' } }]);
    urp = await staffClient(s, 'urp.tt', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'TT' } }]);
    bookings = await bookToday(s, 12);
    await setTelephony(s, 'simulated', { odds: { answer: 1, noAnswer: 0, busy: 0, fail: 0 }, ringAfterMs: 10, resultAfterMs: 40 });
  });
  afterAll(async () => s?.close());

  const mine = async (c: Client) => (await c.get('/api/staff/operator/agenda')).body;

  it('spreads the day over the operators on duty, balanced, and redistributes on sign-off and absence', async () => {
    expect((await anna.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '201' })).status).toBe(200);
    expect((await mine(anna)).items).toHaveLength(12);
    expect((await bruno.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '202' })).status).toBe(200);
    expect((await carla.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '203' })).status).toBe(200);
    const loads = await Promise.all([anna, bruno, carla].map(async (c) => (await mine(c)).items.length));
    expect(loads).toEqual([4, 4, 4]);
    // Two bookings of one slot go to two operators.
    const desk = (await admin.get(`/api/staff/agenda/desks/${s.deskId}`)).body;
    expect(desk.items).toHaveLength(12);
    const bySlot = new Map<string, Set<string>>();
    for (const it of desk.items) bySlot.set(it.start, (bySlot.get(it.start) ?? new Set()).add(it.operatorId));
    for (const ops of bySlot.values()) expect(ops.size).toBe(2);

    // Carla signs off: her 4 go to Anna and Bruno, 6 each.
    expect((await carla.send('DELETE', `/api/staff/operator/duty/${s.deskId}`)).status).toBe(200);
    expect((await mine(carla)).items).toHaveLength(0);
    expect([(await mine(anna)).items.length, (await mine(bruno)).items.length]).toEqual([6, 6]);
    // Every booking exactly once.
    const all = [...(await mine(anna)).items, ...(await mine(bruno)).items].map((i: any) => i.bookingId).sort();
    expect(all).toEqual(bookings.map((b) => b.id).sort());

    // Carla back; the supervisor marks Bruno absent.
    await carla.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '203' });
    const absent = await admin.send('POST', `/api/staff/agenda/desks/${s.deskId}/absent`, { userId: bruno.userId });
    expect(absent.status).toBe(200);
    expect([(await mine(anna)).items.length, (await mine(carla)).items.length, (await mine(bruno)).items.length]).toEqual([6, 6, 0]);
    // An operator may not mark a colleague absent.
    expect((await anna.send('POST', `/api/staff/agenda/desks/${s.deskId}/absent`, { userId: carla.userId })).status).toBe(403);
    await bruno.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '202' });
  });

  it('lets a supervisor move a booking by hand, and keeps the move', async () => {
    const first = (await mine(anna)).items[0];
    const moved = await admin.send('POST', `/api/staff/agenda/desks/${s.deskId}/assign`, { bookingId: first.bookingId, operatorId: carla.userId });
    expect(moved.status).toBe(200);
    expect((await mine(carla)).items.map((i: any) => i.bookingId)).toContain(first.bookingId);
    expect((await mine(anna)).items.map((i: any) => i.bookingId)).not.toContain(first.bookingId);
    const h = (await admin.get(`/api/staff/agenda/bookings/${first.bookingId}/history`)).body;
    expect(h.steps.map((x: any) => x.kind)).toContain('call_reassigned');
  });

  it('calls through the simulated adapter, checks identity (wrong then right), times the call, records the outcome', async () => {
    const agenda = await mine(anna);
    const item = agenda.items.find((i: any) => i.state === 'waiting');
    const b = bookings.find((x) => x.id === item.bookingId)!;
    expect(agenda.next).toBeTruthy();
    expect(item.citizen.phone).toMatch(/^\+39/);
    expect(JSON.stringify(agenda)).not.toContain(b.taxCode); // the operator never sees the tax code
    atSlot(s, item);
    const started = await anna.send('POST', '/api/staff/calls', { bookingId: item.bookingId });
    expect(started.status).toBe(201);
    expect(started.body.call.adapter).toBe('simulated');
    expect((await anna.send('POST', '/api/staff/calls', { bookingId: item.bookingId })).body.code).toBe('call_in_progress');
    await eventually(async () => (await mine(anna)).items.find((i: any) => i.bookingId === item.bookingId)?.lastCall?.state === 'answered');

    const wrongCf = await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/identity`, { taxCode: 'RSSMRA85T10A562S', pin: b.pin });
    expect(wrongCf.body).toMatchObject({ verified: false, result: 'bad_tax_code' });
    const wrongPin = await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/identity`, { taxCode: b.taxCode.toLowerCase(), pin: b.pin === '000000' ? '111111' : '000000' });
    expect(wrongPin.body).toMatchObject({ verified: false, result: 'bad_pin', attemptsLeft: 4, flagged: false });
    const right = await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/identity`, { taxCode: b.taxCode, pin: b.pin });
    expect(right.body).toMatchObject({ verified: true, result: 'ok' });
    expect(JSON.stringify(right.body)).not.toContain(b.pin);

    // Outcome refused while the call is under way.
    expect((await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'resolved' })).body.code).toBe('call_in_progress');
    s.clock.now += 95_000;
    const hung = await anna.send('POST', `/api/staff/calls/${started.body.call.id}/hangup`);
    expect(hung.status).toBe(200);
    expect(hung.body.state).toBe('ended');
    expect(hung.body.talkSeconds).toBeGreaterThanOrEqual(0);
    const done = await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'resolved', notes: 'Spiegata la domanda NASpI.' });
    expect(done.body).toMatchObject({ state: 'done', outcome: 'resolved' });
    expect((await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'resolved' })).body.code).toBe('already_closed');
    expect((await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'resolved', notes: 'x'.repeat(2001) })).status).toBe(400);

    const h = (await anna.get(`/api/staff/agenda/bookings/${item.bookingId}/history`)).body;
    const kinds = h.steps.map((x: any) => x.kind);
    for (const k of ['booked', 'call_assigned', 'call_started', 'call_ringing', 'call_answered', 'identity_failed', 'identity_verified', 'call_ended', 'outcome_resolved']) {
      expect(kinds, k).toContain(k);
    }
    expect(h.calls[0]).toMatchObject({ adapter: 'simulated', state: 'ended' });
    expect(h.calls[0].answeredAt).toBeTruthy();
  });

  it('no answer: retries by the office policy, then closes as no-answer and queues the notice', async () => {
    await s.db.query("UPDATE notification_channel SET enabled = true, kinds = ARRAY['no_answer'] WHERE channel = 'sms'");
    await setTelephony(s, 'simulated', { odds: { answer: 0, noAnswer: 1 }, ringAfterMs: 5, resultAfterMs: 20 }, { maxAttempts: 3, retryDelayMinutes: 3, retryWindowMinutes: 30 });
    const item = (await mine(bruno)).items.find((i: any) => i.state === 'waiting');
    atSlot(s, item);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const c = await bruno.send('POST', '/api/staff/calls', { bookingId: item.bookingId });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      const failed = await eventually(async () => {
        const it = (await mine(bruno)).items.find((i: any) => i.bookingId === item.bookingId);
        return it.lastCall?.state === 'failed' && it.state === 'wrap_up' ? it : null;
      });
      expect(failed.state, `attempt ${attempt}: ${JSON.stringify(failed)}`).toBe('wrap_up');
      expect(failed.lastCall.cause).toBe('no_answer');
      const o = await bruno.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'no_answer' });
      if (attempt < 3) {
        expect(o.body.state).toBe('retry');
        expect(Date.parse(o.body.nextAttemptAt)).toBe(s.clock.now + 3 * 60_000);
        s.clock.now += 3 * 60_000;
      } else {
        expect(o.body).toMatchObject({ state: 'done', outcome: 'no_answer' });
      }
    }
    const notice = await s.db.query<{ kind: string; sent_at: Date | null }>('SELECT kind, sent_at FROM call_notice WHERE booking_id = $1', [item.bookingId]);
    expect(notice.rows).toEqual([{ kind: 'missed_callback', sent_at: expect.any(Date) }]);
    const jobs = await s.db.query<{ n: number }>("SELECT count(*)::int AS n FROM notification_job WHERE booking_id = $1 AND kind = 'no_answer'", [item.bookingId]);
    expect(jobs.rows[0]!.n).toBeGreaterThanOrEqual(1);
    const h = (await bruno.get(`/api/staff/agenda/bookings/${item.bookingId}/history`)).body;
    expect(h.steps.filter((x: any) => x.kind === 'retry_scheduled')).toHaveLength(2);
    expect(h.calls).toHaveLength(3);
    expect(h.steps.map((x: any) => x.kind)).toContain('outcome_no_answer');
  });

  it('closes a retry nobody made within the window as no answer', async () => {
    const item = (await mine(bruno)).items.find((i: any) => i.state === 'waiting');
    const saved = s.clock.now;
    atSlot(s, item);
    expect((await bruno.send('POST', '/api/staff/calls', { bookingId: item.bookingId })).status).toBe(201);
    await eventually(async () => (await mine(bruno)).items.find((i: any) => i.bookingId === item.bookingId)?.state === 'wrap_up');
    expect((await bruno.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'no_answer' })).body.state).toBe('retry');
    s.clock.now = Date.parse(item.end) + 31 * 60_000;
    const after = (await mine(bruno)).items.find((i: any) => i.bookingId === item.bookingId);
    expect(after).toMatchObject({ state: 'done', outcome: 'no_answer' });
    const notice = await s.db.query('SELECT 1 FROM call_notice WHERE booking_id = $1 AND kind = $2', [item.bookingId, 'missed_callback']);
    expect(notice.rows).toHaveLength(1);
    s.clock.now = saved;
  });

  it('flags the booking for the URP after repeated failed identity checks', async () => {
    const item = (await mine(carla)).items.find((i: any) => i.state === 'waiting');
    const b = bookings.find((x) => x.id === item.bookingId)!;
    // Identity is checked in a call the citizen answered.
    atSlot(s, item);
    const c = await carla.send('POST', '/api/staff/calls', { bookingId: item.bookingId, adapter: 'manual' });
    expect((await carla.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/identity`, { taxCode: b.taxCode, pin: b.pin })).body.code).toBe('no_connected_call');
    await carla.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'answered' });
    let last: any;
    for (let i = 0; i < 3; i++) {
      last = (await carla.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/identity`, { taxCode: b.taxCode, pin: b.pin === '999999' ? '999998' : '999999' })).body;
    }
    expect(last).toMatchObject({ verified: false, flagged: true });
    const flags = await urp.get('/api/staff/calls/flags');
    expect(flags.status).toBe(200);
    expect(flags.body.items.map((f: any) => f.code)).toContain(b.code);
    expect(flags.body.items.find((f: any) => f.code === b.code)).toMatchObject({ reason: 'identity_failures', identityFailures: 3 });
    // An operator cannot read the URP list; a URP of another province sees nothing of it.
    expect((await carla.get('/api/staff/calls/flags')).status).toBe(403);
    const other = await staffClient(s, 'urp.mi', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'MI' } }]);
    expect((await other.get('/api/staff/calls/flags')).body.items).toEqual([]);
  });

  it('a telephony that is down answers 503 at once, without counting the attempt; manual dialling works', async () => {
    await setTelephony(s, 'wildix', { baseUrl: 'http://127.0.0.1:9', auth: 'apiKey', apiKeyEnv: 'SPORTELLO_TEST_NO_SUCH_KEY' });
    const item = (await mine(anna)).items.find((i: any) => i.state === 'waiting');
    const b = bookings.find((x) => x.id === item.bookingId)!;
    atSlot(s, item);
    const t0 = Date.now();
    const down = await anna.send('POST', '/api/staff/calls', { bookingId: item.bookingId });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'telephony_unavailable', manualAvailable: true });
    const after = (await mine(anna)).items.find((i: any) => i.bookingId === item.bookingId);
    expect(after).toMatchObject({ state: 'waiting', attempts: 0 });

    const manual = await anna.send('POST', '/api/staff/calls', { bookingId: item.bookingId, adapter: 'manual' });
    expect(manual.status).toBe(201);
    expect(manual.body.dial).toBe(item.citizen.phone);
    const callId = manual.body.call.id;
    expect((await anna.send('POST', `/api/staff/calls/${callId}/manual`, { mark: 'answered' })).body.state).toBe('answered');
    expect((await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/identity`, { taxCode: b.taxCode, pin: b.pin })).body.verified).toBe(true);
    s.clock.now += 4 * 60_000 + 12_000;
    const ended = await anna.send('POST', `/api/staff/calls/${callId}/manual`, { mark: 'ended' });
    expect(ended.body).toMatchObject({ state: 'ended', talkSeconds: 252, timingSource: 'console' });
    expect((await anna.send('POST', `/api/staff/calls/${callId}/manual`, { mark: 'ended' })).body.code).toBe('call_over');
    // Bruno cannot touch Anna's call or booking.
    expect((await bruno.send('POST', `/api/staff/calls/${callId}/hangup`)).body.code).toBe('not_your_booking');
    expect((await bruno.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'resolved' })).body.code).toBe('not_your_booking');
    const docs = await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'needs_documents' });
    expect(docs.status).toBe(422);
    expect((await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'needs_documents', documents: ['no_such_document'] })).status).toBe(422);
    const ok = await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, { outcome: 'needs_documents', documents: ['isee'], instructions: 'Inviare anche il modello SR163 via PEC.' });
    expect(ok.body).toMatchObject({ state: 'done', outcome: 'needs_documents' });
    await setTelephony(s, 'simulated', { odds: { answer: 1 }, ringAfterMs: 10, resultAfterMs: 40 });
  });

  it('needs a second-level appointment: books the follow-up on the chosen desk', async () => {
    const item = (await mine(anna)).items.find((i: any) => i.state === 'waiting');
    const b = bookings.find((x) => x.id === item.bookingId)!;
    atSlot(s, item);
    const c = await anna.send('POST', '/api/staff/calls', { bookingId: item.bookingId, adapter: 'manual' });
    await anna.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'answered' });
    expect((await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/identity`, { taxCode: b.taxCode, pin: b.pin })).body.verified).toBe(true);
    await anna.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'ended' });
    const start = new Date(romeTime(workingDay(3, todayAt(9)), 9)).toISOString();
    // The per-person limit is the database's (trigger, its own now()), which the injected clock does not
    // move: today's booking still lies ahead for it, so the follow-up is a second active booking here.
    await s.db.query('UPDATE desk SET max_active_per_person = 2 WHERE id = $1', [s.deskId]);
    const r = await anna.send('POST', `/api/staff/agenda/bookings/${item.bookingId}/outcome`, {
      outcome: 'second_level', followUp: { deskId: s.deskId, start: start.replace(/:\d\d\.\d+Z$/, ':00Z') },
    });
    await s.db.query('UPDATE desk SET max_active_per_person = 1 WHERE id = $1', [s.deskId]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.followUp.code).toMatch(/^TT01-1-/);
    const nb = await s.db.query<{ source: string; status: string }>('SELECT source, status FROM booking WHERE code = $1', [r.body.followUp.code]);
    expect(nb.rows[0]).toEqual({ source: 'staff', status: 'booked' });
  });

  it('receives live updates over Server-Sent Events', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${s.url}/api/staff/operator/events`, { headers: { cookie: carla.cookie, accept: 'text/event-stream' }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const got = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += new TextDecoder().decode(value);
        if (text.includes('event: change')) return text;
      }
    })();
    await bruno.send('DELETE', `/api/staff/operator/duty/${s.deskId}`);
    const stream = await Promise.race([got, new Promise<string>((r) => setTimeout(() => r(text), 5000))]);
    ctrl.abort();
    expect(stream).toContain('event: change');
    expect(stream).toContain(`"deskId":"${s.deskId}"`);
    // Without asking for a stream: a JSON description (e.g. for the authorisation matrix).
    expect((await carla.get('/api/staff/operator/events')).body).toMatchObject({ stream: 'text/event-stream' });
  });

  it('refuses bad input with clear 4xx and other offices with 403', async () => {
    expect((await anna.send('POST', '/api/staff/calls', {})).status).toBe(400);
    expect((await anna.send('POST', '/api/staff/calls', { bookingId: 'nope' })).status).toBe(404);
    expect((await anna.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: 'bad ext!' })).status).toBe(400);
    const como = (await s.db.query<{ id: string }>("SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'CO01' LIMIT 1")).rows[0]!.id;
    expect((await anna.send('POST', '/api/staff/operator/duty', { deskId: como })).status).toBe(403);
    expect((await urp.get(`/api/staff/agenda/desks/${s.deskId}`)).status).toBe(403);
    const put = await admin.send('PUT', `/api/staff/telephony/offices/${s.officeId}`, { adapter: 'wildix', settings: { apiKey: 'wsk-v1-secret' } });
    expect(put.status).toBe(422);
    const good = await admin.send('PUT', `/api/staff/telephony/offices/${s.officeId}`, { adapter: 'simulated', settings: { odds: { answer: 1 } }, maxAttempts: 2 });
    expect(good.body).toMatchObject({ adapter: 'simulated', maxAttempts: 2, configured: true });
  });
});
