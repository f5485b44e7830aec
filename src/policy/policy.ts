/**
 * The one policy module: who may do what, where. Pure (no I/O), default deny.
 *
 * - Route level: `decide(actor, action)` — the HTTP layer asks it for every request, from
 *   the route's `config.policy`; a staff action needs a grant of one of its roles.
 * - Resource level: `authorize(actor, action, resource)` — use cases call it with the place
 *   of the record (region, province, office, desk; owner when relevant) and get an
 *   AppError 401/403 when the actor's grants do not cover it.
 * - Lists: `scopesFor(actor, action)` — the grants that allow an action, to filter queries.
 */
import { AppError } from '../domain/errors.js';
import { ACTIONS, type Action, type ActionDef, type Rule } from './actions.js';
import { ADMIN_ROLES, type Role } from './roles.js';

export type Scope =
  | { kind: 'region'; regionCode: string; provinceCodes: readonly string[] }
  | { kind: 'province'; regionCode: string; provinceCode: string }
  | { kind: 'office'; regionCode: string; provinceCode: string; officeId: string }
  | { kind: 'desk'; regionCode: string; provinceCode: string; officeId: string; deskId: string };

export interface Grant {
  role: Role;
  scope: Scope;
}

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'citizen'; taxCode: string; name: string | null }
  | { kind: 'staff'; userId: string; username: string; grants: readonly Grant[]; /** The patronato the user works for. */ organisationId?: string | null }
  /** An enrolled municipal kiosk (src/stations): a device, not a person; it acts for one station only. */
  | { kind: 'station'; stationId: string; deviceId: string; officeId: string; provinceCode: string; regionCode: string };

export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous' });

/**
 * Where a record lives. Give the whole chain you know (a desk's booking: deskId, officeId,
 * provinceCode, regionCode). An empty resource is region-wide (e.g. an account with no grants).
 * ownerId: the staff user the record belongs to (created_by), for 'own' rules.
 * organisationId: the patronato the record belongs to, for 'organisation' rules.
 */
export interface Resource {
  regionCode?: string | null;
  provinceCode?: string | null;
  officeId?: string | null;
  deskId?: string | null;
  ownerId?: string | null;
  organisationId?: string | null;
}

export type Decision = { allowed: true } | { allowed: false; reason: 'unauthenticated' | 'forbidden' };

const ALLOW: Decision = { allowed: true };
const UNAUTHENTICATED: Decision = { allowed: false, reason: 'unauthenticated' };
const FORBIDDEN: Decision = { allowed: false, reason: 'forbidden' };

function definition(action: string): ActionDef | undefined {
  return Object.prototype.hasOwnProperty.call(ACTIONS, action) ? (ACTIONS as Record<string, ActionDef>)[action] : undefined;
}

/** Does the scope of a grant contain the resource? */
export function covers(scope: Scope, r: Resource): boolean {
  switch (scope.kind) {
    case 'desk':
      return !!r.deskId && r.deskId === scope.deskId;
    case 'office':
      return !!r.officeId && r.officeId === scope.officeId;
    case 'province':
      return !!r.provinceCode && r.provinceCode === scope.provinceCode;
    case 'region':
      if (r.provinceCode) return scope.provinceCodes.includes(r.provinceCode);
      if (r.regionCode) return r.regionCode === scope.regionCode;
      // Only a record with no place at all is region-wide; an office or desk id alone is
      // not enough to place it (give the province too).
      return !r.officeId && !r.deskId;
  }
}

function ruleAllows(rule: Rule, grant: Grant, actor: Extract<Actor, { kind: 'staff' }>, r: Resource | undefined): boolean {
  if (!r) return true;
  if (!covers(grant.scope, r)) return false;
  if (rule === 'organisation') return !!r.organisationId && r.organisationId === actor.organisationId;
  return rule === 'scope' || (!!r.ownerId && r.ownerId === actor.userId);
}

/**
 * Decides one access. Without a resource, only the actor's kind and roles count (route
 * level); with a resource, one grant of an allowed role must cover it. Unknown action: deny.
 */
export function decide(actor: Actor, action: Action | string, resource?: Resource): Decision {
  const def = definition(action);
  if (def === undefined) return actor.kind === 'anonymous' ? UNAUTHENTICATED : FORBIDDEN;
  if (def === 'public') return ALLOW;
  if (actor.kind === 'anonymous') return UNAUTHENTICATED;
  // A station's device token reaches the station routes and nothing else (not even 'authenticated').
  if (actor.kind === 'station') return def === 'station' && (!resource || covers({ kind: 'office', regionCode: actor.regionCode, provinceCode: actor.provinceCode, officeId: actor.officeId }, resource)) ? ALLOW : FORBIDDEN;
  if (def === 'station') return FORBIDDEN;
  if (def === 'authenticated') return ALLOW;
  if (def === 'citizen') return actor.kind === 'citizen' ? ALLOW : FORBIDDEN;
  if (actor.kind !== 'staff') return FORBIDDEN;
  if (def === 'staff') return ALLOW;
  for (const grant of actor.grants) {
    const rule = def[grant.role];
    if (rule && ruleAllows(rule, grant, actor, resource)) return ALLOW;
  }
  return FORBIDDEN;
}

export function can(actor: Actor, action: Action | string, resource?: Resource): boolean {
  return decide(actor, action, resource).allowed;
}

export const unauthenticated = (): AppError =>
  new AppError(401, 'unauthenticated', {
    it: 'Devi accedere per continuare.',
    en: 'You need to sign in to continue.',
  });

export const forbidden = (): AppError =>
  new AppError(403, 'forbidden', {
    it: 'Non hai i permessi per questa operazione.',
    en: 'You are not allowed to do this.',
  });

/** Throws AppError 401 (no session) or 403 (not allowed here) unless the access is allowed. */
export function authorize(actor: Actor, action: Action, resource?: Resource): void {
  const d = decide(actor, action, resource);
  if (!d.allowed) throw d.reason === 'unauthenticated' ? unauthenticated() : forbidden();
}

export interface ScopedGrant extends Grant {
  /** Only records owned by this staff user ('own' rule). */
  ownerId?: string;
  /** Only records of this organisation ('organisation' rule; none when the actor has none: nothing). */
  organisationId?: string | null;
}

/**
 * The grants of the actor that allow an action — to filter a list query. Empty = nothing.
 * `all: true` for audiences that are not place-bound (public, citizen…).
 */
export function scopesFor(actor: Actor, action: Action): { all: boolean; grants: ScopedGrant[] } {
  const def = definition(action);
  if (def === undefined) return { all: false, grants: [] };
  if (typeof def === 'string') return { all: decide(actor, action).allowed, grants: [] };
  if (actor.kind !== 'staff') return { all: false, grants: [] };
  const grants: ScopedGrant[] = [];
  for (const g of actor.grants) {
    const rule = def[g.role];
    if (!rule) continue;
    grants.push(rule === 'own' ? { ...g, ownerId: actor.userId } : rule === 'organisation' ? { ...g, organisationId: actor.organisationId ?? null } : g);
  }
  return { all: false, grants };
}

/** Staff roles held by an actor (distinct), e.g. for the audit log. */
export function rolesOf(actor: Actor): Role[] {
  return actor.kind === 'staff' ? [...new Set(actor.grants.map((g) => g.role))] : [];
}

export function isAdmin(roles: readonly Role[]): boolean {
  return roles.some((r) => ADMIN_ROLES.includes(r));
}
