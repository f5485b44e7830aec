// E-mail notifications end to end: bookings change → jobs queued by the database in the same
// transaction → the worker sends them over SMTP to a real SMTP server (smtp-server) started
// here → messages parsed with mailparser: subject, bodies, the .ics time on the day summer
// time ends; reminders keyed to the current start; cancelled/moved bookings get no stale
// reminder; bad addresses are undeliverable; an SMTP outage delays messages and loses none.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cancelBooking } from '../../src/booking/cancel-booking.js';
import { moveBooking } from '../../src/booking/move-booking.js';
import type { BookingDeps } from '../../src/booking/deps.js';
import { emailChannel } from '../../src/notifications/channels/email.js';
import { enqueueDeskDelay, enqueueNotification } from '../../src/notifications/queue.js';
import { NotificationWorker } from '../../src/notifications/worker.js';
import { startNotificationWorker } from '../../src/notifications/settings.js';
import { loadConfig } from '../../src/platform/config.js';
import { pgErrorCode, type Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { book, enableChannels, jobsOf, startSmtp, testBookingDeps, type TestSmtp } from './notifications-support.js';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
// 31 October 2027: summer time ends in Rome at 03:00 (→ 02:00); 10:00 local is 09:00 UTC.
const DST_DAY_10 = '2027-10-31T10:00:00+01:00';

describe.each(testDatabases)('e-mail notifications on $name', (database) => {
  let db: Db;
  let smtp: TestSmtp;
  let deps: BookingDeps;
  let deskId: string;
  let clock: number;
  let worker: NotificationWorker;
  let n = 0;

  beforeAll(async () => {
    db = await database.open();
    smtp = await startSmtp();
    deps = testBookingDeps(db);
    ({ deskId } = await createTestDesk(db, { code: 'NT01' }));
    await db.query("UPDATE desk SET caller_phone = '+390280001234' WHERE id = $1", [deskId]);
    await enableChannels(db, { email: true });
  });
  afterAll(async () => {
    await worker?.close();
    await smtp.close();
    await db.close();
  });
  beforeEach(async () => {
    await worker?.close();
    clock = Date.now();
    smtp.messages.length = 0;
    smtp.raw.length = 0;
    worker = new NotificationWorker({
      db, adapters: { email: emailChannel({ url: smtp.url, from: 'INPS Sportello <noreply@sportello.test>' }) },
      publicUrl: 'https://sportello.example', now: () => Math.max(clock, Date.now()), concurrency: 4,
    });
  });

  const next = () => ++n;
  /** Messages to person p (tests share the desk, and the clock moves). */
  const to = (p: number) => smtp.messages.filter((m) => (m.to && 'text' in m.to ? m.to.text : '').includes(`persona${p}@`));

  it('confirms a booking on the day summer time ends: subject, bodies, .ics in UTC, no PIN', async () => {
    const p = next();
    const b = await book(deps, deskId, at(DST_DAY_10), p);
    const s = await worker.drain();
    expect(s.sent).toBe(1);
    expect(to(p)).toHaveLength(1);
    const m = to(p)[0]!;
    expect(m.subject).toBe('Prenotazione confermata: domenica 31 ottobre 2027 alle 10:00');
    expect(m.to && 'text' in m.to ? m.to.text : '').toContain(`persona${n}@example.it`);
    expect(m.text).toContain(`Codice prenotazione: ${b.booking.code}`);
    expect(m.text).toContain('dal numero +390280001234');
    expect(m.text).toContain('https://sportello.example/prenotazione');
    expect(m.html).toContain(`<strong>Codice prenotazione:</strong> ${b.booking.code}`);
    expect(m.headers.get('auto-submitted')).toBe('auto-generated');
    const ics = m.attachments.find((a) => a.filename === 'appuntamento.ics');
    expect(ics?.contentType).toBe('text/calendar');
    const cal = ics!.content.toString('utf8');
    expect(cal).toContain('DTSTART:20271031T090000Z'); // 10:00 in Rome after the change (UTC+1)
    expect(cal).toContain(`UID:${b.booking.code}@sportello`);
    expect(cal).toContain('METHOD:PUBLISH');
    for (const part of [m.text ?? '', String(m.html), cal, m.subject ?? '']) expect(part).not.toContain(b.pin);
    // The queue keeps no personal data: the job names the booking only.
    const jobs = await db.query('SELECT * FROM notification_job WHERE booking_id = (SELECT id FROM booking WHERE code = $1)', [b.booking.code]);
    expect(JSON.stringify(jobs.rows)).not.toMatch(/example\.it|\+39347|RSS/);
  });

  it('writes English to an English booking', async () => {
    const p = next();
    await book(deps, deskId, at('2027-10-31T11:00:00+01:00'), p, { language: 'en' });
    await worker.drain();
    const m = to(p)[0]!;
    expect(m.subject).toBe('Booking confirmed: Sunday, 31 October 2027 at 11:00');
    expect(m.attachments[0]!.filename).toBe('appointment.ics');
    expect(m.attachments[0]!.content.toString()).toContain('DTSTART:20271031T100000Z');
  });

  it('sends the reminders 24 h and 1 h before, at their time, each once, without the PIN', async () => {
    const p = next();
    const b = await book(deps, deskId, at('2027-10-31T09:00:00+01:00'), p);
    await worker.drain();
    expect(to(p)).toHaveLength(1); // the confirmation only: reminders are not due yet
    clock = at('2027-10-30T08:59:00Z'); // 24 h before is 08:00Z on the 30th (09:00 in Rome, still summer time)
    await worker.drain();
    const reminders = to(p).filter((m) => m.subject?.startsWith('Promemoria'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.subject).toBe('Promemoria: appuntamento INPS domenica 31 ottobre 2027 alle 09:00');
    expect(reminders[0]!.text).toContain(b.booking.code);
    expect(reminders[0]!.text).not.toContain(b.pin);
    expect(reminders[0]!.attachments[0]!.content.toString()).toContain('DTSTART:20271031T080000Z');
    await worker.drain(); // nothing more
    clock = at('2027-10-31T07:01:00Z'); // 1 h before
    await worker.drain();
    await worker.drain();
    expect(to(p).filter((m) => m.subject?.startsWith('Promemoria'))).toHaveLength(2);
    expect(await jobsOf(db, "kind = 'reminder' AND state <> 'sent' AND booking_id = (SELECT id FROM booking WHERE code = $1)", [b.booking.code])).toEqual([]);
  });

  it('a moved booking: the move is announced, old reminders never go out, new ones follow the new start', async () => {
    const p = next();
    const b = await book(deps, deskId, at('2027-10-31T14:00:00+01:00'), p);
    await worker.drain();
    const moved = await moveBooking(deps, { code: b.booking.code, who: { taxCode: taxCodeFor(p) }, startMs: at('2027-10-31T15:00:00+01:00'), actor: 'citizen' });
    expect(moved.start).toBe('2027-10-31T15:00:00+01:00');
    await worker.drain();
    const m = to(p).find((x) => x.subject?.startsWith('Prenotazione spostata'));
    expect(m?.subject).toBe('Prenotazione spostata: domenica 31 ottobre 2027 alle 15:00');
    expect(m?.text).toContain('Prima: domenica 31 ottobre 2027 alle 14:00');
    const cal = m!.attachments[0]!.content.toString();
    expect(cal).toContain('DTSTART:20271031T140000Z');
    expect(cal).toContain('SEQUENCE:1');
    // At the old 1 h reminder's time nothing goes; at the new one's, exactly one.
    smtp.messages.length = 0;
    clock = at('2027-10-31T12:30:00Z');
    await worker.drain();
    expect(to(p).map((x) => x.subject)).toEqual(['Promemoria: appuntamento INPS domenica 31 ottobre 2027 alle 15:00']);
    const stale = await jobsOf(db, "kind = 'reminder' AND state = 'obsolete' AND booking_id = (SELECT id FROM booking WHERE code = $1)", [b.booking.code]);
    expect(stale).toHaveLength(2);
  });

  it('a cancelled booking: the cancellation goes out with a cancelling .ics, its reminders never do', async () => {
    const p = next();
    const b = await book(deps, deskId, at('2027-10-31T16:00:00+01:00'), p);
    await cancelBooking(deps, { code: b.booking.code, who: { taxCode: taxCodeFor(p) }, actor: 'citizen' });
    clock = at('2027-10-31T14:30:00Z'); // past both reminder times
    await worker.drain();
    const subjects = to(p).map((x) => x.subject);
    expect(subjects).toEqual([`Prenotazione annullata: ${b.booking.code}`]); // the confirmation was superseded before it went out
    const cal = to(p)[0]!.attachments[0]!.content.toString();
    expect(cal).toContain('METHOD:CANCEL');
    expect(cal).toContain('STATUS:CANCELLED');
  });

  it('checks again at send time: a reminder queued for a cancelled booking is dropped, not sent', async () => {
    const p = next();
    const b = await book(deps, deskId, at('2027-10-31T17:00:00+01:00'), p);
    await worker.drain();
    await cancelBooking(deps, { code: b.booking.code, who: { taxCode: taxCodeFor(p) }, actor: 'citizen' });
    await worker.drain();
    smtp.messages.length = 0;
    // As if the trigger had missed it: the reminders are pending again.
    await db.query("UPDATE notification_job SET state = 'pending' WHERE kind = 'reminder' AND booking_id = (SELECT id FROM booking WHERE code = $1)", [b.booking.code]);
    clock = at('2027-10-31T15:30:00Z');
    const s = await worker.drain();
    expect(s.obsolete).toBeGreaterThanOrEqual(2);
    expect(to(p)).toHaveLength(0);
  });

  it('one send per event and channel is a database invariant', async () => {
    const p = next();
    const b = await book(deps, deskId, at('2027-10-30T10:00:00+02:00'), p);
    const id = (await db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [b.booking.code])).rows[0]!.id;
    expect(await enqueueNotification(db, { bookingId: id, kind: 'no_answer', key: id, data: { attempts: 3 } })).toBe(1);
    expect(await enqueueNotification(db, { bookingId: id, kind: 'no_answer', key: id, data: { attempts: 3 } })).toBe(0);
    const err = await db
      .query("INSERT INTO notification_job (event_key, kind, channel, booking_id, starts_at, expires_at) SELECT event_key, kind, channel, booking_id, starts_at, expires_at FROM notification_job WHERE kind = 'no_answer' AND booking_id = $1", [id])
      .catch((e: unknown) => e);
    expect(pgErrorCode(err)).toBe('23505');
    // A delay notice for the desk's bookings in a window, once per delay key.
    const from = new Date(at('2027-10-30T09:00:00+02:00'));
    const until = new Date(at('2027-10-30T12:00:00+02:00'));
    expect(await enqueueDeskDelay(db, { deskId, delayMinutes: 20, from, to: until, key: 'incident-1' })).toBe(1);
    expect(await enqueueDeskDelay(db, { deskId, delayMinutes: 20, from, to: until, key: 'incident-1' })).toBe(0);
    await worker.drain();
    const subjects = to(p).map((x) => x.subject);
    expect(subjects).toContain(`Ti abbiamo cercato: prenotazione ${b.booking.code}`);
    expect(subjects).toContain('Appuntamento INPS in ritardo di circa 20 minuti');
    expect(to(p).find((x) => x.subject?.startsWith('Ti abbiamo'))!.text).toContain('dopo 3 tentativi');
  });

  it('an address the server refuses is undeliverable at once, never retried, its error masked', async () => {
    const p = next();
    smtp.refuse.add(`persona${p}@example.it`);
    const b = await book(deps, deskId, at('2027-10-29T10:00:00+02:00'), p);
    const s = await worker.drain();
    expect(s.undeliverable).toBe(1);
    const [job] = await jobsOf(db, "booking_id = (SELECT id FROM booking WHERE code = $1) AND kind = 'booking_confirmed'", [b.booking.code]);
    expect(job).toMatchObject({ state: 'undeliverable', attempts: 1 });
    expect(job!.lastError).toMatch(/550/);
    expect(job!.lastError).not.toContain(`persona${p}@`);
    clock += 24 * 3600_000;
    expect((await worker.drain()).claimed).toBe(0);
  });

  it('the worker started from the configuration (as the server and notify-worker do) sends on its own', async () => {
    await enableChannels(db, {});
    const running = await startNotificationWorker(db, loadConfig({ SMTP_URL: smtp.url, SMTP_FROM: 'INPS <noreply@sportello.test>', NOTIFY_POLL_MS: '100', EMAIL_EVENTS: 'booking_confirmed,booking_cancelled' }));
    try {
      const channels = await db.query<{ channel: string; enabled: boolean; kinds: string[] }>('SELECT channel, enabled, kinds FROM notification_channel ORDER BY channel');
      expect(channels.rows).toEqual([
        { channel: 'appio', enabled: false, kinds: expect.any(Array) },
        { channel: 'email', enabled: true, kinds: ['booking_confirmed', 'booking_cancelled'] },
        { channel: 'sms', enabled: false, kinds: expect.any(Array) },
      ]);
      const p = next();
      await book(deps, deskId, at('2027-10-27T10:00:00+02:00'), p);
      for (let i = 0; i < 100 && to(p).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(to(p).map((m) => m.subject)).toEqual(['Prenotazione confermata: mercoledì 27 ottobre 2027 alle 10:00']);
    } finally {
      await running.close();
      await enableChannels(db, { email: true });
    }
  });

  it('an SMTP outage delays messages and loses none', async () => {
    const port = smtp.port;
    await smtp.close();
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await book(deps, deskId, at(`2027-10-28T1${i}:00:00+02:00`), next())).booking.code);
    const s = await worker.drain();
    expect(s.sent).toBe(0);
    const waiting = await jobsOf(db, "kind = 'booking_confirmed' AND booking_id IN (SELECT id FROM booking WHERE code = ANY($1))", [codes]);
    expect(waiting.map((j) => [j.state, j.attempts])).toEqual([['pending', 0], ['pending', 0], ['pending', 0]]);
    // Still down a while later: still waiting, no attempt used up.
    clock += 10 * MIN;
    await worker.drain();
    expect((await jobsOf(db, "state = 'pending' AND attempts = 0 AND kind = 'booking_confirmed' AND booking_id IN (SELECT id FROM booking WHERE code = ANY($1))", [codes]))).toHaveLength(3);
    // Back up (same port): everything goes.
    smtp = await startSmtp(port);
    clock += 10 * MIN;
    await worker.drain();
    await worker.drain();
    expect(smtp.messages.map((m) => m.subject).filter((x) => x?.startsWith('Prenotazione confermata'))).toHaveLength(3);
    expect(await jobsOf(db, "state <> 'sent' AND kind = 'booking_confirmed' AND booking_id IN (SELECT id FROM booking WHERE code = ANY($1))", [codes])).toEqual([]);
  });
});
