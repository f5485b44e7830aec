import { describe, expect, it } from 'vitest';
import { mapClaimsToGrants, parseRoleMapping } from './role-mapping.js';

const rules = parseRoleMapping(JSON.stringify([
  { claim: 'groups', equals: 'sportello-admin', role: 'regional_admin', scope: { region: 'LOM' } },
  { claim: 'groups', match: '^sportello-(?<office>[A-Z0-9]+)-operatori$', role: 'desk_operator', scope: { office: '$<office>' } },
  { claim: 'realm_access.roles', equals: 'reception-bg', role: 'reception_agent', scope: { province: 'BG' } },
  { claim: 'groups', equals: 'invciv-como', role: 'desk_operator', scope: { desk: 'CO01/invalidita-civile' } },
]));

describe('group → role mapping', () => {
  it('maps equal and matching values, nested claims and desk scopes', () => {
    const grants = mapClaimsToGrants({
      groups: ['sportello-admin', 'sportello-CO01-operatori', 'other', 'invciv-como', 'sportello-CO01-operatori'],
      realm_access: { roles: ['reception-bg'] },
    }, rules);
    expect(grants).toEqual([
      { role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } },
      { role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } },
      { role: 'reception_agent', scope: { kind: 'province', code: 'BG' } },
      { role: 'desk_operator', scope: { kind: 'desk', officeCode: 'CO01', deskKey: 'invalidita-civile' } },
    ]);
  });

  it('accepts a single string claim and ignores non-strings', () => {
    expect(mapClaimsToGrants({ groups: 'sportello-admin' }, rules)).toHaveLength(1);
    expect(mapClaimsToGrants({ groups: [42, null, { x: 1 }] }, rules)).toEqual([]);
    expect(mapClaimsToGrants({}, rules)).toEqual([]);
  });

  it('refuses bad rules at start', () => {
    expect(() => parseRoleMapping('not json')).toThrow(/not valid JSON/);
    expect(() => parseRoleMapping(JSON.stringify([{ claim: 'groups', equals: 'x', role: 'king', scope: { region: 'LOM' } }]))).toThrow(/OIDC_STAFF_ROLE_MAPPING/);
    expect(() => parseRoleMapping(JSON.stringify([{ claim: 'groups', equals: 'x', role: 'reception_agent', scope: { office: 'CO01' } }]))).toThrow(/cannot have this kind of scope/);
    expect(() => parseRoleMapping(JSON.stringify([{ claim: 'groups', role: 'station', scope: { office: 'CO01' } }]))).toThrow(/either/);
    expect(() => parseRoleMapping(JSON.stringify([{ claim: 'groups', match: '(', role: 'station', scope: { office: 'CO01' } }]))).toThrow();
  });
});
