// The waiting list (issue 21 §2): joining is confirmed by message with the page's link and the
// entry's code; the offer goes out at once, with the link; an offer's time counts office hours
// only (never lapses at night); the place is found again with its code and the tax code; a
// place on offer is not bookable by anyone else, also when many try at the moment it is freed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookPlace } from '../../src/booking/book-place.js';
import { cancelBooking } from '../../src/booking/cancel-booking.js';
import { bookingDeps, deriveBookingSecret, type BookingDeps } from '../../src/booking/deps.js';
import { firstAvailable } from '../../src/booking/get-availability.js';
import { holdPlace } from '../../src/booking/hold-place.js';
import { waitlistToken } from '../../src/booking/secrets.js';
import { acceptOffer } from '../../src/booking/accept-offer.js';
import { findWaitlistEntry } from '../../src/booking/find-waitlist-entry.js';
import { waitlistStatus } from '../../src/booking/get-waitlist-status.js';
import { joinWaitlist } from '../../src/booking/join-waitlist.js';
import { AppError } from '../../src/domain/errors.js';
import { demoOutboxChannel } from '../../src/notifications/channels/demo-outbox.js';
import { syncChannels } from '../../src/notifications/queue.js';
import { NotificationWorker } from '../../src/notifications/worker.js';
import { NOTIFICATION_KINDS } from '../../src/notifications/kinds.js';
import { toIsoWithOffset } from '../../src/domain/schedule/zone.js';
import { DEFAULT_OFFICE_HOURS, inOfficeHours } from '../../src/domain/booking/offer-window.js';
import type { Db } from '../../src/storage/db.js';
import { romeTime, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { importOffices } from '../../src/catalog/import-offices.js';
import { parseOfficeFile } from '../../src/catalog/parse-office-file.js';
import { loadDeskCalendar } from '../../src/booking/desk-calendar.js';

const MIN = 60_000;
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));
const SECRET = deriveBookingSecret('w'.repeat(40));

function person(i: number) {
  return {
    taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 347 ${String(2000000 + i).slice(-7)}`, email: `persona${i}@example.it`,
    language: 'it' as const, consent: true, channel: 'phone' as const, source: 'web' as const, actor: 'citizen',
  };
}

describe.each(testDatabases)('the waiting list on $name', (database) => {
  let db: Db;
  let deps: BookingDeps;
  let clock: number;
  let n = 0;

  beforeAll(async () => {
    db = await database.open();
    await syncChannels(db, {
      email: { enabled: true, kinds: NOTIFICATION_KINDS, demoOutbox: true },
      sms: { enabled: true, kinds: NOTIFICATION_KINDS, demoOutbox: true },
      appio: { enabled: false, kinds: [] },
    });
  });
  afterAll(async () => db.close());
  beforeEach(() => {
    // 10:00 on a working day: inside office hours (Monday–Friday 08:30–17:00 by default).
    clock = romeTime(workingDay(1), 10);
    deps = bookingDeps(db, SECRET, { now: () => clock });
  });

  /** A desk with one place on `day` at 09:00, booked by someone; returns the desk and that booking. */
  async function fullDesk(day: string) {
    const code = `WQ${String(++n).padStart(2, '0')}`;
    const { deskId } = await createTestDesk(db, { code, weekly: [], exceptions: [{ date: day, kind: 'extra', from: '09:00', to: '09:10', places: 1 }] });
    const hold = await holdPlace(deps, { deskId, startMs: romeTime(day, 9), channel: 'phone' });
    const holder = await bookPlace(deps, { ...person(100 + n), hold: { id: hold.holdId, token: hold.holdToken } });
    expect(await firstAvailable(deps, { deskId })).toBeNull();
    return { deskId, holder: holder.booking.code, holderTax: taxCodeFor(100 + n) };
  }

  const worker = () => new NotificationWorker({
    db, adapters: { email: demoOutboxChannel(db, 'email'), sms: demoOutboxChannel(db, 'sms') },
    publicUrl: 'https://sportello.example', now: () => clock, waitlistToken: (id) => waitlistToken(SECRET, id),
  });
  const outbox = async (entryId: string) => (await db.query<{ kind: string; channel: string; body: string; recipient: string }>(
    'SELECT kind, channel, body, recipient FROM demo_outbox_message WHERE waitlist_entry_id = $1 OR booking_id IN (SELECT id FROM booking WHERE waitlist_entry_id = $1) ORDER BY kind DESC, channel',
    [entryId],
  )).rows;

  it('confirms joining by message, with the code and the link; the offer goes out at once, with the link', async () => {
    const day = workingDay(7, clock);
    const { deskId, holder, holderTax } = await fullDesk(day);
    const joined = await joinWaitlist(deps, { ...person(1), deskId, channel: 'phone' });
    expect(joined.code).toMatch(/^LA-[2-9A-HJKMNP-Z]{6}$/);
    expect(joined.confirmation).toEqual(['email', 'sms']);
    await worker().drain();
    const link = `https://sportello.example/lista-attesa/${joined.entryId}#${joined.token}`;
    const first = await outbox(joined.entryId);
    expect(first.map((m) => `${m.kind}:${m.channel}:${m.recipient}`)).toEqual(['waitlist_joined:email:persona1@example.it', 'waitlist_joined:sms:+393472000001']);
    for (const m of first) expect([m.body.includes(joined.code), m.body.includes(link)]).toEqual([true, true]);
    expect(first[0]!.body).toContain('posto numero 1');
    // The link's token is the entry's own: it opens the page.
    expect((await waitlistStatus(deps, { entryId: joined.entryId, token: joined.token })).status).toBe('waiting');

    await cancelBooking(deps, { code: holder, who: { taxCode: holderTax }, actor: 'citizen' });
    await worker().drain();
    const offers = (await outbox(joined.entryId)).filter((m) => m.kind === 'waitlist_offer');
    expect(offers.map((m) => m.channel)).toEqual(['email', 'sms']);
    for (const m of offers) expect(m.body).toContain(link);
    expect(offers[0]!.body).toContain(joined.code);
  });

  it('counts an offer’s time in office hours: made in the evening, it runs from the next morning', async () => {
    const day = workingDay(7, clock);
    const { deskId, holder, holderTax } = await fullDesk(day);
    const joined = await joinWaitlist(deps, { ...person(2), deskId, channel: 'phone' });
    const evening = workingDay(1, clock); // the day after `clock`'s day, 21:30
    clock = romeTime(evening, 21, 30);
    await cancelBooking(deps, { code: holder, who: { taxCode: holderTax }, actor: 'citizen' });
    const s = await waitlistStatus(deps, { entryId: joined.entryId, token: joined.token });
    // 120 minutes of office time from 08:30 on the next working day.
    expect([s.status, s.offer?.expiresAt]).toEqual(['offered', toIsoWithOffset(romeTime(workingDay(1, clock), 10, 30))]);
    // Still open at 08:00 the next morning (a night does not count).
    clock = romeTime(workingDay(1, clock), 8);
    expect(await codeOf(acceptOffer(deps, { entryId: joined.entryId, token: joined.token }))).toBe('ok');
  });

  it('an offer that must end before the minimum notice ends at the last office moment, not at night', async () => {
    const day = workingDay(7, clock);
    const { deskId, holder, holderTax } = await fullDesk(day);
    await db.query('UPDATE desk SET min_notice_minutes = 600 WHERE id = $1', [deskId]); // booking closes at 23:00 the day before
    deps.calendars.invalidate();
    const joined = await joinWaitlist(deps, { ...person(3), deskId, channel: 'phone' });
    const before = romeTime(day, 9) - 24 * 60 * MIN; // 09:00 the day before the slot (a working day or not)
    clock = romeTime(toIsoWithOffset(before).slice(0, 10), 16, 30);
    await cancelBooking(deps, { code: holder, who: { taxCode: holderTax }, actor: 'citizen' });
    const s = await waitlistStatus(deps, { entryId: joined.entryId, token: joined.token });
    if (inOfficeHours(romeTime(toIsoWithOffset(before).slice(0, 10), 12), DEFAULT_OFFICE_HOURS)) {
      // 30 minutes of office time are left that day: the offer lasts until 17:00.
      expect([s.status, s.offer?.expiresAt]).toEqual(['offered', toIsoWithOffset(romeTime(toIsoWithOffset(before).slice(0, 10), 17, 0))]);
    } else {
      // No office time before the booking closes: nothing is offered, the place is free for all.
      expect(s.status).toBe('waiting');
    }
  });

  it('finds the place again with its code and the tax code, however the code is typed; nothing for a stranger', async () => {
    const day = workingDay(7, clock);
    const { deskId } = await fullDesk(day);
    const joined = await joinWaitlist(deps, { ...person(4), deskId, channel: 'phone' });
    for (const typed of [joined.code, joined.code.toLowerCase(), joined.code.replace('-', ''), ` ${joined.code.replace('-', ' ')} `]) {
      const found = await findWaitlistEntry(deps, { code: typed, taxCode: taxCodeFor(4).toLowerCase() });
      expect([found.entryId, found.token, found.code, found.status, found.position]).toEqual([joined.entryId, joined.token, joined.code, 'waiting', 1]);
    }
    expect(await codeOf(findWaitlistEntry(deps, { code: joined.code, taxCode: taxCodeFor(5) }))).toBe('offer_not_found');
    expect(await codeOf(findWaitlistEntry(deps, { code: 'LA-222222', taxCode: taxCodeFor(4) }))).toBe('offer_not_found');
    expect(await codeOf(findWaitlistEntry(deps, { code: 'not a code', taxCode: taxCodeFor(4) }))).toBe('offer_not_found');
  });

  it('a freed place on offer cannot be taken by anyone else, even by many trying the moment it is freed', async () => {
    const day = workingDay(7, clock);
    const { deskId, holder, holderTax } = await fullDesk(day);
    const joined = await joinWaitlist(deps, { ...person(6), deskId, channel: 'phone' });
    const start = romeTime(day, 9);
    const tries = Array.from({ length: 12 }, () => codeOf(holdPlace(deps, { deskId, startMs: start, channel: 'phone' })));
    const [cancelled, ...outcomes] = await Promise.all([
      codeOf(cancelBooking(deps, { code: holder, who: { taxCode: holderTax }, actor: 'citizen' })),
      ...tries,
    ]);
    expect(cancelled).toBe('ok');
    // A hold may only have won before the cancellation committed (the place was not free then): never.
    expect(outcomes.filter((o) => o === 'ok')).toEqual([]);
    const live = await db.query<{ status: string; waitlist: string | null }>(
      "SELECT status, waitlist_entry_id AS waitlist FROM booking WHERE desk_id = $1 AND status IN ('held', 'booked')", [deskId],
    );
    expect(live.rows).toEqual([{ status: 'held', waitlist: joined.entryId }]);
    // And afterwards too: the database refuses a second claim on the slot while it is offered.
    expect(await codeOf(holdPlace(deps, { deskId, startMs: start, channel: 'phone' }))).toBe('slot_full');
    const direct = await codeOf(db.query(
      `INSERT INTO booking (desk_id, starts_at, ends_at, status, code, tax_code, full_name, phone, consent_at, channel)
       SELECT desk_id, starts_at, ends_at, 'booked', 'WQX-1-22222', $2, 'Intruso', '+393470000000', now(), 'phone' FROM booking WHERE id = (SELECT offered_booking_id FROM waitlist_entry WHERE id = $1)`,
      [joined.entryId, taxCodeFor(7)],
    ));
    expect(direct).not.toBe('ok');
  });

  it('takes each office’s hours from the office file (default Monday–Friday 08:30–17:00)', async () => {
    const file = (offerHours?: unknown) => JSON.stringify({
      region: { code: 'LOM', name: 'Lombardia' },
      provinces: [{ code: 'TT', name: 'Prova', capital: 'Provalandia' }],
      offices: [{ province: 'TT', code: 'WH01', kind: 'agenzia', name: 'Sede WH01', town: 'Altrove', ...(offerHours ? { offerHours } : {}),
        desks: [{ key: 'prova', number: 1, name: 'Sportello', nameEn: 'Desk', slotMinutes: 10, weekly: [{ weekday: 1, from: '09:00', to: '10:00', places: 1 }] }] }],
    });
    const bad = parseOfficeFile(file({ from: '17:00', to: '09:00' }), 'json');
    expect(bad.problems.length).toBeGreaterThan(0);
    const parsed = parseOfficeFile(file({ from: '09:00', to: '12:30', weekdays: [6, 1, 2] }), 'json');
    expect(parsed.problems).toEqual([]);
    await importOffices(db, parsed.content!);
    const desk = await db.query<{ id: string }>("SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'WH01'");
    expect((await loadDeskCalendar(db, desk.rows[0]!.id))!.officeHours).toEqual({ from: '09:00', to: '12:30', weekdays: [1, 2, 6] });
    await importOffices(db, parseOfficeFile(file(), 'json').content!);
    expect((await loadDeskCalendar(db, desk.rows[0]!.id))!.officeHours).toEqual(DEFAULT_OFFICE_HOURS);
  });

  it('takes the provisional tax code (11 digits) for a booking and for the waiting list, on the database too', async () => {
    const day = workingDay(7, clock);
    const { deskId } = await fullDesk(day);
    const provisional = { ...person(8), taxCode: '12345678903' };
    const joined = await joinWaitlist(deps, { ...provisional, deskId, channel: 'phone' });
    expect((await findWaitlistEntry(deps, { code: joined.code, taxCode: '123 4567 8903' })).entryId).toBe(joined.entryId);
    expect(await codeOf(joinWaitlist(deps, { ...person(9), taxCode: '12345678904', deskId, channel: 'phone' }))).toBe('invalid_tax_code');
    const open = await createTestDesk(db, { code: 'WP01' });
    const hold = await holdPlace(deps, { deskId: open.deskId, startMs: romeTime(day, 11), channel: 'phone' });
    const booked = await bookPlace(deps, { ...provisional, hold: { id: hold.holdId, token: hold.holdToken } });
    const row = await db.query<{ t: string }>('SELECT tax_code AS t FROM booking WHERE code = $1', [booked.booking.code]);
    expect(row.rows[0]!.t).toBe('12345678903');
  });
});
