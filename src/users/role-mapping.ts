/**
 * Single sign-on: from the identity provider's claims (groups, roles…) to Sportello grants.
 * Configured as JSON rules (OIDC_STAFF_ROLE_MAPPING). Each rule looks at one claim (a
 * dotted path, e.g. `groups` or `realm_access.roles`; a string or a list of strings) and,
 * when a value `equals` a string or `match`es a regular expression, grants a role on a
 * scope. The scope's values may use the expression's named groups (`$<office>`).
 *
 *   [{ "claim": "groups", "equals": "sportello-admin", "role": "regional_admin", "scope": { "region": "LOM" } },
 *    { "claim": "groups", "match": "^sportello-(?<office>[A-Z0-9]+)-operatori$", "role": "desk_operator", "scope": { "office": "$<office>" } },
 *    { "claim": "groups", "equals": "urp-milano", "role": "urp_monitor", "scope": { "province": "MI" } },
 *    { "claim": "groups", "equals": "invciv-como", "role": "desk_operator", "scope": { "desk": "CO01/invalidita-civile" } }]
 */
import { z } from 'zod';
import { ROLES, ROLE_INFO, type Role, type ScopeKind } from '../policy/roles.js';

export type ScopeRef =
  | { kind: 'region'; code: string }
  | { kind: 'province'; code: string }
  | { kind: 'office'; code: string }
  | { kind: 'desk'; officeCode: string; deskKey: string };

export interface GrantRef {
  role: Role;
  scope: ScopeRef;
}

const scopeSchema = z.union([
  z.strictObject({ region: z.string().min(1) }),
  z.strictObject({ province: z.string().min(1) }),
  z.strictObject({ office: z.string().min(1) }),
  z.strictObject({ desk: z.string().regex(/^[^/]+\/[^/]+$/, { message: 'desk scope is "OFFICECODE/desk-key"' }) }),
]);

const ruleSchema = z
  .strictObject({
    claim: z.string().min(1),
    equals: z.string().optional(),
    match: z.string().optional(),
    role: z.enum(ROLES),
    scope: scopeSchema,
  })
  .refine((r) => (r.equals === undefined) !== (r.match === undefined), { message: 'a rule has either "equals" or "match"' })
  .refine((r) => ROLE_INFO[r.role].scopes.includes(Object.keys(r.scope)[0] as ScopeKind), {
    message: 'this role cannot have this kind of scope',
  });

export type RoleMappingRule = z.infer<typeof ruleSchema>;

export function parseRoleMapping(text: string): RoleMappingRule[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`OIDC_STAFF_ROLE_MAPPING is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = z.array(ruleSchema).safeParse(json);
  if (!parsed.success) {
    throw new Error(`OIDC_STAFF_ROLE_MAPPING: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`);
  }
  for (const r of parsed.data) {
    if (r.match !== undefined) new RegExp(r.match); // fails at start, not at the first sign-in
  }
  return parsed.data;
}

function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function fill(template: string, groups: Record<string, string | undefined>): string {
  return template.replace(/\$<([A-Za-z_][A-Za-z0-9_]*)>/g, (_, name: string) => groups[name] ?? '');
}

function scopeRef(scope: RoleMappingRule['scope'], groups: Record<string, string | undefined>): ScopeRef | null {
  if ('region' in scope) return { kind: 'region', code: fill(scope.region, groups).toUpperCase() };
  if ('province' in scope) return { kind: 'province', code: fill(scope.province, groups).toUpperCase() };
  if ('office' in scope) return { kind: 'office', code: fill(scope.office, groups).toUpperCase() };
  const [office, key] = fill(scope.desk, groups).split('/');
  return office && key ? { kind: 'desk', officeCode: office.toUpperCase(), deskKey: key.toLowerCase() } : null;
}

/** The grants the claims earn, without duplicates, in rule order. */
export function mapClaimsToGrants(claims: Record<string, unknown>, rules: readonly RoleMappingRule[]): GrantRef[] {
  const out: GrantRef[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const value of claimValues(claims, rule.claim)) {
      let groups: Record<string, string | undefined> | null;
      if (rule.equals !== undefined) groups = value === rule.equals ? {} : null;
      else {
        const m = new RegExp(rule.match!).exec(value);
        groups = m ? { ...(m.groups ?? {}) } : null;
      }
      if (!groups) continue;
      const scope = scopeRef(rule.scope, groups);
      if (!scope) continue;
      const key = JSON.stringify([rule.role, scope]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ role: rule.role, scope });
    }
  }
  return out;
}
