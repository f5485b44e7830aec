import { describe, expect, it } from 'vitest';
import { ACTIONS } from './actions.js';
import { ANONYMOUS, authorize, can, covers, decide, scopesFor, type Actor, type Grant, type Scope } from './policy.js';
import { ROLE_INFO, ROLES } from './roles.js';

const region: Scope = { kind: 'region', regionCode: 'LOM', provinceCodes: ['BG', 'BS', 'CO', 'MI'] };
const provinceBG: Scope = { kind: 'province', regionCode: 'LOM', provinceCode: 'BG' };
const officeCO: Scope = { kind: 'office', regionCode: 'LOM', provinceCode: 'CO', officeId: 'o-co' };
const deskCO: Scope = { kind: 'desk', regionCode: 'LOM', provinceCode: 'CO', officeId: 'o-co', deskId: 'd-co-1' };

const staff = (...grants: Grant[]): Actor => ({ kind: 'staff', userId: 'u1', username: 'u1', grants });
const citizen: Actor = { kind: 'citizen', taxCode: 'RSSMRA85T10A562S', name: null };

const where = {
  deskCO1: { regionCode: 'LOM', provinceCode: 'CO', officeId: 'o-co', deskId: 'd-co-1' },
  deskCO2: { regionCode: 'LOM', provinceCode: 'CO', officeId: 'o-co', deskId: 'd-co-2' },
  deskMI: { regionCode: 'LOM', provinceCode: 'MI', officeId: 'o-mi', deskId: 'd-mi-1' },
  deskBG: { regionCode: 'LOM', provinceCode: 'BG', officeId: 'o-bg', deskId: 'd-bg-1' },
  deskBS: { regionCode: 'LOM', provinceCode: 'BS', officeId: 'o-bs', deskId: 'd-bs-1' },
  elsewhere: { regionCode: 'PIE', provinceCode: 'TO', officeId: 'o-to', deskId: 'd-to' },
};

describe('policy', () => {
  it("a station's device reaches the station routes (and public ones) only; no person reaches the station routes", () => {
    const device: Actor = { kind: 'station', stationId: 's1', deviceId: 'v1', officeId: 'o-co', provinceCode: 'CO', regionCode: 'LOM' };
    for (const [action, def] of Object.entries(ACTIONS)) {
      expect([action, decide(device, action).allowed]).toEqual([action, def === 'public' || def === 'station']);
    }
    expect(decide(device, 'station.kiosk', where.deskCO1).allowed).toBe(true);
    expect(decide(device, 'station.kiosk', where.deskMI).allowed).toBe(false);
    expect(decide(ANONYMOUS, 'station.kiosk')).toEqual({ allowed: false, reason: 'unauthenticated' });
    for (const who of [citizen, staff({ role: 'station', scope: officeCO }), staff({ role: 'regional_admin', scope: region })]) {
      expect(decide(who, 'station.kiosk').allowed).toBe(false);
    }
  });

  it('denies by default: unknown actions, and actions no grant allows', () => {
    expect(decide(staff({ role: 'regional_admin', scope: region }), 'staff.everything')).toEqual({ allowed: false, reason: 'forbidden' });
    expect(decide(ANONYMOUS, 'staff.everything')).toEqual({ allowed: false, reason: 'unauthenticated' });
    expect(decide(staff(), 'staff.bookings.read')).toEqual({ allowed: false, reason: 'forbidden' });
    expect(decide(staff({ role: 'station', scope: officeCO }), 'staff.bookings.read').allowed).toBe(false);
  });

  it('tells anonymous (401) from not allowed (403)', () => {
    expect(decide(ANONYMOUS, 'staff.users.read')).toEqual({ allowed: false, reason: 'unauthenticated' });
    expect(decide(citizen, 'staff.users.read')).toEqual({ allowed: false, reason: 'forbidden' });
    expect(() => authorize(ANONYMOUS, 'staff.self')).toThrow(expect.objectContaining({ status: 401, code: 'unauthenticated' }));
    expect(() => authorize(citizen, 'staff.self')).toThrow(expect.objectContaining({ status: 403, code: 'forbidden' }));
  });

  it('handles the audiences', () => {
    for (const a of [ANONYMOUS, citizen, staff()]) expect(can(a, 'public')).toBe(true);
    expect(can(ANONYMOUS, 'authenticated')).toBe(false);
    expect(can(citizen, 'authenticated')).toBe(true);
    expect(can(citizen, 'citizen.self')).toBe(true);
    expect(can(staff({ role: 'regional_admin', scope: region }), 'citizen.self')).toBe(false);
    expect(can(staff(), 'staff.self')).toBe(true);
    expect(can(citizen, 'staff.self')).toBe(false);
  });

  it('checks the place of a resource against the scope of the grant', () => {
    const op = staff({ role: 'desk_operator', scope: officeCO });
    expect(can(op, 'staff.bookings.read', where.deskCO1)).toBe(true);
    expect(can(op, 'staff.bookings.read', where.deskCO2)).toBe(true);
    expect(can(op, 'staff.bookings.read', where.deskMI)).toBe(false);
    const deskOp = staff({ role: 'desk_operator', scope: deskCO });
    expect(can(deskOp, 'staff.agenda.read', where.deskCO1)).toBe(true);
    expect(can(deskOp, 'staff.agenda.read', where.deskCO2)).toBe(false);
    expect(can(deskOp, 'staff.agenda.read', { officeId: 'o-co', provinceCode: 'CO' })).toBe(false); // a desk does not cover its office
    const rec = staff({ role: 'reception_agent', scope: provinceBG });
    expect(can(rec, 'staff.bookings.create', where.deskBG)).toBe(true);
    expect(can(rec, 'staff.bookings.create', where.deskBS)).toBe(false);
    const admin = staff({ role: 'regional_admin', scope: region });
    expect(can(admin, 'staff.users.write', where.deskMI)).toBe(true);
    expect(can(admin, 'staff.users.write', where.elsewhere)).toBe(false);
    expect(can(admin, 'staff.users.write', {})).toBe(true); // region-wide record
    expect(can(staff({ role: 'office_admin', scope: officeCO }), 'staff.users.write', {})).toBe(false);
  });

  it('needs the whole chain: an office id alone does not place a record in a region', () => {
    expect(covers(region, { officeId: 'o-co' })).toBe(false);
    expect(covers(region, { officeId: 'o-co', provinceCode: 'CO' })).toBe(true);
    expect(covers(officeCO, { provinceCode: 'CO' })).toBe(false);
  });

  it("applies 'organisation' rules: a patronato sees its own organisation's bookings only", () => {
    const pat: Actor = { kind: 'staff', userId: 'u1', username: 'u1', organisationId: 'org1', grants: [{ role: 'patronato_operator', scope: { kind: 'province', regionCode: 'LOM', provinceCode: 'MI' } }] };
    expect(can(pat, 'staff.bookings.read', { ...where.deskMI, organisationId: 'org1' })).toBe(true);
    expect(can(pat, 'staff.bookings.read', { ...where.deskMI, organisationId: 'org2' })).toBe(false);
    expect(can(pat, 'staff.bookings.read', { ...where.deskMI, ownerId: 'u1' })).toBe(false); // made by the same person, not for the organisation
    expect(can(pat, 'staff.bookings.read', { ...where.deskMI })).toBe(false);
    expect(can(pat, 'staff.bookings.read', { ...where.deskBG, organisationId: 'org1' })).toBe(false);
    expect(can(pat, 'staff.bookings.update', { ...where.deskMI, organisationId: 'org1' })).toBe(true);
    // No organisation linked: nothing.
    const loose = staff({ role: 'patronato_operator', scope: { kind: 'province', regionCode: 'LOM', provinceCode: 'MI' } });
    expect(can(loose, 'staff.bookings.read', { ...where.deskMI, organisationId: 'org1' })).toBe(false);
    expect(scopesFor(pat, 'staff.bookings.read').grants[0]).toMatchObject({ organisationId: 'org1' });
    // A patronato books through its own route (with a mandate), not as office staff.
    expect(can(pat, 'staff.bookings.create', where.deskMI)).toBe(false);
    expect(can(pat, 'patronato.bookings.create', where.deskMI)).toBe(true);
  });

  it('combines grants: any grant of an allowed role that covers the place', () => {
    const both = staff({ role: 'desk_operator', scope: officeCO }, { role: 'urp_monitor', scope: { kind: 'province', regionCode: 'LOM', provinceCode: 'MI' } });
    expect(can(both, 'staff.bookings.read', where.deskMI)).toBe(true); // as URP of Milano
    expect(can(both, 'staff.calls.write', where.deskMI)).toBe(false); // URP does not call
    expect(can(both, 'staff.calls.write', where.deskCO1)).toBe(true);
    expect(scopesFor(both, 'staff.calls.write').grants.map((g) => g.role)).toEqual(['desk_operator']);
  });

  it('names only known roles in the action table, and every role has scopes', () => {
    for (const def of Object.values(ACTIONS)) {
      if (typeof def === 'string') continue;
      for (const role of Object.keys(def)) expect(ROLES).toContain(role);
    }
    for (const r of ROLES) expect(ROLE_INFO[r].scopes.length).toBeGreaterThan(0);
  });
});
