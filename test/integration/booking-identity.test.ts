import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookPlace } from '../../src/booking/book-place.js';
import { bookingDeps, deriveBookingSecret, setContactLimit, type BookingDeps } from '../../src/booking/deps.js';
import { findBooking } from '../../src/booking/find-booking.js';
import { holdPlace } from '../../src/booking/hold-place.js';
import { checkConfirmer, checkContactCode, requestContactCode, verificationChannel } from '../../src/booking/verify-contact.js';
import { AppError } from '../../src/domain/errors.js';
import { isNationalHoliday } from '../../src/domain/schedule/holidays.js';
import { addDays } from '../../src/domain/schedule/time.js';
import { toIsoWithOffset } from '../../src/domain/schedule/zone.js';
import { taxCodeKey } from '../../src/domain/person/tax-code.js';
import { loadContexts, recipientOf } from '../../src/notifications/message.js';
import { ANONYMOUS, type Actor } from '../../src/policy/index.js';
import type { Db } from '../../src/storage/db.js';
import { holdHeaders } from '../support/challenge.js';
import { romeDay, romeTime, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';

/**
 * Issue 16, section 3: nobody books in someone else's name or learns where they booked —
 * on both databases. A probe with a victim's tax code reveals nothing and sends the details to
 * the victim's own contact; omocodic spellings are one person; one contact carries at most N
 * active web bookings, also under concurrency; one-time codes; cancel and move need the PIN;
 * a refused confirmation frees its place at once.
 */
const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

/** Omocodic spelling of a tax code: its last digit (position 15) written as a letter, the check letter computed again. */
function omocodic(taxCode: string): string {
  const letters = 'LMNPQRSTUV';
  const body = taxCode.slice(0, 14) + letters[Number(taxCode[14])]!;
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  let s = 0;
  for (let i = 0; i < 15; i++) {
    const ch = body[i]!;
    const v = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
    s += i % 2 === 0 ? odd[v]! : v;
  }
  return body + String.fromCharCode(65 + (s % 26));
}

/**
 * The tests' days: eight days in a row with no national holiday (the test desks open every
 * other day), from at least two days ahead; the clock starts at 07:00 on the day before.
 */
function firstOfEightDays(): string {
  let first = workingDay(2);
  while ([0, 1, 2, 3, 4, 5, 6, 7].some((k) => isNationalHoliday(addDays(first, k)))) first = addDays(first, 1);
  return first;
}
const FIRST = firstOfEightDays();
/** Day `n` of the eight (0 = the first) at hh:mm in Rome, as the API writes a slot's start. */
const local = (n: number, hh: number, mm = 0) => toIsoWithOffset(romeTime(addDays(FIRST, n), hh, mm));

function person(i: number, extra: Record<string, unknown> = {}) {
  return {
    taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 347 ${String(1000000 + i).slice(-7)}`, email: `p${i}@example.it`,
    language: 'it' as const, consent: true, channel: 'phone' as const, source: 'web' as const, actor: 'citizen', ...extra,
  };
}

describe.each(testDatabases)('identity and fair access on $name', (database) => {
  let db: Db;
  let deps: BookingDeps;
  let clock: number;
  let desks: string[];

  beforeAll(async () => {
    db = await database.open();
    desks = [];
    for (const code of ['ID01', 'ID02', 'ID03', 'ID04', 'ID05']) desks.push((await createTestDesk(db, { code, places: 1 })).deskId);
  });
  afterAll(async () => db.close());
  beforeEach(async () => {
    clock = romeTime(addDays(FIRST, -1), 7);
    deps = bookingDeps(db, deriveBookingSecret('x'.repeat(40)), { now: () => clock });
    await db.query("UPDATE notification_channel SET enabled = false");
    await setContactLimit(db, 3);
  });

  async function hold(deskId: string, start: string) {
    return holdPlace(deps, { deskId, startMs: at(start), channel: 'phone' });
  }
  async function book(deskId: string, start: string, p: ReturnType<typeof person>) {
    const h = await hold(deskId, start);
    return bookPlace(deps, { ...p, hold: { id: h.holdId, token: h.holdToken } });
  }
  const taken = async (deskId: string, start: string) =>
    (await db.query<{ taken: number }>('SELECT taken FROM slot WHERE desk_id = $1 AND starts_at = $2', [deskId, new Date(at(start))])).rows[0]?.taken ?? 0;

  it('a probe with a victim\'s tax code reveals nothing, frees its place at once and sends the details to the victim\'s own contact', async () => {
    await db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'email'");
    const victim = await book(desks[0]!, local(0, 9), person(1, { email: 'vittima@example.it' }));
    const h = await hold(desks[0]!, local(0, 10));
    expect(await taken(desks[0]!, local(0, 10))).toBe(1);
    const probe = person(2, { taxCode: taxCodeFor(1), email: 'curioso@example.it' });
    const err = (await bookPlace(deps, { ...probe, hold: { id: h.holdId, token: h.holdToken } }).catch((e: unknown) => e)) as AppError;
    expect([err.status, err.code, err.extra]).toEqual([409, 'already_booked', {}]);
    const said = JSON.stringify(err.messages);
    expect(said).not.toContain(victim.booking.code.slice(0, 4));
    expect(said).not.toMatch(/•••|prova|ID01/i);
    // the place is free again at once: the last place of the slot can be held by someone else
    expect(await taken(desks[0]!, local(0, 10))).toBe(0);
    expect(await codeOf(hold(desks[0]!, local(0, 10)))).toBe('ok');
    // the details go to the victim's booking, whose contact is the victim's — never the prober's
    const jobs = await db.query<{ id: string; bookingId: string; kind: string; channel: string }>(
      `SELECT id, booking_id AS "bookingId", kind, channel FROM notification_job WHERE kind = 'booking_details'`,
    );
    expect(jobs.rows).toHaveLength(1);
    const victimRow = await db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [victim.booking.code]);
    expect(jobs.rows[0]!.bookingId).toBe(victimRow.rows[0]!.id);
    const ctx = (await loadContexts(db, [jobs.rows[0]!.id])).get(jobs.rows[0]!.id)!;
    expect(recipientOf('email', ctx)).toBe('vittima@example.it');
    // probing again within the hour queues nothing more for the victim
    const h2 = await hold(desks[0]!, local(0, 11));
    expect(await codeOf(bookPlace(deps, { ...probe, hold: { id: h2.holdId, token: h2.holdToken } }))).toBe('already_booked');
    expect((await db.query("SELECT 1 FROM notification_job WHERE kind = 'booking_details'")).rows).toHaveLength(1);
    // without an existing booking the same tax code books normally (the answer differs only where it must)
    expect(await codeOf(book(desks[1]!, local(0, 9), probe))).toBe('ok');
  });

  it('omocodic spellings of one tax code are one person: booking, look-up, the key of the database', async () => {
    const plain = taxCodeFor(20);
    const other = omocodic(plain);
    expect(other).not.toBe(plain);
    expect(taxCodeKey(other)).toBe(plain);
    const made = await book(desks[2]!, local(1, 9), person(20));
    // a second booking at the same desk with the other spelling: refused as the same person
    expect(await codeOf(book(desks[2]!, local(1, 10), person(21, { taxCode: other })))).toBe('already_booked');
    // the look-up finds it with either spelling
    expect((await findBooking(deps, { code: made.booking.code, taxCode: other })).code).toBe(made.booking.code);
    const key = await db.query<{ k: string; stored: string }>('SELECT tax_code_key($1) AS k, tax_key AS stored FROM booking WHERE code = $2', [other, made.booking.code]);
    expect(key.rows[0]).toEqual({ k: plain, stored: plain });
  });

  it('one phone number carries at most N active web bookings across desks; reception is exempt; refusals are recorded', async () => {
    const phone = '+39 347 5550001';
    for (const [k, deskId] of desks.slice(0, 3).entries()) {
      expect(await codeOf(book(deskId, local(2, 9), person(40 + k, { phone, email: undefined })))).toBe('ok');
    }
    const start = local(2, 10);
    const h = await hold(desks[3]!, start);
    const err = (await bookPlace(deps, { ...person(43, { phone, email: undefined }), hold: { id: h.holdId, token: h.holdToken } }).catch((e: unknown) => e)) as AppError;
    expect([err.status, err.code, err.extra.max, err.extra.contactKind]).toEqual([409, 'contact_limit', 3, 'phone']);
    expect(await taken(desks[3]!, start)).toBe(0); // the refused hold is released at once
    // reception books for the same number all the same
    const reception = await bookPlace(deps, { ...person(44, { phone, email: undefined }), source: 'reception', actor: 'staff:x', deskId: desks[4]!, startMs: at(start) });
    expect(reception.booking.status).toBe('booked');
    const refusals = await db.query<{ contact: string; kind: string }>('SELECT contact, contact_kind AS kind FROM contact_limit_refusal');
    expect(refusals.rows).toEqual([{ contact: '+393475550001', kind: 'phone' }]);
    // the e-mail address counts too (lower-cased)
    for (const [k, deskId] of desks.slice(0, 3).entries()) {
      expect(await codeOf(book(deskId, local(3, 9), person(50 + k, { email: 'Stessa@Example.it' })))).toBe('ok');
    }
    expect(await codeOf(book(desks[3]!, local(3, 9), person(53, { email: 'stessa@example.it' })))).toBe('contact_limit');
  });

  it('concurrent confirmations from one phone never go past the limit', async () => {
    await setContactLimit(db, 2);
    const phone = '+39 347 5550002';
    const start = local(4, 9);
    const holds = await Promise.all(desks.map((d) => hold(d, start)));
    const later = await Promise.all(desks.map((d) => hold(d, local(4, 9, 10))));
    const all = [...holds, ...later];
    // ten people (distinct tax codes) from one phone, all at once: batched and direct paths together
    const settled = await Promise.allSettled(all.map((h, k) => bookPlace(deps, { ...person(60 + k, { phone, email: undefined }), hold: { id: h.holdId, token: h.holdToken } })));
    const codes = settled.map((s) => (s.status === 'fulfilled' ? 'ok' : (s.reason as AppError).code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(2);
    expect(codes.filter((c) => c === 'contact_limit')).toHaveLength(8);
    const active = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE phone = '+393475550002' AND status = 'booked'");
    expect(active.rows[0]!.n).toBe(2);
    const held = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE status = 'held' AND starts_at IN ($1, $2)", [new Date(at(start)), new Date(at(local(4, 9, 10)))]);
    expect(held.rows[0]!.n).toBe(0);
  });

  it('one-time code: asked only when a channel carries it; wrong code, attempts, expiry, rate limit; a verified contact confirms', async () => {
    const start = local(5, 9);
    expect(await verificationChannel(deps, desks[0]!)).toBeNull();
    await db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'email'");
    clock += 10_000; // past the few seconds the channel state is kept
    expect(await verificationChannel(deps, desks[0]!)).toBe('email');
    const h = await hold(desks[0]!, start);
    const p = person(80, { email: 'verifica@example.it' });
    const confirm = { ...p, hold: { id: h.holdId, token: h.holdToken } };
    expect(await codeOf(checkConfirmer(deps, ANONYMOUS, confirm))).toBe('contact_not_verified');
    const ask = () => requestContactCode(deps, { holdId: h.holdId, token: h.holdToken, email: p.email, language: 'it' });
    const sent = await ask();
    expect([sent.channel, sent.sentTo]).toEqual(['email', 'v•••@example.it']);
    const job = await db.query<{ data: { code: string }; channel: string }>("SELECT data, channel FROM notification_job WHERE kind = 'contact_code' AND event_key = $1", [`contact_code:${sent.verificationId}`]);
    expect(job.rows.map((j) => j.channel)).toEqual(['email']);
    const code = job.rows[0]!.data.code;
    expect(code).toMatch(/^\d{6}$/);
    const stored = await db.query<{ codeHash: string }>('SELECT code_hash AS "codeHash" FROM contact_verification WHERE id = $1', [sent.verificationId]);
    expect(stored.rows[0]!.codeHash).not.toContain(code);
    const wrong = code === '000000' ? '111111' : '000000';
    const check = (c: string, id = sent.verificationId) => checkContactCode(deps, { holdId: h.holdId, token: h.holdToken, verificationId: id, code: c });
    const bad = (await check(wrong).catch((e: unknown) => e)) as AppError;
    expect([bad.code, bad.extra.attemptsLeft]).toEqual(['bad_code', 4]);
    for (let k = 0; k < 4; k++) await check(wrong).catch(() => undefined);
    expect(await codeOf(check(code))).toBe('code_expired'); // spent after five wrong tries
    // a new code: expires after ten minutes
    const second = await ask();
    clock += 11 * MIN;
    const hLate = await hold(desks[1]!, start); // (the first hold lapsed with the clock too)
    expect(await codeOf(check('123456', second.verificationId))).toBe('hold_not_found');
    // three codes per contact within 15 minutes at most
    const askLate = () => requestContactCode(deps, { holdId: hLate.holdId, token: hLate.holdToken, email: p.email, language: 'it' });
    const third = await askLate();
    expect(await codeOf(askLate())).toBe('too_many_codes');
    const thirdCode = (await db.query<{ data: { code: string } }>('SELECT data FROM notification_job WHERE event_key = $1', [`contact_code:${third.verificationId}`])).rows[0]!.data.code;
    clock += 11 * MIN;
    const hExp = await hold(desks[2]!, start);
    const fourth = await requestContactCode(deps, { holdId: hExp.holdId, token: hExp.holdToken, email: p.email, language: 'it' });
    const fourthCode = (await db.query<{ data: { code: string } }>('SELECT data FROM notification_job WHERE event_key = $1', [`contact_code:${fourth.verificationId}`])).rows[0]!.data.code;
    expect(thirdCode).toMatch(/^\d{6}$/);
    clock += 10 * MIN + 1_000;
    const hNew = await hold(desks[3]!, start);
    expect(await codeOf(checkContactCode(deps, { holdId: hExp.holdId, token: hExp.holdToken, verificationId: fourth.verificationId, code: fourthCode }))).toBe('hold_not_found');
    // the right code in time: verified, and the confirmation goes through; the code leaves the queue's row
    const fifth = await requestContactCode(deps, { holdId: hNew.holdId, token: hNew.holdToken, email: p.email, language: 'it' });
    const fifthCode = (await db.query<{ data: { code: string } }>('SELECT data FROM notification_job WHERE event_key = $1', [`contact_code:${fifth.verificationId}`])).rows[0]!.data.code;
    clock += 9 * MIN;
    expect(await checkContactCode(deps, { holdId: hNew.holdId, token: hNew.holdToken, verificationId: fifth.verificationId, code: fifthCode })).toEqual({ verified: true });
    expect((await db.query('SELECT data FROM notification_job WHERE event_key = $1', [`contact_code:${fifth.verificationId}`])).rows[0]).toEqual({ data: {} });
    const okConfirm = { ...p, hold: { id: hNew.holdId, token: hNew.holdToken } };
    // another e-mail than the verified one is not verified
    expect(await codeOf(checkConfirmer(deps, ANONYMOUS, { ...okConfirm, email: 'altro@example.it' }))).toBe('contact_not_verified');
    expect(await checkConfirmer(deps, ANONYMOUS, okConfirm)).toBe(p.taxCode);
    expect((await bookPlace(deps, okConfirm)).booking.status).toBe('booked');
  });

  it('a code expires after ten minutes while its hold lives on', async () => {
    await db.query("UPDATE desk SET hold_minutes = 30 WHERE id = $1", [desks[4]!]);
    deps.calendars.invalidate();
    await db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'sms'");
    const h = await hold(desks[4]!, local(6, 9));
    const sent = await requestContactCode(deps, { holdId: h.holdId, token: h.holdToken, phone: '347 555 0009', language: 'en' });
    expect([sent.channel, sent.sentTo]).toEqual(['sms', '+39•••009']);
    const code = (await db.query<{ data: { code: string } }>('SELECT data FROM notification_job WHERE event_key = $1', [`contact_code:${sent.verificationId}`])).rows[0]!.data.code;
    clock += 10 * MIN + 1;
    expect(await codeOf(checkContactCode(deps, { holdId: h.holdId, token: h.holdToken, verificationId: sent.verificationId, code }))).toBe('code_expired');
  });

  it('a citizen signed in with SPID/CIE skips the code and books only with their own tax code', async () => {
    await db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'email'");
    clock += 10_000;
    const h = await hold(desks[1]!, local(7, 9));
    const citizen: Actor = { kind: 'citizen', taxCode: taxCodeFor(90), name: null };
    const input = { ...person(90), hold: { id: h.holdId, token: h.holdToken } };
    expect(await codeOf(checkConfirmer(deps, citizen, { ...input, taxCode: taxCodeFor(91) }))).toBe('tax_code_mismatch');
    expect(await checkConfirmer(deps, citizen, { ...input, taxCode: omocodic(taxCodeFor(90)) })).toBe(taxCodeFor(90));
    expect(await codeOf(checkConfirmer(deps, ANONYMOUS, input))).toBe('contact_not_verified');
  });
});

describe.each(testDatabases)('cancel and move over HTTP on $name', (database) => {
  let server: TestServer;
  let deskId: string;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
      .then(async (r) => ({ status: r.status, body: await r.json() as any }));

  beforeAll(async () => {
    server = await startTestServer({ database });
    deskId = (await createTestDesk(server.db, { code: 'PN01', places: 1 })).deskId;
  });
  afterAll(async () => server.close());

  const day = (n: number) => addDays(romeDay(server.now()), n);

  it('cancel and move need code + tax code + PIN; wrong PINs count towards the lock; a refused booking names nothing', async () => {
    const slots = await fetch(`${server.url}/api/desks/${deskId}/slots?from=${day(2)}&to=${day(3)}`).then((r) => r.json() as Promise<any>);
    const open: string[] = slots.days.flatMap((d: any) => d.slots.filter((s: any) => s.state === 'open').map((s: any) => s.start));
    const hold = await post(`/api/desks/${deskId}/holds`, { start: open[0], channel: 'phone' }, await holdHeaders(server.url, deskId));
    const taxCode = taxCodeFor(300);
    const made = await post('/api/bookings', {
      hold: { id: hold.body.holdId, token: hold.body.holdToken }, taxCode, fullName: 'Persona 300', phone: '+39 347 5553000',
      channel: 'phone', language: 'it', consent: true,
    });
    expect(made.status).toBe(201);
    const { code } = made.body.booking;
    const { pin } = made.body;
    const wrong = pin === '000000' ? '111111' : '000000';
    // the API asks for the PIN
    expect((await post('/api/bookings/cancel', { code, taxCode })).status).toBe(400);
    const bad = await post('/api/bookings/cancel', { code, taxCode, pin: wrong });
    expect([bad.status, bad.body.code, bad.body.attemptsLeft]).toEqual([401, 'bad_pin', 4]);
    // a wrong tax code with a wrong PIN: not found, and it does not count
    expect((await post('/api/bookings/move', { code, taxCode: taxCodeFor(301), pin: wrong, start: open[1] })).body.code).toBe('booking_not_found');
    const failures = await server.db.query<{ n: number }>('SELECT pin_failures AS n FROM booking WHERE code = $1', [code]);
    expect(failures.rows[0]!.n).toBe(1);
    const moved = await post('/api/bookings/move', { code, taxCode, pin, start: open[1] }, { 'idempotency-key': 'move-0001' });
    expect([moved.status, moved.body.start]).toEqual([200, open[1]]);
    // the calendar file the citizen downloads follows the move: same event, a higher SEQUENCE
    const calendar = () => fetch(`${server.url}/api/bookings/calendar`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, taxCode }) }).then((r) => r.text());
    const afterMove = await calendar();
    expect(afterMove).toContain(`UID:${code}@sportello`);
    expect(afterMove).toContain('SEQUENCE:1\r\n');
    expect(afterMove).toContain(`DTSTART:${new Date(open[1]!).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`);
    // a second booking at the desk with the same person: the generic answer, and the place freed
    const hold2 = await post(`/api/desks/${deskId}/holds`, { start: open[2], channel: 'phone' }, await holdHeaders(server.url, deskId));
    const again = await post('/api/bookings', {
      hold: { id: hold2.body.holdId, token: hold2.body.holdToken }, taxCode: omocodic(taxCode), fullName: 'Altro', phone: '+39 347 5553001',
      channel: 'phone', language: 'it', consent: true,
    });
    expect([again.status, again.body.code, again.body.existingCode]).toEqual([409, 'already_booked', undefined]);
    expect(JSON.stringify(again.body)).not.toContain('PN01');
    expect((await post(`/api/desks/${deskId}/holds`, { start: open[2], channel: 'phone' }, await holdHeaders(server.url, deskId))).status).toBe(201);
    const cancelled = await post('/api/bookings/cancel', { code, taxCode, pin }, { 'idempotency-key': 'cancel-0001' });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    const afterCancel = await calendar();
    expect(afterCancel).toContain('METHOD:CANCEL\r\n');
    expect(afterCancel).toContain('SEQUENCE:2\r\n');
    // its retry replays the answer
    const replay = await post('/api/bookings/cancel', { code, taxCode, pin }, { 'idempotency-key': 'cancel-0001' });
    expect([replay.status, replay.body.status]).toEqual([200, 'cancelled']);
  });
});
