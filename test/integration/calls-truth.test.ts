// Call records that cannot lie (issue 17 §1–2), on both databases: identity before service
// (or an explicit, counted "identity not verified"), an outcome true to the call, calls only
// inside their window and retries after the slot start, "no answer" never before the slot;
// the same rules held by the database when the code is bypassed; the follow-up's code and PIN
// and the documents needed queued to the citizen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPin } from '../../src/booking/verify-pin.js';
import { loadContexts, buildMessage } from '../../src/notifications/message.js';
import { defaultTemplate } from '../../src/notifications/templates.js';
import { markSent } from '../../src/notifications/queue.js';
import { testDatabases } from '../support/databases.js';
import { atSlot, bookToday, operatorOf, setTelephony, staffClient, startCallsServer, TODAY, type CallsServer, type Client } from './calls-support.js';

describe.each(testDatabases)('true call records on $name', (database) => {
  let s: CallsServer;
  let op: Client;
  let urp: Client;
  let bookings: Awaited<ReturnType<typeof bookToday>>;
  const items = new Map<string, any>();

  beforeAll(async () => {
    s = await startCallsServer(database);
    op = await staffClient(s, 'vera.op', operatorOf());
    urp = await staffClient(s, 'urp.vera', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'TT' } }]);
    await setTelephony(s, 'manual', {}, { maxAttempts: 2, retryDelayMinutes: 1, retryWindowMinutes: 30 });
    bookings = await bookToday(s, 16); // 10:00 … 10:70, two per 10-minute slot
    expect((await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId })).status).toBe(200);
    for (const i of (await op.get('/api/staff/operator/agenda')).body.items) items.set(i.bookingId, i);
  });
  afterAll(async () => s?.close());

  let next = 0;
  /** The next booking of the day, with its agenda item. */
  const take = () => {
    const b = bookings[next++]!;
    return { ...b, item: items.get(b.id) };
  };
  const call = async (b: { id: string }) => op.send('POST', '/api/staff/calls', { bookingId: b.id, adapter: 'manual' });
  const mark = async (callId: string, m: 'answered' | 'not_answered' | 'ended') => op.send('POST', `/api/staff/calls/${callId}/manual`, { mark: m });
  const identity = async (b: { id: string; taxCode: string; pin: string }) => op.send('POST', `/api/staff/agenda/bookings/${b.id}/identity`, { taxCode: b.taxCode, pin: b.pin });
  const outcome = async (b: { id: string }, body: Record<string, unknown>) => op.send('POST', `/api/staff/agenda/bookings/${b.id}/outcome`, body);
  /** A manual call the citizen answers and that ends (identity checked in it when asked). */
  const answered = async (b: { id: string; taxCode: string; pin: string }, o: { check?: boolean } = {}) => {
    const c = await call(b);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect((await mark(c.body.call.id, 'answered')).status).toBe(200);
    if (o.check) expect((await identity(b)).body.verified).toBe(true);
    expect((await mark(c.body.call.id, 'ended')).status).toBe(200);
    return c.body.call.id as string;
  };

  it('calls only inside the window: not before the slot start less the margin, not after the retry window', async () => {
    const b = take();
    const start = Date.parse(b.item.start);
    expect(Date.parse(b.item.callFrom)).toBe(start - 2 * 60_000);
    // The case: half an hour before the slot, the call is refused (and nothing is written).
    s.clock.now = start - 30 * 60_000;
    const early = await call(b);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'call_too_early' });
    expect(Date.parse(early.body.callFrom)).toBe(start - 2 * 60_000);
    expect((await s.db.query('SELECT 1 FROM call WHERE booking_id = $1', [b.id])).rows).toHaveLength(0);
    s.clock.now = start - 2 * 60_000 - 1000;
    expect((await call(b)).body.code).toBe('call_too_early');
    // Within the margin: allowed.
    s.clock.now = start - 2 * 60_000;
    const ok = await call(b);
    expect(ok.status).toBe(201);
    await mark(ok.body.call.id, 'answered');
    await mark(ok.body.call.id, 'ended');
    expect((await outcome(b, { outcome: 'wrong_number' })).status).toBe(200);

    // The margin is the office's, set by its admin with the rest of its telephony.
    const admin = await staffClient(s, 'capo.margine', [{ role: 'office_admin', scope: { kind: 'office', code: 'TT01' } }]);
    const path = `/api/staff/telephony/offices/${s.officeId}`;
    const current = (await admin.get(path)).body;
    expect(current.earlyCallMinutes).toBe(2);
    const { adapter, settings, maxAttempts, retryDelayMinutes, retryWindowMinutes, identityFlagFailures, secondLevelDeskId } = current;
    const setMargin = (earlyCallMinutes: unknown) => admin.send('PUT', path, { adapter, settings, maxAttempts, retryDelayMinutes, retryWindowMinutes, identityFlagFailures, secondLevelDeskId, earlyCallMinutes });
    expect((await setMargin(31)).status).toBe(400);
    const set = await setMargin(5);
    expect(set.status).toBe(200);
    expect(set.body.earlyCallMinutes).toBe(5);
    const b2 = take();
    s.clock.now = Date.parse(b2.item.start) - 5 * 60_000;
    const c2 = await call(b2);
    expect(c2.status).toBe(201);
    await mark(c2.body.call.id, 'not_answered');
    expect((await setMargin(2)).status).toBe(200);

    // After the slot end plus the 30-minute window: over.
    const b3 = take();
    s.clock.now = Date.parse(b3.item.end) + 30 * 60_000 + 1000;
    expect((await call(b3)).body.code).toBe('call_window_over');
  });

  it('the database refuses a call outside its window even when the code is bypassed', async () => {
    const b = bookings[2]!;
    const start = Date.parse(items.get(b.id).start);
    const insert = (at: number) => s.db.query(
      `INSERT INTO call (booking_id, office_id, adapter, attempt, destination, requested_at) VALUES ($1, $2, 'manual', 9, '+390200000000', $3)`,
      [b.id, s.officeId, new Date(at)],
    );
    await expect(insert(start - 3 * 60_000)).rejects.toThrow(/before its slot/);
    await expect(insert(Date.parse(items.get(b.id).end) + 31 * 60_000)).rejects.toThrow(/after its window/);
  });

  it('identity before service: a served outcome needs a passed check in that call, or a recorded reason', async () => {
    const b = take();
    atSlot(s, b.item);
    // Checked in a first call; the second call (the one the outcome closes) has no check.
    await answered(b, { check: true });
    s.clock.now += 60_000;
    await answered(b);
    const refused = await outcome(b, { outcome: 'resolved' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'identity_not_verified' });
    expect(refused.body.messages.it).toMatch(/verifica l’identità/);
    expect(refused.body.messages.en).toMatch(/check the identity/);
    // A reason from the list, never for an outcome that did not serve.
    expect((await outcome(b, { outcome: 'wrong_number', identityWaiver: 'pin_lost' })).status).toBe(422);
    expect((await outcome(b, { outcome: 'resolved', identityWaiver: 'forgot' })).status).toBe(400);
    const waived = await outcome(b, { outcome: 'resolved', identityWaiver: 'pin_lost' });
    expect(waived.status, JSON.stringify(waived.body)).toBe(200);
    const h = (await op.get(`/api/staff/agenda/bookings/${b.id}/history`)).body;
    expect(h.identityWaiver).toBe('pin_lost');
    expect(h.steps.find((x: any) => x.kind === 'identity_not_verified')).toMatchObject({ detail: 'pin_lost' });

    // Checked in the call itself: served without a reason, and none is recorded.
    const b2 = take();
    atSlot(s, b2.item);
    await answered(b2, { check: true });
    const served = await outcome(b2, { outcome: 'resolved', identityWaiver: 'representative' });
    expect(served.status).toBe(200);
    expect((await op.get(`/api/staff/agenda/bookings/${b2.id}/history`)).body.identityWaiver).toBeNull();

    // The identity check itself needs a call the citizen answered.
    const b3 = take();
    atSlot(s, b3.item);
    expect((await identity(b3)).body.code).toBe('no_connected_call');
    const c = await call(b3);
    expect((await identity(b3)).body.code).toBe('no_connected_call'); // ringing, nobody on the line yet
    await mark(c.body.call.id, 'not_answered');
    expect((await identity(b3)).body.code).toBe('no_connected_call');
  });

  it('the outcome matches the call: no answer only when nobody answered, served only when it connected', async () => {
    const b = take();
    atSlot(s, b.item);
    expect((await outcome(b, { outcome: 'no_answer' })).body.code).toBe('no_call_yet');
    expect((await outcome(b, { outcome: 'wrong_number' })).body.code).toBe('no_call_yet');
    const c = await call(b);
    await mark(c.body.call.id, 'not_answered');
    for (const o of ['resolved', 'needs_documents', 'second_level', 'cancelled_by_citizen']) {
      const r = await outcome(b, { outcome: o, identityWaiver: o === 'cancelled_by_citizen' ? undefined : 'pin_lost', documents: ['isee'] });
      expect(r.status, o).toBe(409);
      expect(r.body.code, o).toBe('call_not_connected');
    }
    const b2 = take();
    atSlot(s, b2.item);
    await answered(b2, { check: true });
    const r = await outcome(b2, { outcome: 'no_answer' });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('call_was_answered');
    expect((await outcome(b2, { outcome: 'resolved' })).status).toBe(200);
  });

  it('the database refuses an outcome that contradicts the call, or a "no answer" closed before the slot', async () => {
    const b = bookings[6]!; // its call was not answered (previous test)
    const set = (outcome: string, closedAt: Date) => s.db.query(
      "UPDATE call_assignment SET state = 'done', outcome = $2, closed_at = $3 WHERE booking_id = $1", [b.id, outcome, closedAt],
    );
    const start = Date.parse(items.get(b.id).start);
    await expect(set('resolved', new Date(start))).rejects.toThrow(/never connected/);
    await expect(set('no_answer', new Date(start - 60_000))).rejects.toThrow(/call_assignment_no_answer_after_slot|check constraint/);
    const b2 = bookings[7]!; // answered, resolved: put back to wrap-up and try "no answer"
    await s.db.query("UPDATE call_assignment SET state = 'wrap_up', outcome = NULL WHERE booking_id = $1", [b2.id]);
    await expect(s.db.query("UPDATE call_assignment SET state = 'done', outcome = 'no_answer', closed_at = ends_at WHERE booking_id = $1", [b2.id])).rejects.toThrow(/was answered/);
  });

  it('retries after the slot start; "no answer" closes only after the last attempt and never before the slot', async () => {
    const b = take();
    const start = Date.parse(b.item.start);
    s.clock.now = start - 90_000;
    let c = await call(b);
    expect(c.status).toBe(201);
    await mark(c.body.call.id, 'not_answered');
    const first = await outcome(b, { outcome: 'no_answer' });
    expect(first.body.state).toBe('retry');
    // A one-minute delay would fall before the slot: the retry is at the slot start.
    expect(Date.parse(first.body.nextAttemptAt)).toBe(start);
    s.clock.now = start - 10_000;
    expect((await call(b)).body.code).toBe('call_too_early');
    s.clock.now = start;
    c = await call(b);
    expect(c.status).toBe(201);
    await mark(c.body.call.id, 'not_answered');
    expect((await outcome(b, { outcome: 'no_answer' })).body).toMatchObject({ state: 'done', outcome: 'no_answer' });

    // One attempt only, made in the margin before the slot: not closed before the slot starts.
    await s.db.query('UPDATE office_telephony SET max_attempts = 1 WHERE office_id = $1', [s.officeId]);
    const b2 = take();
    const start2 = Date.parse(b2.item.start);
    s.clock.now = start2 - 60_000;
    c = await call(b2);
    await mark(c.body.call.id, 'not_answered');
    const tooSoon = await outcome(b2, { outcome: 'no_answer' });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.code).toBe('slot_not_started');
    s.clock.now = start2;
    expect((await outcome(b2, { outcome: 'no_answer' })).body).toMatchObject({ state: 'done', outcome: 'no_answer' });
    const closed = await s.db.query<{ closed_at: Date }>('SELECT closed_at FROM call_assignment WHERE booking_id = $1', [b2.id]);
    expect(new Date(closed.rows[0]!.closed_at).getTime()).toBe(start2);
    await s.db.query('UPDATE office_telephony SET max_attempts = 2 WHERE office_id = $1', [s.officeId]);
  });

  it('second level: books a free slot of the desk (its slot length) and queues its code and PIN to the citizen', async () => {
    await s.db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'sms'");
    await s.db.query('UPDATE desk SET max_active_per_person = 2 WHERE id = $1', [s.deskId]);
    const b = take();
    atSlot(s, b.item);
    await answered(b, { check: true });
    const slots = (await op.get(`/api/desks/${s.deskId}/slots?channel=phone&from=${TODAY}&to=${TODAY}`)).body;
    const free = slots.days.flatMap((d: any) => d.slots).filter((x: any) => x.state === 'open' && x.remaining > 0 && Date.parse(x.start) > s.clock.now + 3600_000);
    expect(free.length).toBeGreaterThan(0);
    // A time that is not a slot of the desk is refused.
    const typed = new Date(Date.parse(free[0].start) + 5 * 60_000).toISOString();
    const bad = await outcome(b, { outcome: 'second_level', followUp: { deskId: s.deskId, start: typed } });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    const r = await outcome(b, { outcome: 'second_level', followUp: { deskId: s.deskId, start: free[0].start } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(JSON.stringify(r.body)).not.toMatch(/"pin"/i);
    const nb = (await s.db.query<{ id: string; starts_at: Date; ends_at: Date }>('SELECT id, starts_at, ends_at FROM booking WHERE code = $1', [r.body.followUp.code])).rows[0]!;
    expect(new Date(nb.ends_at).getTime() - new Date(nb.starts_at).getTime()).toBe(10 * 60_000);
    const jobs = await s.db.query<{ id: string; kind: string; state: string; data: any; channel: string }>(
      'SELECT id, kind, state, data, channel FROM notification_job WHERE booking_id = $1 ORDER BY kind', [nb.id],
    );
    const confirm = jobs.rows.filter((j) => j.kind === 'booking_confirmed');
    const follow = jobs.rows.filter((j) => j.kind === 'follow_up_booked');
    expect(follow).toHaveLength(1);
    expect(confirm.every((j) => j.state === 'obsolete')).toBe(true);
    const pin = follow[0]!.data.pin as string;
    expect(pin).toMatch(/^\d{6}$/);
    // The PIN in the message is the follow-up's own: the follow-up call can be identity-checked.
    await expect(verifyPin(s.booking, { code: r.body.followUp.code, pin, actor: 'system' })).resolves.toMatchObject({ ok: true });
    const ctx = (await loadContexts(s.db, [follow[0]!.id])).get(follow[0]!.id)!;
    const msg = buildMessage({ id: follow[0]!.id, kind: 'follow_up_booked', channel: 'sms', data: follow[0]!.data }, ctx, defaultTemplate('follow_up_booked', 'it', 'sms'), undefined);
    expect(msg.text).toContain(pin);
    expect(msg.text).toContain(r.body.followUp.code);
    // Once sent, the PIN is gone from the queue.
    await markSent(s.db, follow[0]!.id, 'provider-1');
    expect((await s.db.query<{ data: any }>('SELECT data FROM notification_job WHERE id = $1', [follow[0]!.id])).rows[0]!.data.pin).toBeUndefined();
    const notice = await s.db.query<{ sent_at: Date | null }>("SELECT sent_at FROM call_notice WHERE booking_id = $1 AND kind = 'follow_up_booked'", [b.id]);
    expect(notice.rows[0]!.sent_at).toBeTruthy();
    await s.db.query('UPDATE desk SET max_active_per_person = 1 WHERE id = $1', [s.deskId]);
  });

  it("documents needed: the list ticked from the desk's documents, and how to send them, queued to the citizen", async () => {
    const agenda = (await op.get('/api/staff/operator/agenda')).body;
    const desk = agenda.desks.find((d: any) => d.deskId === s.deskId);
    expect(desk.documents.map((d: any) => d.key)).toEqual(expect.arrayContaining(['isee', 'medical']));
    const b = take();
    atSlot(s, b.item);
    await answered(b, { check: true });
    const r = await outcome(b, { outcome: 'needs_documents', documents: ['isee', 'medical'], instructions: 'Il certificato del medico curante.' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const job = (await s.db.query<{ id: string; data: any }>("SELECT id, data FROM notification_job WHERE booking_id = $1 AND kind = 'documents_needed'", [b.id])).rows[0]!;
    expect(job.data.documents.map((d: any) => d.it)).toEqual(['Attestazione ISEE in corso di validità', 'Certificato medico']);
    const ctx = (await loadContexts(s.db, [job.id])).get(job.id)!;
    const msg = buildMessage({ id: job.id, kind: 'documents_needed', channel: 'email', data: job.data }, ctx, defaultTemplate('documents_needed', 'it', 'email'), undefined);
    expect(msg.text).toContain('Attestazione ISEE');
    expect(msg.text).toContain('Certificato medico');
    expect(msg.text).toContain('MyINPS');
    expect(msg.text).toContain('medico curante');
    const h = (await op.get(`/api/staff/agenda/bookings/${b.id}/history`)).body;
    expect(h.steps.find((x: any) => x.kind === 'outcome_needs_documents')).toMatchObject({ detail: 'isee,medical' });
  });

  it("an office admin sets the desk's document list; the operator ticks from it", async () => {
    const admin = await staffClient(s, 'capo.vera', [{ role: 'office_admin', scope: { kind: 'office', code: 'TT01' } }]);
    const path = `/api/staff/agenda/desks/${s.deskId}/documents`;
    const list = { documents: [{ key: 'sr163', it: 'Modello SR163 firmato', en: 'Signed form SR163' }, { key: 'isee', it: 'ISEE', en: 'ISEE' }], sendIt: 'Via PEC alla sede.', sendEn: 'By PEC to the office.' };
    expect((await op.send('PUT', path, list)).status).toBe(403);
    expect((await admin.send('PUT', path, { ...list, documents: [...list.documents, list.documents[0]] })).status).toBe(422);
    expect((await admin.send('PUT', path, { ...list, documents: [{ key: 'Bad Key', it: 'x', en: 'x' }] })).status).toBe(400);
    const set = await admin.send('PUT', path, list);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((await op.get(path)).body).toMatchObject({ documents: list.documents, sendIt: 'Via PEC alla sede.' });
    const desk = (await op.get('/api/staff/operator/agenda')).body.desks.find((d: any) => d.deskId === s.deskId);
    expect(desk.documents.map((d: any) => d.key)).toEqual(['sr163', 'isee']);
    const b = take();
    atSlot(s, b.item);
    await answered(b, { check: true });
    expect((await outcome(b, { outcome: 'needs_documents', documents: ['medical'] })).status).toBe(422); // no longer in the list
    expect((await outcome(b, { outcome: 'needs_documents', documents: ['sr163'] })).status).toBe(200);
  });

  it('counts "identity not verified" per operator and per desk for the URP', async () => {
    const r = await urp.get(`/api/monitoring/operators?scope=office:${s.officeId}&from=${TODAY}&to=${TODAY}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.operators.find((o: any) => o.username === 'vera.op')).toMatchObject({ identityNotVerified: 1 });
    expect(r.body.desks.find((d: any) => d.deskId === s.deskId)).toMatchObject({ identityNotVerified: 1, reasons: { pin_lost: 1 } });
  });

  it('two outcomes at once for one booking: one is recorded, the other refused', async () => {
    const b = take();
    atSlot(s, b.item);
    await answered(b, { check: true });
    const [x, y] = await Promise.all([outcome(b, { outcome: 'resolved' }), outcome(b, { outcome: 'cancelled_by_citizen' })]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const rows = await s.db.query<{ kind: string }>("SELECT kind FROM booking_event WHERE booking_id = $1 AND kind LIKE 'outcome_%'", [b.id]);
    expect(rows.rows).toHaveLength(1);
  });
});
