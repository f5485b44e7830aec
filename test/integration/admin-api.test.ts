import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createStaff, sessionCookie } from './identity-support.js';

type Who = { cookie: string; csrf: string };

describe.each(testDatabases)('office administration API on $name', (database) => {
  let server: TestServer;
  let empty: TestServer;
  let adminCO: Who;
  let regional: Who;
  let regionalEmpty: Who;
  const settings = defaultIdentitySettings();
  const call = async (srv: TestServer, method: string, path: string, who: Who, body?: unknown) => {
    const res = await fetch(srv.url + path, {
      method,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  };
  const officeId = async (srv: TestServer, code: string) => (await srv.db.query<{ id: string }>('SELECT id FROM office WHERE code = $1', [code])).rows[0]!.id;

  beforeAll(async () => {
    server = await startTestServer({ database });
    empty = await startTestServer({ database });
    await empty.db.exec('DELETE FROM desk; DELETE FROM office_holiday; DELETE FROM office; DELETE FROM province; DELETE FROM region;');
    adminCO = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'admin.co', grants: [{ role: 'office_admin', scope: { kind: 'office', code: 'CO01' } }] }) });
    regional = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: 'admin.lom', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] }) });
    await empty.db.exec("INSERT INTO region VALUES ('LOM', 'Lombardia')");
    regionalEmpty = await sessionCookie(empty.db, settings, { userId: await createStaff(empty.db, { username: 'admin.lom', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] }) });
  });
  afterAll(async () => {
    await server.close();
    await empty.close();
  });

  it('exports an office and imports it into an empty database, reproducing it exactly', async () => {
    const co = await officeId(server, 'CO01');
    const deskId = (await server.db.query<{ id: string }>("SELECT id FROM desk WHERE office_id = $1 AND key = 'invalidita-civile'", [co])).rows[0]!.id;
    await call(server, 'POST', `/api/staff/admin/desks/${deskId}/calendar`, adminCO, { addExceptions: [{ date: workingDay(40, server.now()), kind: 'closed', reason: 'Formazione' }] });
    const exported = await call(server, 'GET', `/api/staff/admin/offices/${co}/export`, adminCO);
    expect(exported.status).toBe(200);
    expect(exported.body.offices[0].desks).toHaveLength(3);
    expect(exported.body.offices[0]).toMatchObject({ latitude: 45.81, longitude: 9.085 });
    const imported = await call(empty, 'POST', '/api/staff/admin/offices/import', regionalEmpty, { format: 'json', content: JSON.stringify(exported.body) });
    expect([imported.status, imported.body.summary?.offices], JSON.stringify(imported.body).slice(0, 600)).toEqual([200, { created: 1, updated: 0 }]);
    const again = await call(empty, 'GET', `/api/staff/admin/offices/${await officeId(empty, 'CO01')}/export`, regionalEmpty);
    expect(again.body).toEqual(exported.body);
  });

  it('lets an office admin re-import the office file they exported, and refuses a file of another office or one changing the province', async () => {
    const co = await officeId(server, 'CO01');
    const exported = await call(server, 'GET', `/api/staff/admin/offices/${co}/export`, adminCO);
    expect(exported.body.region).toBeTruthy();
    expect(exported.body.provinces).toHaveLength(1);
    const content = (file: unknown) => ({ format: 'json', content: JSON.stringify(file) });
    const checked = await call(server, 'POST', '/api/staff/admin/offices/import', adminCO, { ...content(exported.body), dryRun: true });
    expect([checked.status, checked.body.dryRun], JSON.stringify(checked.body).slice(0, 400)).toEqual([200, true]);
    const renamed = { ...exported.body, offices: [{ ...exported.body.offices[0], address: 'Via di prova 1' }] };
    const imported = await call(server, 'POST', '/api/staff/admin/offices/import', adminCO, content(renamed));
    expect([imported.status, imported.body.summary?.offices]).toEqual([200, { created: 0, updated: 1 }]);
    expect((await server.db.query<{ address: string }>('SELECT address FROM office WHERE id = $1', [co])).rows[0]!.address).toBe('Via di prova 1');
    // Another office's file, whole as exported: refused, nothing changed.
    const mi = await officeId(server, 'MI01');
    const miFile = (await call(server, 'GET', `/api/staff/admin/offices/${mi}/export`, regional)).body;
    expect((await call(server, 'POST', '/api/staff/admin/offices/import', adminCO, content(miFile))).status).toBe(403);
    // Its own file changing the province (its reception number): a decision for the region.
    const province = { ...exported.body.provinces[0], receptionPhone: '+390310000000' };
    expect((await call(server, 'POST', '/api/staff/admin/offices/import', adminCO, content({ ...exported.body, provinces: [province] }))).status).toBe(403);
    expect((await server.db.query<{ p: string | null }>("SELECT reception_phone AS p FROM province WHERE code = 'CO'")).rows[0]!.p).not.toBe('+390310000000');
  });

  it("keeps an office admin to their office, and audits calendar changes", async () => {
    const mi = await officeId(server, 'MI01');
    expect((await call(server, 'GET', `/api/staff/admin/offices/${mi}/export`, adminCO)).status).toBe(403);
    const miDesk = (await server.db.query<{ id: string }>('SELECT id FROM desk WHERE office_id = $1 LIMIT 1', [mi])).rows[0]!.id;
    expect((await call(server, 'POST', `/api/staff/admin/desks/${miDesk}/calendar`, adminCO, { preview: true, slotMinutes: 10 })).status).toBe(403);
    const exported = (await call(server, 'GET', `/api/staff/admin/offices/${mi}/export`, regional)).body;
    const refused = await call(server, 'POST', '/api/staff/admin/offices/import', adminCO, { format: 'json', content: JSON.stringify({ ...exported, provinces: [] }) });
    expect(refused.status).toBe(403);

    const coDesk = (await server.db.query<{ id: string }>("SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'CO01' AND d.number = 1")).rows[0]!.id;
    const preview = await call(server, 'POST', `/api/staff/admin/desks/${coDesk}/calendar`, adminCO, {
      preview: true, weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:30', to: '12:30', places: 2 })).concat([{ weekday: 3, from: '14:00', to: '16:00', places: 1 }]),
    });
    expect([preview.status, preview.body.applied, preview.body.removed.length > 0, preview.body.added.length > 0]).toEqual([200, false, true, true]);
    const bad = await call(server, 'POST', `/api/staff/admin/desks/${coDesk}/calendar`, adminCO, { weekly: [{ weekday: 1, from: '09:00', to: '09:05', places: 1 }] });
    expect([bad.status, bad.body.code, bad.body.fields[0].code]).toEqual([422, 'invalid_calendar', 'slot_length_not_dividing']);
    const applied = await call(server, 'POST', `/api/staff/admin/desks/${coDesk}/calendar`, adminCO, { addExceptions: [{ date: workingDay(45, server.now()), kind: 'closed', reason: 'Assemblea' }] });
    expect(applied.body.applied).toBe(true);
    const audit = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'staff.catalog.write' AND resource_id = $1", [coDesk]);
    expect(audit.rows[0]!.n).toBeGreaterThanOrEqual(1);
    const badFile = await call(server, 'POST', '/api/staff/admin/offices/import', regional, { format: 'csv', content: 'province,office_code\nMI,MI77' });
    expect([badFile.status, badFile.body.code, badFile.body.fields.length > 0]).toEqual([422, 'invalid_office_file', true]);
  });
});
