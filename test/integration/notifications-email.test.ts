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
import { romeDay, romeTime } from '../support/clock.js';
import { addDays, weekdayOf } from '../../src/domain/schedule/time.js';
import { toIsoWithOffset } from '../../src/domain/schedule/zone.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { book, enableChannels, jobsOf, startSmtp, testBookingDeps, type TestSmtp } from './notifications-support.js';

const MIN = 60_000;
const HOUR = 3_600_000;

/**
 * The next day summer time ends in Rome (the last Sunday of October, 03:00 → 02:00) at least a
 * week ahead, so that the days before it used below are still ahead too.
 */
function nextAutumnChange(fromMs = Date.now()): string {
  const earliest = addDays(romeDay(fromMs), 7);
  for (let year = Number(earliest.slice(0, 4)); ; year++) {
    let day = `${year}-10-31`;
    while (weekdayOf(day) !== 7) day = addDays(day, -1);
    if (day >= earliest) return day;
  }
}
/** The change day (a Sunday) and the days before it. */
const DST = nextAutumnChange();
const [WED, THU, FRI, SAT] = [-4, -3, -2, -1].map((d) => addDays(DST, d)) as [string, string, string, string];
/** How the messages write a date: "domenica 31 ottobre 2027", "Sunday, 31 October 2027". */
const dateIt = (ms: number) => new Intl.DateTimeFormat('it-IT', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Rome' }).format(ms);
const dateEn = (ms: number) => {
  const part = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { ...o, timeZone: 'Europe/Rome' }).format(ms);
  return `${part({ weekday: 'long' })}, ${part({ day: 'numeric' })} ${part({ month: 'long' })} ${part({ year: 'numeric' })}`;
};
/** An instant as an .ics DTSTART in UTC: "20271031T090000Z". */
const icsUtc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

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
    // The change day can be more than a year away (the test desk books a year ahead): the
    // booking clock is then moved on, never back, to 300 days before it.
    deps = testBookingDeps(db, () => Math.max(Date.now(), romeTime(DST, 0) - 300 * 86_400_000));
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
    const b = await book(deps, deskId, romeTime(DST, 10), p);
    const s = await worker.drain();
    expect(s.sent).toBe(1);
    expect(to(p)).toHaveLength(1);
    const m = to(p)[0]!;
    expect(m.subject).toBe(`Prenotazione confermata: ${dateIt(romeTime(DST, 10))} alle 10:00`);
    expect(m.to && 'text' in m.to ? m.to.text : '').toContain(`persona${n}@example.it`);
    expect(m.text).toContain(`Codice prenotazione: ${b.booking.code}`);
    expect(m.text).toContain('dal numero +390280001234');
    expect(m.text).toContain('https://sportello.example/prenotazione');
    expect(m.html).toContain(`<strong>Codice prenotazione:</strong> ${b.booking.code}`);
    expect(m.headers.get('auto-submitted')).toBe('auto-generated');
    const ics = m.attachments.find((a) => a.filename === 'appuntamento.ics');
    expect(ics?.contentType).toBe('text/calendar');
    const cal = ics!.content.toString('utf8');
    expect(cal).toContain(`DTSTART:${icsUtc(romeTime(DST, 10))}`); // 10:00 in Rome after the change (UTC+1)
    expect(romeTime(DST, 10) - romeTime(SAT, 10)).toBe(25 * HOUR); // the night the clocks went back
    expect(cal).toContain(`UID:${b.booking.code}@sportello`);
    expect(cal).toContain('METHOD:PUBLISH');
    for (const part of [m.text ?? '', String(m.html), cal, m.subject ?? '']) expect(part).not.toContain(b.pin);
    // The queue keeps no personal data: the job names the booking only.
    const jobs = await db.query('SELECT * FROM notification_job WHERE booking_id = (SELECT id FROM booking WHERE code = $1)', [b.booking.code]);
    expect(JSON.stringify(jobs.rows)).not.toMatch(/example\.it|\+39347|RSS/);
  });

  it('writes English to an English booking', async () => {
    const p = next();
    await book(deps, deskId, romeTime(DST, 11), p, { language: 'en' });
    await worker.drain();
    const m = to(p)[0]!;
    expect(m.subject).toBe(`Booking confirmed: ${dateEn(romeTime(DST, 11))} at 11:00`);
    expect(m.attachments[0]!.filename).toBe('appointment.ics');
    expect(m.attachments[0]!.content.toString()).toContain(`DTSTART:${icsUtc(romeTime(DST, 11))}`);
  });

  it('sends the reminders 24 h and 1 h before, at their time, each once, without the PIN', async () => {
    const p = next();
    const b = await book(deps, deskId, romeTime(DST, 9), p);
    await worker.drain();
    expect(to(p)).toHaveLength(1); // the confirmation only: reminders are not due yet
    clock = romeTime(DST, 9) - 24 * HOUR + 59 * MIN; // 24 h before is 09:00 in Rome the day before (still summer time)
    await worker.drain();
    const reminders = to(p).filter((m) => m.subject?.startsWith('Promemoria'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.subject).toBe(`Promemoria: appuntamento INPS ${dateIt(romeTime(DST, 9))} alle 09:00`);
    expect(reminders[0]!.text).toContain(b.booking.code);
    expect(reminders[0]!.text).not.toContain(b.pin);
    expect(reminders[0]!.attachments[0]!.content.toString()).toContain(`DTSTART:${icsUtc(romeTime(DST, 9))}`);
    await worker.drain(); // nothing more
    clock = romeTime(DST, 9) - 59 * MIN; // 1 h before
    await worker.drain();
    await worker.drain();
    expect(to(p).filter((m) => m.subject?.startsWith('Promemoria'))).toHaveLength(2);
    expect(await jobsOf(db, "kind = 'reminder' AND state <> 'sent' AND booking_id = (SELECT id FROM booking WHERE code = $1)", [b.booking.code])).toEqual([]);
  });

  it('a moved booking: the move is announced, old reminders never go out, new ones follow the new start', async () => {
    const p = next();
    const b = await book(deps, deskId, romeTime(DST, 14), p);
    await worker.drain();
    const moved = await moveBooking(deps, { code: b.booking.code, who: { taxCode: taxCodeFor(p) }, startMs: romeTime(DST, 15), actor: 'citizen' });
    expect(moved.start).toBe(toIsoWithOffset(romeTime(DST, 15)));
    expect(moved.start).toMatch(/T15:00:00\+01:00$/);
    await worker.drain();
    const m = to(p).find((x) => x.subject?.startsWith('Prenotazione spostata'));
    expect(m?.subject).toBe(`Prenotazione spostata: ${dateIt(romeTime(DST, 15))} alle 15:00`);
    expect(m?.text).toContain(`Prima: ${dateIt(romeTime(DST, 14))} alle 14:00`);
    const cal = m!.attachments[0]!.content.toString();
    expect(cal).toContain(`DTSTART:${icsUtc(romeTime(DST, 15))}`);
    expect(cal).toContain('SEQUENCE:1');
    // At the old 1 h reminder's time nothing goes; at the new one's, exactly one.
    smtp.messages.length = 0;
    clock = romeTime(DST, 13, 30);
    await worker.drain();
    expect(to(p).map((x) => x.subject)).toEqual([`Promemoria: appuntamento INPS ${dateIt(romeTime(DST, 15))} alle 15:00`]);
    const stale = await jobsOf(db, "kind = 'reminder' AND state = 'obsolete' AND booking_id = (SELECT id FROM booking WHERE code = $1)", [b.booking.code]);
    expect(stale).toHaveLength(2);
  });

  it('a cancelled booking: the cancellation goes out with a cancelling .ics, its reminders never do', async () => {
    const p = next();
    const b = await book(deps, deskId, romeTime(DST, 16), p);
    await cancelBooking(deps, { code: b.booking.code, who: { taxCode: taxCodeFor(p) }, actor: 'citizen' });
    clock = romeTime(DST, 15, 30); // past both reminder times
    await worker.drain();
    const subjects = to(p).map((x) => x.subject);
    expect(subjects).toEqual([`Prenotazione annullata: ${b.booking.code}`]); // the confirmation was superseded before it went out
    const cal = to(p)[0]!.attachments[0]!.content.toString();
    expect(cal).toContain('METHOD:CANCEL');
    expect(cal).toContain('STATUS:CANCELLED');
  });

  it('checks again at send time: a reminder queued for a cancelled booking is dropped, not sent', async () => {
    const p = next();
    const b = await book(deps, deskId, romeTime(DST, 17), p);
    await worker.drain();
    await cancelBooking(deps, { code: b.booking.code, who: { taxCode: taxCodeFor(p) }, actor: 'citizen' });
    await worker.drain();
    smtp.messages.length = 0;
    // As if the trigger had missed it: the reminders are pending again.
    await db.query("UPDATE notification_job SET state = 'pending' WHERE kind = 'reminder' AND booking_id = (SELECT id FROM booking WHERE code = $1)", [b.booking.code]);
    clock = romeTime(DST, 16, 30);
    const s = await worker.drain();
    expect(s.obsolete).toBeGreaterThanOrEqual(2);
    expect(to(p)).toHaveLength(0);
  });

  it('one send per event and channel is a database invariant', async () => {
    const p = next();
    const b = await book(deps, deskId, romeTime(SAT, 10), p);
    const id = (await db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [b.booking.code])).rows[0]!.id;
    expect(await enqueueNotification(db, { bookingId: id, kind: 'no_answer', key: id, data: { attempts: 3 } })).toBe(1);
    expect(await enqueueNotification(db, { bookingId: id, kind: 'no_answer', key: id, data: { attempts: 3 } })).toBe(0);
    const err = await db
      .query("INSERT INTO notification_job (event_key, kind, channel, booking_id, starts_at, expires_at) SELECT event_key, kind, channel, booking_id, starts_at, expires_at FROM notification_job WHERE kind = 'no_answer' AND booking_id = $1", [id])
      .catch((e: unknown) => e);
    expect(pgErrorCode(err)).toBe('23505');
    // A delay notice for the desk's bookings in a window, once per delay key.
    const from = new Date(romeTime(SAT, 9));
    const until = new Date(romeTime(SAT, 12));
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
    const b = await book(deps, deskId, romeTime(FRI, 10), p);
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
      await book(deps, deskId, romeTime(WED, 10), p);
      for (let i = 0; i < 100 && to(p).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(to(p).map((m) => m.subject)).toEqual([`Prenotazione confermata: ${dateIt(romeTime(WED, 10))} alle 10:00`]);
    } finally {
      await running.close();
      await enableChannels(db, { email: true });
    }
  });

  it('an SMTP outage delays messages and loses none', async () => {
    const port = smtp.port;
    await smtp.close();
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await book(deps, deskId, romeTime(THU, 10 + i), next())).booking.code);
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
