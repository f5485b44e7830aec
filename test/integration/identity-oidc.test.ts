// Single sign-on end to end against a real OpenID Connect provider (oidc-provider, on
// 127.0.0.1): authorization code + PKCE, the group → role mapping for staff, and the
// citizen's sign-in that fills in the tax code (SPID style TINIT-…).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRoleMapping } from '../../src/users/role-mapping.js';
import { testDatabases } from '../support/databases.js';
import { Browser, startIdentityServer, testSettings, type IdentityTestServer } from './identity-support.js';

const ACCOUNTS: Record<string, Record<string, unknown>> = {
  alice: { preferred_username: 'alice', name: 'Alice Operatrice', email: 'alice@inps.example', groups: ['sportello-CO01-operatori', 'staff'] },
  ugo: { preferred_username: 'ugo', name: 'Ugo URP', email: 'ugo@inps.example', groups: ['urp-lombardia'] },
  nobody: { preferred_username: 'nobody', name: 'No Role', groups: ['staff'] },
  mario: { given_name: 'Mario', family_name: 'Rossi', fiscal_number: 'TINIT-RSSMRA85T10A562S' },
  anon: { given_name: 'Senza', family_name: 'Codice' },
};

const MAPPING = parseRoleMapping(JSON.stringify([
  { claim: 'groups', match: '^sportello-(?<office>[A-Z0-9]+)-operatori$', role: 'desk_operator', scope: { office: '$<office>' } },
  { claim: 'groups', equals: 'urp-lombardia', role: 'urp_monitor', scope: { region: 'LOM' } },
  { claim: 'groups', equals: 'sportello-XX99-operatori', role: 'desk_operator', scope: { office: 'XX99' } },
]));

async function startProvider(): Promise<{ issuer: string; server: Server; setRedirects(staff: string, citizen: string): void }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let handler: ((req: any, res: any) => void) | undefined;
  server.on('request', (req, res) => handler?.(req, res));
  return {
    issuer,
    server,
    setRedirects(staff, citizen) {
      const provider = new Provider(issuer, {
        clients: [
          { client_id: 'sportello-staff', client_secret: 'staff-secret', redirect_uris: [staff], token_endpoint_auth_method: 'client_secret_post' },
          { client_id: 'sportello-citizen', client_secret: 'citizen-secret', redirect_uris: [citizen], token_endpoint_auth_method: 'client_secret_post' },
        ],
        claims: {
          openid: ['sub'],
          profile: ['name', 'given_name', 'family_name', 'preferred_username', 'fiscal_number'],
          email: ['email'],
          groups: ['groups'],
        },
        scopes: ['openid', 'profile', 'email', 'groups'],
        pkce: { required: () => true },
        cookies: { keys: ['test-cookie-key-0123456789'] },
        features: { devInteractions: { enabled: true } },
        async findAccount(_ctx: unknown, id: string) {
          return { accountId: id, claims: async () => ({ sub: id, ...(ACCOUNTS[id] ?? {}) }) };
        },
      });
      handler = provider.callback();
    },
  };
}

describe.each(testDatabases)('OpenID Connect sign-in on $name', (database) => {
  let idp: Awaited<ReturnType<typeof startProvider>>;
  let s: IdentityTestServer;

  beforeAll(async () => {
    ACCOUNTS.alice!.groups = ['sportello-CO01-operatori', 'staff'];
    idp = await startProvider();
    // The redirect URIs need Sportello's port: start it, then register the clients.
    const base = testSettings({ oidcAllowHttp: true });
    const placeholder = 'http://127.0.0.1:1';
    const settings = {
      ...base,
      staffOidc: { issuer: idp.issuer, clientId: 'sportello-staff', clientSecret: 'staff-secret', redirectUri: `${placeholder}/api/auth/staff/callback`, scopes: 'openid profile email groups', roleMapping: MAPPING },
      citizenOidc: { issuer: idp.issuer, clientId: 'sportello-citizen', clientSecret: 'citizen-secret', redirectUri: `${placeholder}/api/auth/citizen/callback`, scopes: 'openid profile' },
    };
    s = await startIdentityServer(database, settings);
    settings.staffOidc.redirectUri = `${s.url}/api/auth/staff/callback`;
    settings.citizenOidc.redirectUri = `${s.url}/api/auth/citizen/callback`;
    idp.setRedirects(settings.staffOidc.redirectUri, settings.citizenOidc.redirectUri);
  });
  afterAll(async () => {
    await s?.close();
    await new Promise((resolve) => idp?.server.close(resolve));
  });

  /** Runs the provider's login and consent pages as `account`; returns Sportello's callback answer. */
  async function signIn(b: Browser, start: string, account: string) {
    const started = await b.get(start);
    expect(started.status).toBe(302);
    const authUrl = new URL(started.headers.get('location')!);
    expect(authUrl.origin).toBe(idp.issuer);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authUrl.searchParams.get('state')).toBeTruthy();
    expect(authUrl.searchParams.get('nonce')).toBeTruthy();
    const op = new Browser(idp.issuer);
    let res = await op.follow(await op.get(authUrl.href));
    for (let i = 0; i < 4 && res.status === 200; i++) {
      const uid = /action="[^"]*\/interaction\/([^"/]+)"/.exec(res.text)?.[1];
      expect(uid, res.text.slice(0, 500)).toBeTruthy();
      const data: Record<string, string> = res.text.includes('name="login"') ? { prompt: 'login', login: account, password: 'x' } : { prompt: 'consent' };
      res = await op.follow(await op.form(`/interaction/${uid}`, data));
    }
    const callback = new URL(res.headers.get('location')!);
    expect(callback.origin).toBe(s.url);
    return { callback, answer: await b.get(callback.pathname + callback.search) };
  }

  it('signs a staff member in through the provider and maps the groups to roles and scopes', async () => {
    const b = new Browser(s.url);
    const { answer } = await signIn(b, '/api/auth/staff/login?returnTo=/admin/utenti', 'alice');
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/admin/utenti');
    const me = (await b.get('/api/auth/session')).body;
    expect(me).toMatchObject({ authenticated: true, kind: 'staff', user: { username: 'alice', displayName: 'Alice Operatrice', email: 'alice@inps.example', roles: ['desk_operator'], method: 'oidc' } });
    expect(me.user.grants).toEqual([expect.objectContaining({ role: 'desk_operator', source: 'oidc', scope: expect.objectContaining({ kind: 'office', officeCode: 'CO01' }) })]);
    const link = await s.db.query('SELECT * FROM staff_identity WHERE subject = $1', ['alice']);
    expect(link.rows).toHaveLength(1);
    const audit = await s.db.query<any>("SELECT * FROM audit_log WHERE action = 'auth.login' AND actor_name = 'alice'");
    expect(audit.rows[0]).toMatchObject({ outcome: 'success', details: expect.objectContaining({ method: 'oidc', created: true }) });
  });

  it('refreshes the mapped roles at every sign-in', async () => {
    ACCOUNTS.alice!.groups = ['urp-lombardia'];
    const b = new Browser(s.url);
    await signIn(b, '/api/auth/staff/login', 'alice');
    const me = (await b.get('/api/auth/session')).body;
    expect(me.user.roles).toEqual(['urp_monitor']);
    expect(me.user.grants[0].scope).toMatchObject({ kind: 'region', regionCode: 'LOM' });
    expect((await b.get('/api/staff/audit')).status).toBe(200);
    expect((await s.db.query('SELECT 1 FROM staff_user WHERE username LIKE $1', ['alice%'])).rows).toHaveLength(1);
  });

  it('refuses a staff member whose groups map to no role', async () => {
    const b = new Browser(s.url);
    const { answer } = await signIn(b, '/api/auth/staff/login', 'nobody');
    expect(answer.headers.get('location')).toBe('/admin/accesso?errore=sso_no_role');
    expect((await b.get('/api/auth/session')).body.authenticated).toBe(false);
    expect((await s.db.query("SELECT 1 FROM staff_user WHERE username = 'nobody'")).rows).toHaveLength(0);
  });

  it('refuses a replayed or forged callback, and never redirects off-site', async () => {
    const b = new Browser(s.url);
    const { callback } = await signIn(b, '/api/auth/staff/login?returnTo=https://evil.example/', 'ugo');
    // (the first use above signed in and went to the default page, not off-site)
    expect((await b.get('/api/auth/session')).body.user.username).toBe('ugo');
    const replay = await new Browser(s.url).get(callback.pathname + callback.search);
    expect(replay.headers.get('location')).toBe('/admin/accesso?errore=sso_login_expired');

    const c = new Browser(s.url);
    const started = await c.get('/api/auth/staff/login');
    expect(started.status).toBe(302);
    const forged = await c.get(`/api/auth/staff/callback?code=forged&state=${encodeURIComponent('not-the-state')}&iss=${encodeURIComponent(idp.issuer)}`);
    expect(forged.headers.get('location')).toBe('/admin/accesso?errore=sso_failed');
    expect((await c.get('/api/auth/session')).body.authenticated).toBe(false);
  });

  it('signs a citizen in with the tax code of the identity (TINIT- prefix removed)', async () => {
    const b = new Browser(s.url);
    const { answer } = await signIn(b, '/api/auth/citizen/login?returnTo=/prenotazioni', 'mario');
    expect(answer.headers.get('location')).toBe('/prenotazioni');
    const me = (await b.get('/api/auth/session')).body;
    expect(me).toMatchObject({ authenticated: true, kind: 'citizen', citizen: { taxCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' }, user: null });
    // A citizen is no staff member.
    expect((await b.get('/api/staff/users')).status).toBe(403);
  });

  it('refuses a citizen identity without a valid tax code', async () => {
    const b = new Browser(s.url);
    const { answer } = await signIn(b, '/api/auth/citizen/login', 'anon');
    expect(answer.headers.get('location')).toBe('/?errore=sso_no_tax_code');
    expect((await b.get('/api/auth/session')).body.authenticated).toBe(false);
  });

  it('says which single sign-on is available', async () => {
    expect((await new Browser(s.url).get('/api/auth/session')).body.sso).toEqual({ staff: true, citizen: true });
  });
});
