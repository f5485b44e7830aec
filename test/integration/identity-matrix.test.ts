// The authorisation matrix: every route the server registers × every role (and anonymous,
// and a signed-in citizen), against the table below. A new route must be added here with
// who may call it; a route with no policy stops the server from starting at all.
// Also: cross-office access is denied by the policy with the real places of the demo data.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityPlugin } from '../../src/auth/http.js';
import { placeOfDesk } from '../../src/users/places.js';
import { loadGrants } from '../../src/users/staff.repository.js';
import { authorize, type Actor, type Role } from '../../src/policy/index.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';
import { createStaff, sessionCookie, startIdentityServer, testSettings, type IdentityTestServer } from './identity-support.js';
import { enrolledDevice } from './station-support.js';
import type { GrantRef } from '../../src/users/role-mapping.js';

/** 'device': an enrolled municipal station's device token (Authorization: Bearer), not a person. */
type Who = 'anonymous' | 'citizen' | 'device' | Role;
const STAFF_ROLES: Role[] = ['regional_admin', 'office_admin', 'urp_monitor', 'reception_agent', 'desk_operator', 'patronato_operator', 'labour_consultant', 'station'];
const EVERYONE: Who[] = ['anonymous', 'citizen', 'device', ...STAFF_ROLES];
const KIOSK: Who[] = ['device'];
const ADMINS: Who[] = ['regional_admin', 'office_admin'];
// Who may do each kind of staff work (the expected side of the matrix, written independently of src/policy).
const AGENDA: Who[] = [...ADMINS, 'desk_operator'];
const CALLS: Who[] = ['desk_operator'];
const MONITORING: Who[] = [...ADMINS, 'urp_monitor'];

/** Who may call each route (route level; places are checked by the use cases). */
const EXPECTED: Record<string, Who[]> = {
  'GET /healthz': EVERYONE,
  'GET /readyz': EVERYONE,
  // identity
  'GET /api/auth/session': EVERYONE,
  'POST /api/auth/login': EVERYONE,
  'POST /api/auth/login/totp': EVERYONE,
  'POST /api/auth/logout': EVERYONE,
  'GET /api/auth/staff/login': EVERYONE,
  'GET /api/auth/citizen/login': EVERYONE,
  'GET /api/auth/staff/callback': EVERYONE,
  'GET /api/auth/citizen/callback': EVERYONE,
  'POST /api/auth/password': STAFF_ROLES,
  'POST /api/auth/totp/setup': STAFF_ROLES,
  'POST /api/auth/totp/confirm': STAFF_ROLES,
  'DELETE /api/auth/totp': STAFF_ROLES,
  'GET /api/staff/roles': ADMINS,
  'GET /api/staff/users': ADMINS,
  'POST /api/staff/users': ADMINS,
  'GET /api/staff/users/:id': ADMINS,
  'PATCH /api/staff/users/:id': ADMINS,
  'PUT /api/staff/users/:id/grants': ADMINS,
  'POST /api/staff/users/:id/password': ADMINS,
  'POST /api/staff/users/:id/unlock': ADMINS,
  'DELETE /api/staff/users/:id/totp': ADMINS,
  'DELETE /api/staff/users/:id/sessions': ADMINS,
  'GET /api/staff/audit': [...ADMINS, 'urp_monitor'],
  'GET /api/staff/audit/export': [...ADMINS, 'urp_monitor'],
  'POST /api/staff/privacy/export': ['regional_admin'],
  'POST /api/staff/privacy/erase': ['regional_admin'],
  'POST /api/staff/retention/run': ['regional_admin'],
  'GET /api/citizen/bookings': ['citizen'],
  // the operator's day and the calls
  'GET /api/staff/operator/agenda': AGENDA,
  'GET /api/staff/operator/events': AGENDA,
  // video appointments: the citizen's side (the room's token, or its entry code, is the key), the operator's
  'POST /api/video/entry': EVERYONE,
  'GET /api/video/rooms/:token': EVERYONE,
  'GET /api/video/rooms/:token/signals': EVERYONE,
  'POST /api/video/rooms/:token/signals': EVERYONE,
  'GET /api/staff/video/bookings/:id': CALLS,
  'GET /api/staff/video/bookings/:id/signals': CALLS,
  'POST /api/staff/video/bookings/:id/signals': CALLS,
  'POST /api/staff/operator/duty': CALLS,
  'GET /api/staff/operator/duty/day': CALLS,
  'POST /api/staff/operator/duty/day': CALLS,
  'DELETE /api/staff/operator/duty/:id': CALLS,
  'POST /api/staff/calls': CALLS,
  'POST /api/staff/calls/:id/manual': CALLS,
  'POST /api/staff/calls/:id/hangup': CALLS,
  'POST /api/staff/agenda/bookings/:id/identity': CALLS,
  'POST /api/staff/agenda/bookings/:id/outcome': CALLS,
  'GET /api/staff/agenda/bookings/:id/history': AGENDA,
  'GET /api/staff/agenda/desks': AGENDA,
  'GET /api/staff/agenda/desks/:id': AGENDA,
  'GET /api/staff/agenda/desks/:id/documents': AGENDA,
  'PUT /api/staff/agenda/desks/:id/documents': ADMINS,
  'POST /api/staff/agenda/desks/:id/assign': ADMINS,
  'POST /api/staff/agenda/desks/:id/absent': ADMINS,
  'GET /api/staff/calls/flags': MONITORING,
  // telephony settings of an office, and the PBX's webhook
  'GET /api/staff/telephony/offices/:id': ADMINS,
  'PUT /api/staff/telephony/offices/:id': ADMINS,
  'POST /api/staff/telephony/offices/:id/import-history': ADMINS,
  'POST /api/staff/telephony/offices/:id/test': ADMINS,
  'POST /api/telephony/wildix/:id/events': EVERYONE, // the PBX's webhook: HMAC-signed, no session
  // catalogue (public)
  'GET /api/provinces': EVERYONE,
  'GET /api/towns': EVERYONE,
  'GET /api/offices': EVERYONE,
  'GET /api/offices/:id': EVERYONE,
  'GET /api/desks/:id': EVERYONE,
  'GET /api/desks/:id/slots': EVERYONE,
  // booking by citizens: code + tax code + PIN, no account (public)
  'GET /api/desks/:id/first-available': EVERYONE,
  'GET /api/desks/:id/alternatives': EVERYONE,
  'GET /api/desks/:id/challenge': EVERYONE,
  'POST /api/desks/:id/holds': EVERYONE,
  'DELETE /api/holds/:id': EVERYONE,
  'GET /api/desks/:id/contact-verification': EVERYONE,
  'POST /api/holds/:id/contact-code': EVERYONE,
  'POST /api/holds/:id/contact-code/check': EVERYONE,
  'POST /api/bookings': EVERYONE,
  'POST /api/bookings/lookup': EVERYONE,
  'POST /api/bookings/calendar': EVERYONE,
  'POST /api/bookings/cancel': EVERYONE,
  'POST /api/bookings/resend': EVERYONE,
  'POST /api/bookings/messages': EVERYONE,
  'POST /api/holds/:id/extend': EVERYONE,
  'POST /api/holds/:id/person-check': EVERYONE,
  'GET /api/notifications/channels': EVERYONE,
  'POST /api/bookings/move': EVERYONE,
  'POST /api/desks/:id/waitlist': EVERYONE,
  'POST /api/waitlist/find': EVERYONE,
  'POST /api/waitlist/:id/status': EVERYONE,
  'POST /api/waitlist/:id/accept': EVERYONE,
  'POST /api/waitlist/:id/leave': EVERYONE,
  // bookings handled by staff on a caller's behalf (places checked per booking)
  'GET /api/staff/bookings': [...ADMINS, 'urp_monitor', 'reception_agent', 'desk_operator', 'patronato_operator'],
  'POST /api/staff/bookings': [...ADMINS, 'reception_agent', 'desk_operator'],
  'POST /api/staff/bookings/:code/cancel': [...ADMINS, 'reception_agent', 'desk_operator', 'patronato_operator'],
  'POST /api/staff/bookings/:code/move': [...ADMINS, 'reception_agent', 'desk_operator', 'patronato_operator'],
  // patronati (docs/patronati.md): organisations by the regional administrator, a desk's share by its admins,
  // bookings under a mandate by a patronato's operator or the reception line answering the patronati's number
  'GET /api/staff/patronati': ['regional_admin'],
  'POST /api/staff/patronati': ['regional_admin'],
  'GET /api/staff/patronati/:id': ['regional_admin'],
  'PATCH /api/staff/patronati/:id': ['regional_admin'],
  'POST /api/staff/patronati/:id/offices': ['regional_admin'],
  'DELETE /api/staff/patronati/:id/offices/:officeId': ['regional_admin'],
  'PUT /api/staff/patronati/:id/operators/:userId': ['regional_admin'],
  'DELETE /api/staff/patronati/:id/operators/:userId': ['regional_admin'],
  'GET /api/staff/patronato-lines': ['regional_admin'],
  'PUT /api/staff/patronato-lines/:provinceCode': ['regional_admin'],
  'PUT /api/staff/desks/:deskId/patronato-share': ADMINS,
  'GET /api/staff/patronato/me': ['patronato_operator'],
  'GET /api/staff/patronato/desks': ['patronato_operator', 'reception_agent'],
  'GET /api/staff/patronato/desks/:deskId/availability': ['patronato_operator', 'reception_agent'],
  'POST /api/staff/patronato/bookings': ['patronato_operator', 'reception_agent'],
  'GET /api/staff/patronato/bookings': ['patronato_operator'],
  'GET /api/staff/patronato/callers': [...ADMINS, 'reception_agent'],
  // reception line: short answers and contact log
  'GET /api/staff/answers': [...ADMINS, 'urp_monitor', 'reception_agent', 'desk_operator'],
  'GET /api/staff/answers/:id': [...ADMINS, 'urp_monitor', 'reception_agent', 'desk_operator'],
  'GET /api/staff/answers/:id/history': [...ADMINS, 'urp_monitor', 'reception_agent', 'desk_operator'],
  'POST /api/staff/answers': ['regional_admin', 'urp_monitor'],
  'PATCH /api/staff/answers/:id': ['regional_admin', 'urp_monitor'],
  'POST /api/staff/contacts': ['reception_agent'],
  'GET /api/staff/reception/calls': ['reception_agent'],
  'POST /api/staff/reception/calls/:id/take': ['reception_agent'],
  'GET /api/staff/contacts/mine': ['reception_agent'],
  'GET /api/staff/contacts/summary': [...ADMINS, 'urp_monitor'],
  // office administration
  'POST /api/staff/admin/desks/:id/calendar': ADMINS,
  'GET /api/staff/admin/offices/:id/export': ADMINS,
  'POST /api/staff/admin/offices/import': ADMINS,
  'GET /api/staff/admin/offices': ADMINS,
  'GET /api/staff/admin/offices/:id': ADMINS,
  'POST /api/staff/admin/offices/:id/desks': ADMINS,
  'PATCH /api/staff/admin/desks/:id': ADMINS,
  'PUT /api/staff/admin/desks/:id/roster': ADMINS,
  'GET /api/staff/admin/offices/:id/holidays': ADMINS,
  'POST /api/staff/admin/offices/:id/holidays': ADMINS,
  'DELETE /api/staff/admin/offices/:id/holidays/:date': ADMINS,
  'POST /api/staff/admin/offices/:id/absences': ADMINS,
  'DELETE /api/staff/admin/offices/:id/absences/:absenceId': ADMINS,
  // notifications: templates, queue and dead letters (region-wide); a desk's reminders (its office's admins)
  'GET /api/staff/notifications/templates': ['regional_admin'],
  'PUT /api/staff/notifications/templates/:kind/:language/:channel': ['regional_admin'],
  'DELETE /api/staff/notifications/templates/:kind/:language/:channel': ['regional_admin'],
  'POST /api/staff/notifications/templates/preview': ['regional_admin'],
  'GET /api/staff/notifications/jobs': ['regional_admin'],
  'GET /api/staff/notifications/outbox': ['regional_admin'],
  'POST /api/staff/notifications/jobs/:id/retry': ['regional_admin'],
  'GET /api/staff/notifications/stats': ['regional_admin'],
  'GET /api/staff/desks/:id/notifications': ADMINS,
  'PUT /api/staff/desks/:id/notifications': ADMINS,
  // URP monitoring (docs/monitoring-api.md); /metrics is open from loopback (token elsewhere)
  'GET /api/monitoring/live': MONITORING,
  'GET /api/monitoring/live/stream': MONITORING,
  'GET /api/monitoring/history': MONITORING,
  'GET /api/monitoring/contact-limits': MONITORING,
  'GET /api/monitoring/slot-length': MONITORING,
  'GET /api/monitoring/handling': MONITORING,
  'GET /api/monitoring/planning': MONITORING,
  'GET /api/monitoring/what-if': MONITORING,
  'GET /api/monitoring/operators': MONITORING,
  'GET /api/monitoring/alert-settings': MONITORING,
  'PUT /api/monitoring/alert-settings': ['regional_admin', 'urp_monitor'],
  'GET /api/monitoring/alerts': MONITORING,
  'GET /api/monitoring/export': MONITORING,
  'GET /metrics': EVERYONE,
  // the two-way drawer (docs/drawer.md): consultants on their delegated companies, the office on its queue
  'GET /api/drawer/subjects': STAFF_ROLES,
  'GET /api/drawer/companies': ['labour_consultant'],
  'GET /api/drawer/threads': ['labour_consultant'],
  'POST /api/drawer/threads': ['labour_consultant'],
  'GET /api/drawer/threads/:id': ['labour_consultant'],
  'POST /api/drawer/threads/:id/messages': ['labour_consultant'],
  'GET /api/drawer/attachments/:id': ['labour_consultant'],
  'GET /api/staff/drawer/threads': AGENDA,
  'GET /api/staff/drawer/threads/:id': AGENDA,
  'POST /api/staff/drawer/threads/:id/messages': AGENDA,
  'POST /api/staff/drawer/threads/:id/assign': AGENDA,
  'GET /api/staff/drawer/threads/:id/assignees': AGENDA,
  'POST /api/staff/drawer/threads/:id/close': AGENDA,
  'GET /api/staff/drawer/attachments/:id': AGENDA,
  'GET /api/staff/drawer/sla': MONITORING,
  'GET /api/staff/drawer/export': MONITORING,
  // the citizen's documents after a "documents needed" call (docs/drawer.md): the link is the key; the office reads them
  'POST /api/uploads/:id/status': EVERYONE,
  'POST /api/uploads/:id': EVERYONE,
  'GET /api/staff/agenda/bookings/:id/documents': AGENDA,
  'GET /api/staff/booking-documents/:id': AGENDA,
  'GET /api/staff/drawer/delegations': ADMINS,
  'POST /api/staff/drawer/companies': ADMINS,
  'GET /api/staff/drawer/companies': ADMINS,
  'GET /api/staff/drawer/consultants': ADMINS,
  'GET /api/staff/drawer/subjects': ['regional_admin'],
  'POST /api/staff/drawer/subjects': ['regional_admin'],
  'PATCH /api/staff/drawer/subjects/:id': ['regional_admin'],
  'DELETE /api/staff/drawer/subjects/:id': ['regional_admin'],
  'POST /api/staff/drawer/delegations': ADMINS,
  'POST /api/staff/drawer/delegations/:id/revoke': ADMINS,
  // municipal stations (docs/stations.md): the office admin's registry; the kiosk's own routes take a device token only
  'GET /api/staff/stations': MONITORING,
  'POST /api/staff/offices/:id/stations': ADMINS,
  'PATCH /api/staff/stations/:id': ADMINS,
  'POST /api/staff/stations/:id/enrolment-codes': ADMINS,
  'POST /api/staff/stations/:id/devices/:deviceId/revoke': ADMINS,
  'POST /api/staff/stations/:id/bookings': [...ADMINS, 'reception_agent', 'desk_operator'],
  'GET /api/stations': EVERYONE,
  'GET /api/stations/:id/slots': EVERYONE,
  'POST /api/stations/:id/bookings': EVERYONE,
  'POST /api/station/enrol': EVERYONE,
  'GET /api/station/appointments': KIOSK,
  'POST /api/station/heartbeat': KIOSK,
  'POST /api/station/check-in': KIOSK,
};

const GRANT_OF: Record<Role, GrantRef> = {
  regional_admin: { role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } },
  office_admin: { role: 'office_admin', scope: { kind: 'office', code: 'CO01' } },
  urp_monitor: { role: 'urp_monitor', scope: { kind: 'province', code: 'MI' } },
  reception_agent: { role: 'reception_agent', scope: { kind: 'province', code: 'BG' } },
  desk_operator: { role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } },
  patronato_operator: { role: 'patronato_operator', scope: { kind: 'province', code: 'MI' } },
  labour_consultant: { role: 'labour_consultant', scope: { kind: 'province', code: 'MI' } },
  station: { role: 'station', scope: { kind: 'office', code: 'CO01' } },
};

const FAKE_ID = '00000000-0000-4000-8000-000000000000';

describe.each(testDatabases)('authorisation matrix on $name', (database) => {
  let s: IdentityTestServer;
  const users = new Map<Role, string>();
  let deviceToken = '';
  beforeAll(async () => {
    s = await startIdentityServer(database, testSettings());
    for (const role of STAFF_ROLES) users.set(role, await createStaff(s.db, { username: `m.${role.replace(/_/g, '-')}`, grants: [GRANT_OF[role]] }));
    deviceToken = await enrolledDevice(s.db);
  });
  afterAll(async () => s.close());

  it('has an expected entry for every registered route, and no stale entry', () => {
    const routes = s.app.identity.routes.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`);
    const missing = routes.filter((r) => !(r in EXPECTED));
    expect(missing, `add these routes to EXPECTED in ${import.meta.url.split('/').pop()} with who may call them`).toEqual([]);
    const extra = Object.keys(EXPECTED).filter((k) => !routes.includes(k));
    // Entries for routes of capabilities still being built are allowed, but listed.
    if (extra.length) console.info(`matrix entries without a route yet: ${extra.join(', ')}`);
  });

  it('allows and denies every route × every role as the table says', async () => {
    const mismatches: string[] = [];
    const routes = s.app.identity.routes.filter((r) => r.method !== 'HEAD' && `${r.method} ${r.url}` in EXPECTED);
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const path = route.url.replace(/:[A-Za-z]+/g, FAKE_ID);
      await Promise.all(EVERYONE.map(async (who) => {
        const headers: Record<string, string> = {};
        if (who === 'device') headers.authorization = `Bearer ${deviceToken}`;
        else if (who !== 'anonymous') {
          const session = await sessionCookie(s.db, s.settings, who === 'citizen' ? { taxCode: 'RSSMRA85T10A562S' } : { userId: users.get(who)! });
          headers.cookie = session.cookie;
          headers['x-csrf-token'] = session.csrf;
        }
        const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
        if (hasBody) headers['content-type'] = 'application/json';
        const res = await fetch(s.url + path, { method: route.method, headers, body: hasBody ? '{}' : undefined, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
        let code: string | undefined;
        if ((res.headers.get('content-type') ?? '').includes('json')) code = ((await res.json().catch(() => ({}))) as { code?: string }).code;
        else await res.body?.cancel(); // (an event stream stays open: its status is enough)
        const denied = (res.status === 401 && code === 'unauthenticated') || (res.status === 403 && code === 'forbidden');
        const expected = EXPECTED[key]!.includes(who);
        if (denied === expected) mismatches.push(`${key} as ${who}: expected ${expected ? 'allowed' : 'denied'}, got ${res.status} ${code ?? ''}`);
        if (res.status >= 500) mismatches.push(`${key} as ${who}: server error ${res.status}`);
        if (!/\bno-store\b/.test(res.headers.get('cache-control') ?? '')) mismatches.push(`${key} as ${who}: answer without Cache-Control: no-store`);
      }));
    }
    expect(mismatches).toEqual([]);
  }, 360_000);

  it('writes an audit entry for each denied staff request', async () => {
    const r = await s.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied' AND actor_kind = 'staff'");
    expect(r.rows[0]!.n).toBeGreaterThan(10);
  });

  describe('across offices', () => {
    it('a consultant reaches only the companies delegated to them (the policy with the real delegation)', async () => {
      const { delegatedConsultant, findCompany, placeOfCompany } = await import('../../src/drawer/drawer.repository.js');
      const mine = await actor(s.db, 'labour_consultant', GRANT_OF.labour_consultant);
      const other = await actor(s.db, 'labour_consultant', GRANT_OF.labour_consultant);
      const r = await s.db.query<{ id: string }>("INSERT INTO drawer_company (matricola, name, office_id) SELECT '9990001112', 'Matrice srl', id FROM office WHERE code = 'MI01' RETURNING id");
      const companyId = r.rows[0]!.id;
      await s.db.query('INSERT INTO drawer_delegation (company_id, consultant_id) VALUES ($1, $2)', [companyId, mine.kind === 'staff' ? mine.userId : '']);
      const company = (await findCompany(s.db, companyId))!;
      const place = async (a: Actor) => placeOfCompany(company, await delegatedConsultant(s.db, companyId, a.kind === 'staff' ? a.userId : ''));
      expect(() => authorize(mine, 'drawer.consultant', { ...company, ownerId: null })).toThrow(expect.objectContaining({ status: 403 }));
      authorize(mine, 'drawer.consultant', await place(mine));
      expect(() => authorize(other, 'drawer.consultant', { regionCode: company.regionCode, provinceCode: company.provinceCode, officeId: company.officeId, ownerId: null })).toThrow(expect.objectContaining({ status: 403 }));
      const otherPlace = await place(other);
      expect(() => authorize(other, 'drawer.consultant', otherPlace)).toThrow(expect.objectContaining({ status: 403 }));
      // Staff of another office never see it either; the office's own operator does.
      const opCo = await actor(s.db, 'desk_operator', GRANT_OF.desk_operator);
      expect(() => authorize(opCo, 'staff.drawer.read', placeOfCompany(company))).toThrow(expect.objectContaining({ status: 403 }));
      const opMi = await actor(s.db, 'desk_operator', { role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } });
      expect(() => authorize(opMi, 'staff.drawer.read', placeOfCompany(company))).not.toThrow();
    });

    async function actor(db: Db, role: Role, grant: GrantRef): Promise<Actor> {
      const id = await createStaff(db, { username: `x.${role.replace(/_/g, '-')}.${Math.random().toString(36).slice(2, 8)}`, grants: [grant] });
      return { kind: 'staff', userId: id, username: 'x', grants: await loadGrants(db, id) };
    }
    async function deskOf(db: Db, officeCode: string, key = 'prestazioni') {
      const r = await db.query<{ id: string }>('SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = $1 AND d.key = $2', [officeCode, key]);
      return (await placeOfDesk(db, r.rows[0]!.id))!;
    }

    it('an operator of Como reads bookings of Como, not of Milano', async () => {
      const op = await actor(s.db, 'desk_operator', GRANT_OF.desk_operator);
      const como = await deskOf(s.db, 'CO01');
      const milano = await deskOf(s.db, 'MI01');
      const cantu = await deskOf(s.db, 'CO02');
      expect(() => authorize(op, 'staff.bookings.read', como)).not.toThrow();
      expect(() => authorize(op, 'staff.bookings.read', milano)).toThrow(expect.objectContaining({ status: 403, code: 'forbidden' }));
      expect(() => authorize(op, 'staff.bookings.read', cantu)).toThrow(expect.objectContaining({ status: 403 }));
    });

    it('a reception agent of Bergamo books in the offices of Bergamo, not in Brescia', async () => {
      const rec = await actor(s.db, 'reception_agent', GRANT_OF.reception_agent);
      const treviglio = await deskOf(s.db, 'BG02');
      const brescia = await deskOf(s.db, 'BS01');
      expect(() => authorize(rec, 'staff.bookings.create', treviglio)).not.toThrow();
      expect(() => authorize(rec, 'staff.bookings.create', brescia)).toThrow(expect.objectContaining({ status: 403 }));
    });

    it("a desk-scoped operator sees only that desk; a patronato only its own organisation's bookings", async () => {
      const como = await deskOf(s.db, 'CO01', 'invalidita-civile');
      const other = await deskOf(s.db, 'CO01', 'prestazioni');
      const op = await actor(s.db, 'desk_operator', { role: 'desk_operator', scope: { kind: 'desk', officeCode: 'CO01', deskKey: 'invalidita-civile' } });
      expect(() => authorize(op, 'staff.agenda.read', como)).not.toThrow();
      expect(() => authorize(op, 'staff.agenda.read', other)).toThrow();
      // A patronato: its own organisation's bookings (wherever its grant reaches), never another's.
      const orgs = await s.db.query<{ id: string }>(
        "INSERT INTO patronato (name, accreditation_code, region_code) VALUES ('Matrice A', 'MATRICE-A', 'LOM'), ('Matrice B', 'MATRICE-B', 'LOM') RETURNING id");
      const [orgA, orgB] = orgs.rows.map((r) => r.id);
      const pat = { ...(await actor(s.db, 'patronato_operator', GRANT_OF.patronato_operator)), organisationId: orgA! } as Actor;
      const mi = await deskOf(s.db, 'MI01');
      expect(() => authorize(pat, 'staff.bookings.read', { ...mi, organisationId: orgA! })).not.toThrow();
      expect(() => authorize(pat, 'staff.bookings.update', { ...mi, organisationId: orgA! })).not.toThrow();
      for (const action of ['staff.bookings.read', 'staff.bookings.update', 'patronato.bookings.read'] as const) {
        expect(() => authorize(pat, action, { ...mi, organisationId: orgB! })).toThrow(expect.objectContaining({ status: 403 }));
        expect(() => authorize(pat, action, { ...mi })).toThrow(expect.objectContaining({ status: 403 })); // a citizen's or the office's own
        expect(() => authorize(pat, action, { ...mi, ownerId: pat.kind === 'staff' ? pat.userId : '' })).toThrow(); // made by it, not for its organisation
      }
      expect(() => authorize(pat, 'patronato.bookings.create', mi)).not.toThrow();
      expect(() => authorize(pat, 'staff.bookings.create', mi)).toThrow(); // a patronato books with a mandate only
      const comoDesk = await deskOf(s.db, 'CO01');
      expect(() => authorize(pat, 'patronato.bookings.create', comoDesk)).toThrow();
      expect(() => authorize({ ...pat, organisationId: orgA! } as Actor, 'staff.bookings.read', { ...comoDesk, organisationId: orgA! })).toThrow();
    });
  });
});

describe('a route without a policy', () => {
  it('stops the server from starting', async () => {
    const app = Fastify();
    await app.register(identityPlugin, { db: {} as Db, settings: testSettings() });
    await expect(
      app.register(async (child) => {
        child.get('/api/staff/secret', async () => ({ secret: true }));
      }),
    ).rejects.toThrow(/declares no policy/);
    await app.close().catch(() => undefined);
  });

  it('or with an unknown policy', async () => {
    const app = Fastify();
    await app.register(identityPlugin, { db: {} as Db, settings: testSettings() });
    await expect(
      app.register(async (child) => {
        child.get('/api/staff/secret', { config: { policy: 'staff.everything' as never } }, async () => ({}));
      }),
    ).rejects.toThrow(/unknown policy/);
    await app.close().catch(() => undefined);
  });

  it('is allowed outside /api only for the web app and the API docs', async () => {
    const app = Fastify();
    await app.register(identityPlugin, { db: {} as Db, settings: testSettings() });
    app.get('/some-page', async () => 'ok');
    app.get('/api/docs/json', async () => ({}));
    await app.ready();
    await app.close();
  });
});
