// Accounts, roles and scopes through the admin API: an office admin manages only their
// office; a regional admin everything. Demo users and the production start check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, disableDemoUsers } from '../../src/users/demo-users.js';
import { totpCode } from '../../src/auth/totp.js';
import { loadConfig } from '../../src/platform/config.js';
import { testDatabases } from '../support/databases.js';
import { Browser, createStaff, sessionCookie, startIdentityServer, testSettings, type IdentityTestServer } from './identity-support.js';

const PASSWORD = 'correct horse battery staple';

describe.each(testDatabases)('managing staff accounts on $name', (database) => {
  let s: IdentityTestServer;
  let regionAdmin: Browser;
  let comoAdmin: Browser;
  let como: string;
  let comoDesk: string;
  let regionAdminId: string;

  async function as(userId: string): Promise<Browser> {
    const b = new Browser(s.url);
    const session = await sessionCookie(s.db, s.settings, { userId });
    b.cookies.set('sportello_session', session.cookie.split('=')[1]!);
    b.csrf = session.csrf;
    return b;
  }

  beforeAll(async () => {
    s = await startIdentityServer(database, testSettings());
    regionAdminId = await createStaff(s.db, { username: 'a.region', grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] });
    const comoAdminId = await createStaff(s.db, { username: 'a.como', grants: [{ role: 'office_admin', scope: { kind: 'office', code: 'CO01' } }] });
    await createStaff(s.db, { username: 'op.milano', password: PASSWORD, grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }] });
    regionAdmin = await as(regionAdminId);
    comoAdmin = await as(comoAdminId);
    como = (await s.db.query<{ id: string }>("SELECT id FROM office WHERE code = 'CO01'")).rows[0]!.id;
    comoDesk = (await s.db.query<{ id: string }>("SELECT id FROM desk WHERE office_id = $1 AND key = 'invalidita-civile'", [como])).rows[0]!.id;
  });
  afterAll(async () => s.close());

  it('lists the roles with their scope kinds', async () => {
    const res = await comoAdmin.get('/api/staff/roles');
    expect(res.body.items.find((r: any) => r.role === 'reception_agent')).toMatchObject({ scopes: ['province'], label: { it: 'Operatore del numero provinciale' } });
  });

  it('lets an office admin create accounts in their office only', async () => {
    const ok = await comoAdmin.post('/api/staff/users', {
      username: 'Op.Nuovo', displayName: 'Operatore nuovo', email: 'op.nuovo@inps.example', password: PASSWORD,
      grants: [{ role: 'desk_operator', scope: { kind: 'desk', id: comoDesk } }, { role: 'station', scope: { kind: 'office', id: como } }],
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ username: 'op.nuovo', active: true, locked: false, totpEnabled: false, sso: false, demo: false });
    expect(ok.body.grants.map((g: any) => [g.role, g.scope.kind, g.scope.officeCode])).toEqual(expect.arrayContaining([['desk_operator', 'desk', 'CO01'], ['station', 'office', 'CO01']]));
    const province = await comoAdmin.post('/api/staff/users', { username: 'rec.bg', displayName: 'x', password: PASSWORD, grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'BG' } }] });
    expect(province.status).toBe(403);
    const region = await comoAdmin.post('/api/staff/users', { username: 'king', displayName: 'x', password: PASSWORD, grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] });
    expect(region.status).toBe(403);
    const none = await comoAdmin.post('/api/staff/users', { username: 'floating', displayName: 'x', password: PASSWORD, grants: [] });
    expect(none.status).toBe(400);
    const wrongKind = await comoAdmin.post('/api/staff/users', { username: 'wrong.kind', displayName: 'x', password: PASSWORD, grants: [{ role: 'reception_agent', scope: { kind: 'office', id: como } }] });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.fields[0].code).toBe('scope_not_allowed_for_role');
    const dup = await comoAdmin.post('/api/staff/users', { username: 'op.nuovo', displayName: 'x', password: PASSWORD, grants: [{ role: 'station', scope: { kind: 'office', id: como } }] });
    expect(dup.status).toBe(409);
    const weak = await comoAdmin.post('/api/staff/users', { username: 'weakling', displayName: 'x', password: 'weakling123', grants: [{ role: 'station', scope: { kind: 'office', id: como } }] });
    expect(weak.status).toBe(422);
    expect(weak.body.fields.map((f: any) => f.code)).toEqual(expect.arrayContaining(['password_too_short', 'password_contains_username']));
  });

  it('shows an office admin only the accounts of their office', async () => {
    const mine = await comoAdmin.get('/api/staff/users');
    const names = mine.body.items.map((u: any) => u.username);
    expect(names).toContain('op.nuovo');
    expect(names).toContain('a.como');
    expect(names).not.toContain('op.milano');
    expect(names).not.toContain('a.region');
    expect((await comoAdmin.get(`/api/staff/users/${regionAdminId}`)).status).toBe(404);
    expect((await comoAdmin.request('PATCH', `/api/staff/users/${regionAdminId}`, { active: false })).status).toBe(403);
    const all = await regionAdmin.get('/api/staff/users?limit=2');
    expect(all.body.items).toHaveLength(2);
    expect(all.body.nextCursor).toBeTruthy();
    const search = await regionAdmin.get('/api/staff/users?q=milano');
    expect(search.body.items.map((u: any) => u.username)).toEqual(['op.milano']);
    // By role (the admin screens' pickers): only the accounts holding it.
    const byRole = await regionAdmin.get('/api/staff/users?role=office_admin&limit=200');
    expect(byRole.body.items.map((u: any) => u.username)).toContain('a.como');
    expect(byRole.body.items.every((u: any) => u.grants.some((g: any) => g.role === 'office_admin'))).toBe(true);
    expect((await regionAdmin.get('/api/staff/users?role=nobody')).status).toBe(400);
  });

  it('changes roles, ends sessions, disables, unlocks', async () => {
    const user = (await regionAdmin.get('/api/staff/users?q=op.milano')).body.items[0];
    const b = new Browser(s.url);
    expect((await b.post('/api/auth/login', { username: 'op.milano', password: PASSWORD })).status).toBe(200);
    const changed = await regionAdmin.request('PUT', `/api/staff/users/${user.id}/grants`, { grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'MI' } }] });
    expect(changed.status).toBe(200);
    expect(changed.body.grants.map((g: any) => g.role)).toEqual(['reception_agent']);
    expect((await b.get('/api/auth/session')).body.authenticated).toBe(false); // old roles do not linger
    await s.db.query("UPDATE staff_user SET locked_until = now() + interval '1 hour' WHERE id = $1", [user.id]);
    expect((await regionAdmin.get(`/api/staff/users/${user.id}`)).body.locked).toBe(true);
    expect((await regionAdmin.post(`/api/staff/users/${user.id}/unlock`)).status).toBe(204);
    expect((await b.post('/api/auth/login', { username: 'op.milano', password: PASSWORD })).status).toBe(200);
    const disabled = await regionAdmin.request('PATCH', `/api/staff/users/${user.id}`, { active: false });
    expect(disabled.body.active).toBe(false);
    expect((await b.get('/api/auth/session')).body.authenticated).toBe(false);
    expect((await b.post('/api/auth/login', { username: 'op.milano', password: PASSWORD })).status).toBe(401);
    expect((await regionAdmin.request('PATCH', `/api/staff/users/${regionAdminId}`, { active: false })).status).toBe(409);
    const audit = await s.db.query<{ action: string }>("SELECT action FROM audit_log WHERE actor_name = 'a.region' AND resource_id = $1 ORDER BY id", [user.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['staff.users.grants', 'staff.users.unlock', 'staff.users.update']);
  });

  it('sets a new password and resets a lost second factor', async () => {
    const id = await createStaff(s.db, { username: 'forgetful', password: PASSWORD, totpSecret: DEMO_TOTP_SECRET, settings: s.settings, grants: [{ role: 'station', scope: { kind: 'office', code: 'CO01' } }] });
    expect((await comoAdmin.post(`/api/staff/users/${id}/password`, { password: 'short' })).status).toBe(422);
    expect((await comoAdmin.post(`/api/staff/users/${id}/password`, { password: 'a brand new passphrase' })).status).toBe(204);
    expect((await comoAdmin.request('DELETE', `/api/staff/users/${id}/totp`)).status).toBe(204);
    const b = new Browser(s.url);
    expect((await b.post('/api/auth/login', { username: 'forgetful', password: 'a brand new passphrase' })).body.status).toBe('signed_in');
  });
});

describe('demo users and the production check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-demo-'));
  const base = { DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', WEB_ROOT: '/nonexistent', DEMO_ACTIVITY_DAYS: '1' } as NodeJS.ProcessEnv;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds one demo user per role; production refuses to start while they exist', async () => {
    const dev = await startApp(loadConfig(base), { logger: false });
    try {
      const users = (await dev.db.query<{ username: string; demo: boolean }>('SELECT username, demo FROM staff_user ORDER BY username')).rows;
      expect(users.map((u) => u.username).sort()).toEqual(DEMO_USERS.map((u) => u.username).sort());
      expect(new Set(DEMO_USERS.map((u) => u.role)).size).toBe(8);
      const b = new Browser(dev.url);
      expect((await b.post('/api/auth/login', { username: 'operatore.como', password: DEMO_PASSWORD })).body.status).toBe('signed_in');
      const admin = new Browser(dev.url);
      expect((await admin.post('/api/auth/login', { username: 'admin.regione', password: DEMO_PASSWORD })).body.status).toBe('totp_required');
      expect((await admin.post('/api/auth/login/totp', { code: totpCode(DEMO_TOTP_SECRET) })).body.status).toBe('signed_in');
    } finally {
      await dev.close();
    }
    await expect(startApp(loadConfig({ ...base, NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) }), { logger: false })).rejects.toThrow(/demo accounts.*admin\.regione/s);
    await expect(startApp(loadConfig({ ...base, NODE_ENV: 'production' }), { logger: false })).rejects.toThrow(/AUTH_SECRET/);
  });

  it('starts in production once the demo accounts are gone and a secret is set', async () => {
    const dev = await startApp(loadConfig(base), { logger: false, demo: false });
    try {
      expect(await disableDemoUsers(dev.db)).toBe(DEMO_USERS.length);
    } finally {
      await dev.close();
    }
    const prod = await startApp(loadConfig({ ...base, NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) }), { logger: false });
    await prod.close();
  });
});
