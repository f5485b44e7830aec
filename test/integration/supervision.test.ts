// Supervision sees what operators did: every console and reception action on personal data
// is audited with its office and province, so the office's administrator and URP find it
// (and another office's administrator does not). On both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { bookToday, eventually, operatorOf, TODAY, todayAt, staffClient, startCallsServer, type CallsServer, type Client } from './calls-support.js';

describe.each(testDatabases)('supervision on $name', (database) => {
  let s: CallsServer;
  let op: Client;
  let officeAdmin: Client;
  let urp: Client;
  let bergamoAdmin: Client;
  let reception: Client;
  beforeAll(async () => {
    s = await startCallsServer(database);
    op = await staffClient(s, 'op.tt', operatorOf('TT01'));
    officeAdmin = await staffClient(s, 'admin.tt', [{ role: 'office_admin', scope: { kind: 'office', code: 'TT01' } }]);
    urp = await staffClient(s, 'urp.tt', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'TT' } }]);
    bergamoAdmin = await staffClient(s, 'admin.bg', [{ role: 'office_admin', scope: { kind: 'office', code: 'BG01' } }]);
    reception = await staffClient(s, 'reception.tt', [{ role: 'reception_agent', scope: { kind: 'province', code: 'TT' } }]);
  });
  afterAll(async () => s.close());

  it("audits the operator's console actions with the office and province: its admin and URP see them, another office's admin does not", async () => {
    const [b] = await bookToday(s, 1);
    s.clock.now = todayAt(10);
    expect((await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '201' })).status).toBe(200);
    expect((await op.get('/api/staff/operator/agenda')).status).toBe(200);
    const call = await op.send('POST', '/api/staff/calls', { bookingId: b!.id, adapter: 'manual' });
    expect(call.status).toBe(201);
    expect((await op.send('POST', `/api/staff/calls/${call.body.call.id}/manual`, { mark: 'answered' })).status).toBe(200);
    expect((await op.send('POST', `/api/staff/agenda/bookings/${b!.id}/identity`, { taxCode: b!.taxCode, pin: b!.pin })).body.verified).toBe(true);
    expect((await op.get(`/api/staff/agenda/bookings/${b!.id}/history`)).status).toBe(200);

    // Six requests, six entries (written once each response is sent: waited for).
    const rows = await eventually(async () => {
      const r = (await s.db.query<{ action: string; office_id: string | null; province_code: string | null }>(
        "SELECT action, office_id, province_code FROM audit_log WHERE actor_name = 'op.tt'",
      )).rows;
      return r.length >= 6 ? r : null;
    });
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r).toMatchObject({ office_id: s.officeId, province_code: 'TT' });

    for (const viewer of [officeAdmin, urp]) {
      const seen = await viewer.get('/api/staff/audit?actor=op.tt&limit=500');
      expect(seen.status).toBe(200);
      expect(seen.body.items.length).toBe(rows.length);
      expect(seen.body.items.map((i: any) => i.action)).toEqual(expect.arrayContaining(['staff.calls.write', 'staff.agenda.read']));
    }
    const bg = await bergamoAdmin.get('/api/staff/audit?actor=op.tt');
    expect(bg.status).toBe(200);
    expect(bg.body.items).toEqual([]);
  });

  it('lists the desks whose day each supervisor may open', async () => {
    const regional = await staffClient(s, 'admin.lom', [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }]);
    const all = await regional.get('/api/staff/agenda/desks');
    expect(all.status).toBe(200);
    const total = (await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM desk')).rows[0]!.n;
    expect(all.body.items).toHaveLength(total);
    expect(all.body.items.find((d: any) => d.id === s.deskId)).toMatchObject({ officeId: s.officeId, officeCode: 'TT01', provinceCode: 'TT' });
    const mine = await officeAdmin.get('/api/staff/agenda/desks');
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(new Set(mine.body.items.map((d: any) => d.officeCode))).toEqual(new Set(['TT01']));
    const bg = await bergamoAdmin.get('/api/staff/agenda/desks');
    expect(bg.body.items.map((d: any) => d.id)).not.toContain(s.deskId);
    expect(new Set(bg.body.items.map((d: any) => d.officeCode))).toEqual(new Set(['BG01']));
    // Each listed desk opens.
    expect((await bergamoAdmin.get(`/api/staff/agenda/desks/${bg.body.items[0].id}`)).status).toBe(200);
    expect((await reception.get('/api/staff/agenda/desks')).status).toBe(403);
  });

  it('counts per operator: calls, served, identity checks failed or skipped, calls started before or after their slot', async () => {
    const report = async (who: Client = urp) => {
      const r = await who.get(`/api/monitoring/operators?scope=office:${s.officeId}&from=${TODAY}&to=${TODAY}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const me = r.body.operators.find((o: any) => o.username === 'op.tt');
      return me ?? { calls: 0, served: 0, identityFailed: 0, identitySkipped: 0, identityNotVerified: 0, early: 0, late: 0 };
    };
    const before = await report();
    expect((await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '201' })).status).toBe(200);
    const [b1, b2] = await bookToday(s, 2, { hh: 11, mm: 0 }); // one slot, 11:00–11:10
    expect((await op.get('/api/staff/operator/agenda')).status).toBe(200);
    const serve = async (b: { id: string }, at: number, identity: { taxCode: string; pin: string }[], outcome: Record<string, unknown>) => {
      s.clock.now = at;
      const call = await op.send('POST', '/api/staff/calls', { bookingId: b.id, adapter: 'manual' });
      expect(call.status, JSON.stringify(call.body)).toBe(201);
      expect((await op.send('POST', `/api/staff/calls/${call.body.call.id}/manual`, { mark: 'answered' })).status).toBe(200);
      for (const i of identity) expect((await op.send('POST', `/api/staff/agenda/bookings/${b.id}/identity`, i)).status).toBe(200);
      s.clock.now += 60_000;
      expect((await op.send('POST', `/api/staff/calls/${call.body.call.id}/hangup`)).status).toBe(200);
      const done = await op.send('POST', `/api/staff/agenda/bookings/${b.id}/outcome`, outcome);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    };
    // In its slot, one wrong PIN then the right one; after the slot, no identity check at all (a reason given).
    await serve(b1!, todayAt(11, 5), [{ taxCode: b1!.taxCode, pin: b1!.pin === '000000' ? '111111' : '000000' }, { taxCode: b1!.taxCode, pin: b1!.pin }], { outcome: 'resolved' });
    await serve(b2!, todayAt(11, 30), [], { outcome: 'needs_documents', documents: ['isee'], identityWaiver: 'communication', instructions: 'Inviare il modello firmato via PEC.' });
    const after = await report();
    const delta = Object.fromEntries(['calls', 'served', 'identityFailed', 'identitySkipped', 'identityNotVerified', 'early', 'late'].map((k) => [k, after[k] - before[k]]));
    expect(delta).toEqual({ calls: 2, served: 2, identityFailed: 1, identitySkipped: 1, identityNotVerified: 1, early: 0, late: 1 });
    // An early call (within the 2-minute margin) before the slot of a new booking at 12:00; earlier is refused.
    const [b3] = await bookToday(s, 1, { hh: 12, mm: 0 });
    await op.get('/api/staff/operator/agenda');
    s.clock.now = todayAt(11, 50);
    expect((await op.send('POST', '/api/staff/calls', { bookingId: b3!.id, adapter: 'manual' })).body.code).toBe('call_too_early');
    s.clock.now = todayAt(11, 59);
    expect((await op.send('POST', '/api/staff/calls', { bookingId: b3!.id, adapter: 'manual' })).status).toBe(201);
    expect((await report(officeAdmin)).early - after.early).toBe(1);
    // The breadcrumb offers a province's monitor only the levels they may open (not the region).
    const crumbs = (await urp.get(`/api/monitoring/operators?scope=office:${s.officeId}&from=${TODAY}&to=${TODAY}`)).body.scope.parents;
    expect(crumbs.map((p: any) => [p.level, p.open])).toEqual([['region', false], ['province', true]]);
    expect((await urp.get('/api/monitoring/live?scope=region:LOM')).status).toBe(403);
    // Another office's administrator may not look at this office.
    expect((await bergamoAdmin.get(`/api/monitoring/operators?scope=office:${s.officeId}&from=${TODAY}&to=${TODAY}`)).status).toBe(403);
  });

  it("audits the reception line's contacts with their province", async () => {
    const logged = await reception.send('POST', '/api/staff/contacts', { reason: 'other', durationSeconds: 60 });
    expect(logged.status).toBe(201);
    // Written once the response is sent: waited for.
    const seen = await eventually(async () => {
      const r = await urp.get('/api/staff/audit?actor=reception.tt');
      return r.body.items.length > 0 ? r : null;
    });
    expect(seen.body.items[0]).toMatchObject({ provinceCode: 'TT' });
    expect((await bergamoAdmin.get('/api/staff/audit?actor=reception.tt')).body.items).toEqual([]);
  });
});
