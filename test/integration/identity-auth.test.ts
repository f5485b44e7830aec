// Staff sign-in end to end over HTTP, on PGlite and on PostgreSQL: password, lockout,
// TOTP (enrolment, replay), sessions (idle and absolute expiry, logout), CSRF, cookies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.js';
import { DEMO_TOTP_SECRET } from '../../src/users/demo-users.js';
import { testDatabases } from '../support/databases.js';
import { Browser, createStaff, startIdentityServer, testSettings, type IdentityTestServer } from './identity-support.js';

const PASSWORD = 'correct horse battery staple';
const STEP = 30_000;

describe.each(testDatabases)('staff sign-in on $name', (database) => {
  let s: IdentityTestServer;
  beforeAll(async () => {
    s = await startIdentityServer(database, testSettings({ loginMaxFailures: 3, loginLockMinutes: 15, sessionIdleMinutes: 30 }));
    await createStaff(s.db, { username: 'op.como', password: PASSWORD, grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } }] });
    await createStaff(s.db, { username: 'locked.one', password: PASSWORD, grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } }] });
    await createStaff(s.db, { username: 'boss', password: PASSWORD, grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] });
    await createStaff(s.db, { username: 'boss2', password: PASSWORD, totpSecret: DEMO_TOTP_SECRET, settings: s.settings, grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] });
  });
  afterAll(async () => s.close());

  const auditOf = async (username: string) =>
    (await s.db.query<{ action: string; outcome: string }>('SELECT action, outcome FROM audit_log WHERE actor_name = $1 ORDER BY id', [username])).rows;

  it('signs a staff member in and out, with an HttpOnly SameSite cookie and a CSRF token', async () => {
    const b = new Browser(s.url);
    const login = await b.post('/api/auth/login', { username: 'OP.Como', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.status).toBe('signed_in');
    const setCookie = login.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/sportello_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const me = await b.get('/api/auth/session');
    expect(me.body).toMatchObject({ authenticated: true, kind: 'staff', user: { username: 'op.como', roles: ['desk_operator'], totpEnabled: false } });
    expect(me.body.csrfToken).toBe(login.body.csrfToken);
    expect(me.body.user.grants[0].scope).toMatchObject({ kind: 'office', officeCode: 'CO01', provinceCode: 'CO', regionCode: 'LOM' });

    const stolen = b.cookieHeader();
    expect((await b.post('/api/auth/logout')).status).toBe(204);
    expect((await b.get('/api/auth/session')).body.authenticated).toBe(false);
    // The old cookie is dead on the server too.
    const replay = await fetch(`${s.url}/api/auth/session`, { headers: { cookie: stolen } });
    expect((await replay.json()).authenticated).toBe(false);
    expect(await auditOf('op.como')).toEqual(expect.arrayContaining([{ action: 'auth.login', outcome: 'success' }, { action: 'auth.logout', outcome: 'success' }]));
  });

  it('answers a wrong password and an unknown user alike, and audits both', async () => {
    const b = new Browser(s.url);
    const wrong = await b.post('/api/auth/login', { username: 'op.como', password: 'not the password' });
    const unknown = await b.post('/api/auth/login', { username: 'nobody.here', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Alike in everything but the request id, which is each request's own (X-Request-Id).
    const { requestId: unknownId, ...unknownBody } = unknown.body;
    const { requestId: wrongId, ...wrongBody } = wrong.body;
    expect(unknownBody).toEqual(wrongBody);
    expect([unknownId, wrongId]).toEqual([unknown.headers.get('x-request-id'), wrong.headers.get('x-request-id')]);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(await auditOf('nobody.here')).toEqual([{ action: 'auth.login', outcome: 'failure' }]);
    // One wrong attempt, then a good one: the counter starts again.
    expect((await b.post('/api/auth/login', { username: 'op.como', password: PASSWORD })).status).toBe(200);
    const row = await s.db.query<{ failed_logins: number }>("SELECT failed_logins FROM staff_user WHERE username = 'op.como'");
    expect(row.rows[0]!.failed_logins).toBe(0);
  });

  it('locks an account after repeated failures, even against the right password, until the lock ends', async () => {
    const b = new Browser(s.url);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await b.post('/api/auth/login', { username: 'locked.one', password: `wrong ${i}` })).status);
    expect(statuses).toEqual([401, 401, 423]);
    const locked = await b.post('/api/auth/login', { username: 'locked.one', password: PASSWORD });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('account_locked');
    expect(await auditOf('locked.one')).toEqual(expect.arrayContaining([{ action: 'auth.lockout', outcome: 'failure' }, { action: 'auth.login', outcome: 'denied' }]));
    // The lock expires (15 minutes later).
    await s.db.query("UPDATE staff_user SET locked_until = now() - interval '1 second' WHERE username = 'locked.one'");
    expect((await b.post('/api/auth/login', { username: 'locked.one', password: PASSWORD })).status).toBe(200);
  });

  it('requires an admin to enrol a TOTP second factor, then to give a code at every sign-in; a code works once', async () => {
    const b = new Browser(s.url);
    const t0 = Date.now(); // one instant for the codes: the test does not depend on where a 30 s step ends
    const first = await b.post('/api/auth/login', { username: 'boss', password: PASSWORD });
    expect(first.body.status).toBe('totp_enrolment_required');
    const secret: string = first.body.totp.secret;
    expect(first.body.totp.uri).toMatch(/^otpauth:\/\/totp\/Sportello:boss\?/);
    // Half signed in: no access yet.
    expect((await b.get('/api/staff/users')).status).toBe(401);
    expect((await b.get('/api/auth/session')).body.authenticated).toBe(false);
    const wrong = await b.post('/api/auth/login/totp', { code: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_totp');
    const ok = await b.post('/api/auth/login/totp', { code: totpCode(secret, t0) });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('signed_in');
    expect((await b.get('/api/staff/users')).status).toBe(200);
    expect((await b.get('/api/auth/session')).body.user.totpEnabled).toBe(true);
    await b.post('/api/auth/logout');

    // Enrolled: password, then a code; the code already used is refused, the next one accepted.
    const again = await b.post('/api/auth/login', { username: 'boss', password: PASSWORD });
    expect(again.body).toEqual({ status: 'totp_required', csrfToken: expect.any(String) });
    expect((await b.post('/api/auth/login/totp', { code: totpCode(secret, t0) })).status).toBe(401);
    expect((await b.post('/api/auth/login/totp', { code: totpCode(secret, t0 + STEP) })).status).toBe(200);
  });

  it('counts wrong TOTP codes towards the lockout', async () => {
    const b = new Browser(s.url);
    expect((await b.post('/api/auth/login', { username: 'boss2', password: PASSWORD })).body.status).toBe('totp_required');
    expect((await b.post('/api/auth/login/totp', { code: '111111' })).status).toBe(401);
    expect((await b.post('/api/auth/login/totp', { code: '222222' })).status).toBe(401);
    expect((await b.post('/api/auth/login/totp', { code: '333333' })).status).toBe(423);
    expect((await b.post('/api/auth/login/totp', { code: totpCode(DEMO_TOTP_SECRET) })).status).toBe(423);
    await s.db.query("UPDATE staff_user SET locked_until = NULL WHERE username = 'boss2'");
  });

  it('refuses a cookie-authenticated write without the CSRF token, and ignores the cookie on public writes', async () => {
    const b = new Browser(s.url);
    await b.post('/api/auth/login', { username: 'op.como', password: PASSWORD });
    const token = b.csrf!;
    b.csrf = null;
    const none = await b.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another long passphrase' });
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('csrf_failed');
    const bad = await b.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another long passphrase' }, { 'x-csrf-token': token.slice(1) + 'x' });
    expect(bad.body.code).toBe('csrf_failed');
    // A forged sign-out (public route) proceeds without the session: it cannot end it.
    expect((await b.post('/api/auth/logout')).status).toBe(204);
    b.cookies.clear();
    // (the browser dropped its cookie, the server session still lives)
    const live = await s.db.query<{ n: number }>("SELECT count(*)::int AS n FROM auth_session s JOIN staff_user u ON u.id = s.user_id WHERE u.username = 'op.como'");
    expect(live.rows[0]!.n).toBeGreaterThan(0);
  });

  it('ends a session after the idle timeout and after the absolute lifetime', async () => {
    const idle = new Browser(s.url);
    await idle.post('/api/auth/login', { username: 'op.como', password: PASSWORD });
    expect((await idle.get('/api/auth/session')).body.authenticated).toBe(true);
    await s.db.query(`UPDATE auth_session SET last_seen_at = now() - interval '31 minutes' WHERE csrf_token = $1`, [idle.csrf]);
    expect((await idle.get('/api/auth/session')).body.authenticated).toBe(false);

    const old = new Browser(s.url);
    await old.post('/api/auth/login', { username: 'op.como', password: PASSWORD });
    await s.db.query(`UPDATE auth_session SET last_seen_at = now() - interval '29 minutes' WHERE csrf_token = $1`, [old.csrf]);
    expect((await old.get('/api/auth/session')).body.authenticated).toBe(true); // activity keeps it alive…
    await s.db.query(`UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE csrf_token = $1`, [old.csrf]);
    expect((await old.get('/api/auth/session')).body.authenticated).toBe(false); // …not past its absolute expiry
    expect((await old.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'x' })).status).toBe(401);
  });

  it('enforces the password rules and ends the other sessions on a change', async () => {
    await createStaff(s.db, { username: 'changer', password: PASSWORD, grants: [{ role: 'station', scope: { kind: 'office', code: 'CO01' } }] });
    const a = new Browser(s.url);
    const other = new Browser(s.url);
    await a.post('/api/auth/login', { username: 'changer', password: PASSWORD });
    await other.post('/api/auth/login', { username: 'changer', password: PASSWORD });
    const weak = await a.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'changer-1234567' });
    expect(weak.status).toBe(422);
    expect(weak.body.fields.map((f: any) => f.code)).toContain('password_contains_username');
    const short = await a.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.body.fields.map((f: any) => f.code)).toContain('password_too_short');
    const common = await a.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Password123456' });
    expect(common.body.fields.map((f: any) => f.code)).toContain('password_common');
    expect((await a.post('/api/auth/password', { currentPassword: 'nope', newPassword: 'a much better passphrase' })).status).toBe(401);
    expect((await a.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a much better passphrase' })).status).toBe(204);
    expect((await a.get('/api/auth/session')).body.authenticated).toBe(true);
    expect((await other.get('/api/auth/session')).body.authenticated).toBe(false);
  });
});

describe('sign-in behind TLS and abuse limits', () => {
  let s: IdentityTestServer;
  beforeAll(async () => {
    s = await startIdentityServer(testDatabases[0]!, testSettings({
      secure: true,
      rateLimits: { login: { max: 3, timeWindow: 60_000 }, lookup: { max: 100, timeWindow: 60_000 }, lookupPerTaxCode: { max: 100, timeWindow: 60_000 }, booking: { max: 0, timeWindow: 60_000 } },
    }));
    await createStaff(s.db, { username: 'op.como', password: PASSWORD, grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } }] });
  });
  afterAll(async () => s.close());

  it('uses a Secure __Host- cookie and sends HSTS', async () => {
    const b = new Browser(s.url);
    const login = await b.post('/api/auth/login', { username: 'op.como', password: PASSWORD });
    expect(login.headers.getSetCookie().join('\n')).toMatch(/^__Host-sportello_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect(login.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(login.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(login.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('rate-limits sign-in attempts per address with a problem+json 429', async () => {
    const b = new Browser(s.url);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await b.post('/api/auth/login', { username: 'op.como', password: 'wrong' })).status);
    expect(statuses.slice(-1)).toEqual([429]);
    const limited = await b.post('/api/auth/login', { username: 'op.como', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('too_many_requests');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('refuses oversized sign-in bodies', async () => {
    const res = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x', password: 'y'.repeat(20_000) }),
    });
    expect([413, 429]).toContain(res.status);
  });
});

describe('server logs', () => {
  it('never show tax codes, phones, e-mails, passwords or cookies', async () => {
    const { Writable } = await import('node:stream');
    const { loggerOptions } = await import('../../src/platform/logging.js');
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const s = await startIdentityServer(testDatabases[0]!, testSettings(), { logger: { ...loggerOptions('info'), stream } });
    try {
      await createStaff(s.db, { username: 'op.log', password: PASSWORD, grants: [{ role: 'station', scope: { kind: 'office', code: 'CO01' } }] });
      const b = new Browser(s.url);
      await b.get('/api/offices?q=RSSMRA85T10A562S');
      await b.get('/api/offices?q=mario.rossi%40example.it');
      await b.post('/api/auth/login', { username: 'op.log', password: PASSWORD });
      await b.get('/api/auth/session');
      const out = lines.join('');
      expect(out).toContain('incoming request');
      expect(out).toContain('RSS************S');
      expect(out).not.toMatch(/RSSMRA85T10A562S|mario\.rossi|correct horse|sportello_session=/);
    } finally {
      await s.close();
    }
  });
});

describe('rate-limit presets for the booking routes', () => {
  it('limit per address and per tax code (body or query), with problem+json 429', async () => {
    const Fastify = (await import('fastify')).default;
    const { identityPlugin } = await import('../../src/auth/http.js');
    const { errorHandler } = await import('../../src/platform/problem.js');
    const app = Fastify({ trustProxy: 'loopback' });
    app.setErrorHandler(errorHandler);
    await app.register(identityPlugin, {
      db: {} as never,
      settings: testSettings({ rateLimits: { login: { max: 5, timeWindow: 60_000 }, lookup: { max: 5, timeWindow: 60_000 }, lookupPerTaxCode: { max: 2, timeWindow: 60_000 }, booking: { max: 0, timeWindow: 60_000 } } }),
    });
    app.post('/api/bookings/lookup', { config: { policy: 'public', rateLimit: app.identity.rateLimits.lookup }, preHandler: app.identity.limitPerTaxCode }, async () => ({ ok: true }));
    await app.ready();
    const lookup = (taxCode: string, ip = '198.51.100.1') =>
      app.inject({ method: 'POST', url: '/api/bookings/lookup', payload: { taxCode }, headers: { 'x-forwarded-for': ip } });
    expect((await lookup('RSSMRA85T10A562S')).statusCode).toBe(200);
    expect((await lookup('rssmra85t10a562s')).statusCode).toBe(200);
    const third = await lookup('RSSMRA85T10A562S', '198.51.100.2'); // another address, same person
    expect(third.statusCode).toBe(429);
    expect(third.json().code).toBe('too_many_requests');
    expect((await lookup('VRDGPP80A01F205X')).statusCode).toBe(200);
    expect((await lookup('BNCLRA90A41F205Z')).statusCode).toBe(200);
    expect((await lookup('BNCLRA90A41F205A')).statusCode).toBe(200);
    expect((await lookup('BNCLRA90A41F205B')).statusCode).toBe(429); // the 6th from one address
    await app.close();
  });

  it('without a trusted proxy (TRUST_PROXY=false) a forged X-Forwarded-For changes nothing: the limit keys on the connecting address', async () => {
    const Fastify = (await import('fastify')).default;
    const { identityPlugin } = await import('../../src/auth/http.js');
    const { errorHandler } = await import('../../src/platform/problem.js');
    const { parseTrustProxy } = await import('../../src/auth/settings.js');
    const app = Fastify({ trustProxy: parseTrustProxy('false') as boolean });
    app.setErrorHandler(errorHandler);
    await app.register(identityPlugin, {
      db: {} as never,
      settings: testSettings({ rateLimits: { login: { max: 5, timeWindow: 60_000 }, lookup: { max: 3, timeWindow: 60_000 }, lookupPerTaxCode: { max: 99, timeWindow: 60_000 }, booking: { max: 0, timeWindow: 60_000 } } }),
    });
    app.post('/api/bookings/lookup', { config: { policy: 'public', rateLimit: app.identity.rateLimits.lookup } }, async () => ({ ok: true }));
    await app.ready();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/bookings/lookup', payload: { taxCode: 'RSSMRA85T10A562S' }, headers: { 'x-forwarded-for': `198.51.100.${i + 10}` } });
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    await app.close();
  });
});
