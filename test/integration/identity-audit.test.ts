// The audit log: append-only in the database itself, written for staff writes and sign-ins,
// searchable and exportable by URP monitors and admins within their scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/audit.js';
import { testDatabases } from '../support/databases.js';
import { Browser, createStaff, sessionCookie, startIdentityServer, testSettings, type IdentityTestServer } from './identity-support.js';

describe.each(testDatabases)('audit log on $name', (database) => {
  let s: IdentityTestServer;
  let ids: Record<string, string>;
  let como: string;
  let milano: string;
  beforeAll(async () => {
    s = await startIdentityServer(database, testSettings());
    ids = {
      admin: await createStaff(s.db, { username: 'a.region', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] }),
      comoAdmin: await createStaff(s.db, { username: 'a.como', grants: [{ role: 'office_admin', scope: { kind: 'office', code: 'CO01' } }] }),
      urpMi: await createStaff(s.db, { username: 'urp.mi', grants: [{ role: 'urp_monitor', scope: { kind: 'province', code: 'MI' } }] }),
      op: await createStaff(s.db, { username: 'op.co', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } }] }),
    };
    como = (await s.db.query<{ id: string }>("SELECT id FROM office WHERE code = 'CO01'")).rows[0]!.id;
    milano = (await s.db.query<{ id: string }>("SELECT id FROM office WHERE code = 'MI01'")).rows[0]!.id;
    const system = { kind: 'system' as const };
    await recordAudit(s.db, { actor: system, action: 'staff.bookings.read', outcome: 'success', resourceType: 'booking', resourceId: 'b-milano', place: { officeId: milano } });
    await recordAudit(s.db, { actor: system, action: 'staff.bookings.read', outcome: 'success', resourceType: 'booking', resourceId: 'b-como', place: { officeId: como } });
  });
  afterAll(async () => s.close());

  async function as(userId: string): Promise<Browser> {
    const b = new Browser(s.url);
    const session = await sessionCookie(s.db, s.settings, { userId });
    const [name, value] = session.cookie.split('=');
    b.cookies.set(name!, value!);
    b.csrf = session.csrf;
    return b;
  }

  it('refuses UPDATE, DELETE and TRUNCATE of the audit log, whoever asks', async () => {
    const n = (await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;
    expect(n).toBeGreaterThan(0);
    await expect(s.db.query("UPDATE audit_log SET action = 'nothing happened'")).rejects.toThrow(/append-only/);
    await expect(s.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(s.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await expect(s.db.transaction((tx) => tx.query('DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)'))).rejects.toThrow(/append-only/);
    expect((await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n).toBe(n);
  });

  it('records who, role, when, what, which record and from where for a staff write', async () => {
    const admin = await as(ids.comoAdmin!);
    const created = await admin.post('/api/staff/users', {
      username: 'new.operator', displayName: 'Nuovo operatore', password: 'a long enough passphrase',
      grants: [{ role: 'desk_operator', scope: { kind: 'office', id: como } }],
    }, { 'user-agent': 'audit-test', 'x-forwarded-for': '203.0.113.7' });
    expect(created.status).toBe(201);
    const r = await s.db.query<any>("SELECT * FROM audit_log WHERE action = 'staff.users.create' ORDER BY id DESC LIMIT 1");
    const row = r.rows[0];
    expect(row).toMatchObject({
      actor_kind: 'staff', actor_id: ids.comoAdmin, actor_name: 'a.como', actor_roles: ['office_admin'], outcome: 'success',
      resource_type: 'staff_user', resource_id: created.body.id, ip: '203.0.113.7', user_agent: 'audit-test', method: 'POST', path: '/api/staff/users',
    });
    expect(new Date(row.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // A denied staff request is recorded too.
    const op = await as(ids.op!);
    expect((await op.get('/api/staff/users')).status).toBe(403);
    const denied = await s.db.query<any>("SELECT * FROM audit_log WHERE actor_name = 'op.co' AND outcome = 'denied'");
    expect(denied.rows[0]).toMatchObject({ action: 'staff.users.read', status: 403 });
  });

  it('lets each monitor and admin search only within their scope', async () => {
    const region = await as(ids.admin!);
    const all = await region.get('/api/staff/audit?resourceType=booking');
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: any) => i.resourceId).sort()).toEqual(['b-como', 'b-milano']);
    const urp = await as(ids.urpMi!);
    const mi = await urp.get('/api/staff/audit?resourceType=booking');
    expect(mi.body.items.map((i: any) => i.resourceId)).toEqual(['b-milano']);
    expect(mi.body.items[0].provinceCode).toBe('MI');
    // Sign-ins and account changes have no place: only region-wide monitors see them.
    expect((await urp.get('/api/staff/audit?action=staff.users.*')).body.items).toEqual([]);
    expect((await region.get('/api/staff/audit?action=staff.users.*')).body.items.length).toBeGreaterThan(0);
    const comoAdmin = await as(ids.comoAdmin!);
    expect((await comoAdmin.get('/api/staff/audit?resourceType=booking')).body.items.map((i: any) => i.resourceId)).toEqual(['b-como']);
    expect((await (await as(ids.op!)).get('/api/staff/audit')).status).toBe(403);
  });

  it('pages with a cursor, newest first', async () => {
    const region = await as(ids.admin!);
    const first = await region.get('/api/staff/audit?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(Number(first.body.items[0].id)).toBeGreaterThan(Number(first.body.items[1].id));
    const next = await region.get(`/api/staff/audit?limit=2&cursor=${first.body.nextCursor}`);
    expect(Number(next.body.items[0].id)).toBeLessThan(Number(first.body.items[1].id));
  });

  it('exports as CSV and JSON lines, and audits the export', async () => {
    const urp = await as(ids.urpMi!);
    const csv = await urp.get('/api/staff/audit/export?resourceType=booking');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="sportello-audit-.*\.csv"/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,at,actorKind,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('b-milano');
    const jsonl = await urp.get('/api/staff/audit/export?format=jsonl&resourceType=booking');
    expect(jsonl.text.trim().split('\n').map((l) => JSON.parse(l).resourceId)).toEqual(['b-milano']);
    const exports = await s.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'staff.audit.export' AND actor_name = 'urp.mi'");
    expect(exports.rows[0]!.n).toBe(2);
  });

  it('masks tax codes, phones and e-mails written into details', async () => {
    await recordAudit(s.db, { actor: { kind: 'system' }, action: 'test.mask', outcome: 'success', details: { note: 'RSSMRA85T10A562S +393331234567 mario.rossi@example.it' } });
    const r = await s.db.query<{ details: any }>("SELECT details FROM audit_log WHERE action = 'test.mask'");
    expect(r.rows[0]!.details.note).toBe('RSS************S +**********67 m***@example.it');
  });
});
