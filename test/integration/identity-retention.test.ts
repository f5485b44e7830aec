// Data protection: the retention job pseudonymises what it must and nothing else; one
// person's data can be exported and erased by a regional admin; a citizen signed in through
// SPID/CIE sees their own bookings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taxCodePseudonym } from '../../src/privacy/retention.js';
import { testDatabases } from '../support/databases.js';
import { Browser, createStaff, sessionCookie, startIdentityServer, testSettings, type IdentityTestServer } from './identity-support.js';

const A = 'RSSMRA85T10A562S';
const B = 'VRDGPP80A01F205X';
const DAY = 86_400_000;

describe.each(testDatabases)('retention and personal data on $name', (database) => {
  let s: IdentityTestServer;
  let admin: Browser;
  let deskId: string;
  const ids: Record<string, string> = {};

  async function slot(startMs: number): Promise<Date> {
    const start = new Date(Math.floor(startMs / 60_000) * 60_000);
    await s.db.query('INSERT INTO slot (desk_id, starts_at, ends_at, capacity) VALUES ($1, $2, $3, 2) ON CONFLICT DO NOTHING', [deskId, start, new Date(start.getTime() + 8 * 60_000)]);
    return start;
  }

  async function booking(name: string, taxCode: string, startMs: number, status: 'booked' | 'cancelled', code: string): Promise<void> {
    const start = await slot(startMs);
    const r = await s.db.query<{ id: string }>(
      `INSERT INTO booking (desk_id, starts_at, ends_at, status, code, pin_hash, tax_code, full_name, phone, email, topic, notes, consent_at,
                            booked_at, cancelled_at, cancel_reason, source)
       VALUES ($1, $2, $3, 'booked', $4, 'pin-hash', $5, 'Mario Rossi', '+393331234567', 'mario@example.it', 'naspi', 'chiama dopo le 10', now(), now(), NULL, NULL, 'web')
       RETURNING id`,
      [deskId, start, new Date(start.getTime() + 8 * 60_000), code, taxCode],
    );
    ids[name] = r.rows[0]!.id;
    if (status === 'cancelled') {
      await s.db.query("UPDATE booking SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'Mario Rossi non può' WHERE id = $1", [ids[name]]);
    }
  }

  beforeAll(async () => {
    s = await startIdentityServer(database, testSettings({ retentionDays: 90 }));
    deskId = (await s.db.query<{ id: string }>("SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'CO01' AND d.key = 'prestazioni'")).rows[0]!.id;
    const now = Date.now();
    await booking('old', A, now - 100 * DAY, 'booked', 'CO01-1-AAAAA');
    await booking('oldCancelled', A, now - 95 * DAY, 'cancelled', 'CO01-1-BBBBB');
    await booking('recent', A, now - 10 * DAY, 'booked', 'CO01-1-CCCCC');
    await booking('futureB', B, now + 5 * DAY, 'booked', 'CO01-1-DDDDD');
    await booking('pastB', B, now - 200 * DAY, 'booked', 'CO01-1-EEEEE');
    await s.db.query(
      `INSERT INTO waitlist_entry (desk_id, status, token_hash, tax_code, full_name, phone, consent_at, created_at)
       VALUES ($1, 'left', 'h1', $2, 'Mario Rossi', '+393331234567', now(), now() - interval '120 days'),
              ($1, 'waiting', 'h2', $3, 'Giuseppe Verdi', '+393331234568', now(), now() - interval '120 days')`,
      [deskId, A, B],
    );
    const adminId = await createStaff(s.db, { username: 'a.region', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] });
    const session = await sessionCookie(s.db, s.settings, { userId: adminId });
    admin = new Browser(s.url);
    admin.cookies.set('sportello_session', session.cookie.split('=')[1]!);
    admin.csrf = session.csrf;
  });
  afterAll(async () => s.close());

  const row = async (name: string) => (await s.db.query<any>('SELECT * FROM booking WHERE id = $1', [ids[name]])).rows[0];

  it('pseudonymises the bookings that ended more than 90 days ago, and keeps their statistics', async () => {
    const before = await row('old');
    const taken = (await s.db.query<{ sum: number }>('SELECT sum(taken)::int AS sum FROM slot WHERE desk_id = $1', [deskId])).rows[0]!.sum;
    const res = await admin.post('/api/staff/retention/run');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ bookings: 3, waitlistEntries: 1 });
    const old = await row('old');
    expect(old).toMatchObject({ full_name: null, phone: null, email: null, notes: null, pin_hash: null, status: 'booked', topic: 'naspi', channel: 'phone', source: 'web' });
    expect(old.tax_code).toBe(taxCodePseudonym(s.settings.secrets, A));
    expect(old.tax_code).toMatch(/^0[0-9A-F]{15}$/);
    expect(new Date(old.starts_at).getTime()).toBe(new Date(before.starts_at).getTime());
    expect(old.personal_data_erased_at).not.toBeNull();
    const cancelled = await row('oldCancelled');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: '[rimosso]', full_name: null });
    expect(cancelled.tax_code).toBe(old.tax_code); // the same person still counts once
    expect((await s.db.query('SELECT detail FROM booking_event WHERE booking_id = $1 AND detail IS NOT NULL', [ids.oldCancelled])).rows).toEqual([]);
    // Nothing else: recent and future bookings, the live waiting-list entry, the places taken.
    for (const name of ['recent', 'futureB']) expect(await row(name)).toMatchObject({ full_name: 'Mario Rossi', phone: '+393331234567', personal_data_erased_at: null });
    expect((await row('recent')).tax_code).toBe(A);
    const wl = (await s.db.query<any>('SELECT status, tax_code, full_name FROM waitlist_entry ORDER BY status')).rows;
    expect(wl).toEqual([{ status: 'left', tax_code: taxCodePseudonym(s.settings.secrets, A), full_name: null }, { status: 'waiting', tax_code: B, full_name: 'Giuseppe Verdi' }]);
    expect((await s.db.query<{ sum: number }>('SELECT sum(taken)::int AS sum FROM slot WHERE desk_id = $1', [deskId])).rows[0]!.sum).toBe(taken);
    // Idempotent.
    expect((await admin.post('/api/staff/retention/run')).body).toMatchObject({ bookings: 0, waitlistEntries: 0 });
    expect((await s.db.query<any>("SELECT * FROM retention_run ORDER BY id")).rows.map((r) => r.bookings)).toEqual([3, 0]);
  });

  it("exports one person's data for a regional admin, and audits it", async () => {
    const res = await admin.post('/api/staff/privacy/export', { taxCode: B.toLowerCase(), reason: 'richiesta art. 15 prot. 123' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    expect(res.body.bookings.map((b: any) => b.code)).toEqual(['CO01-1-DDDDD']); // the past one is already pseudonymised
    expect(res.body.bookings[0]).toMatchObject({ fullName: 'Mario Rossi', phone: '+393331234567', officeCode: 'CO01' });
    expect(res.body.waitlist).toHaveLength(1);
    const audit = (await s.db.query<any>("SELECT * FROM audit_log WHERE action = 'staff.privacy.export'")).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0].resource_id).toBe('VRD************X');
    expect(JSON.stringify(audit[0])).not.toContain(B);
    expect((await admin.post('/api/staff/privacy/export', { taxCode: 'RSSMRA85T10A562X', reason: 'x-check' })).body.code).toBe('invalid_input');
  });

  it("erases one person's data on request: future bookings cancelled and places freed", async () => {
    const future = await row('futureB');
    const takenBefore = (await s.db.query<{ taken: number }>('SELECT taken FROM slot WHERE desk_id = $1 AND starts_at = $2', [deskId, future.starts_at])).rows[0]!.taken;
    const res = await admin.post('/api/staff/privacy/erase', { taxCode: B, reason: 'richiesta art. 17 prot. 124' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ bookings: 1, cancelled: 1, waitlistEntries: 1 });
    expect(await row('futureB')).toMatchObject({ status: 'cancelled', full_name: null, phone: null });
    expect((await s.db.query<{ taken: number }>('SELECT taken FROM slot WHERE desk_id = $1 AND starts_at = $2', [deskId, future.starts_at])).rows[0]!.taken).toBe(takenBefore - 1);
    expect((await s.db.query('SELECT 1 FROM booking WHERE tax_code = $1', [B])).rows).toEqual([]);
    expect((await s.db.query('SELECT 1 FROM waitlist_entry WHERE tax_code = $1', [B])).rows).toEqual([]);
    expect((await row('recent')).full_name).toBe('Mario Rossi'); // somebody else's data untouched
  });

  it('shows a citizen signed in through SPID/CIE their own bookings only', async () => {
    const session = await sessionCookie(s.db, s.settings, { taxCode: A });
    const res = await fetch(`${s.url}/api/citizen/bookings`, { headers: { cookie: session.cookie } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items.map((b: any) => b.code)).toEqual(['CO01-1-CCCCC']);
    expect(body.items[0].phone).not.toContain('1234567');
  });
});
