/**
 * What the staff-user use cases share (the admin screens: staff accounts, their roles and scopes).
 * An admin manages an account only when every grant of it lies within the admin's own scope, and
 * gives only grants within that scope (an office admin: roles of their office; never a regional role).
 */
import { AppError, invalidInput, notFound, type FieldProblem } from '../domain/errors.js';
import { can, forbidden, ROLE_INFO, type Action, type Actor, type Resource } from '../policy/index.js';
import type { z } from 'zod';
import type { Queryable } from '../storage/db.js';
import type { userView } from './routes.schema.js';
import { placeOfDesk, placeOfOffice, placeOfProvince } from './places.js';
import { isLocked, loadGrantViews, type GrantInput, type GrantView, type StaffUserRow } from './staff.repository.js';

export type UserView = z.output<typeof userView>;

export function view(u: StaffUserRow & { sso?: boolean }, grants: GrantView[]): UserView {
  return {
    id: u.id, username: u.username, displayName: u.display_name, email: u.email, active: u.active, locked: isLocked(u),
    lockedUntil: isLocked(u) ? new Date(u.locked_until!).toISOString() : null, totpEnabled: !!u.totp_secret, sso: !!u.sso, demo: u.demo,
    lastLoginAt: u.last_login_at ? new Date(u.last_login_at).toISOString() : null, createdAt: new Date(u.created_at).toISOString(), grants,
  };
}

function placeOfGrant(g: GrantView): Resource {
  const s = g.scope;
  return { regionCode: s.regionCode, provinceCode: s.provinceCode, officeId: s.officeId, deskId: s.deskId };
}

/** May the actor act on this account (all its grants within the actor's scope)? */
export function canManage(actor: Actor, action: Action, grants: readonly GrantView[]): boolean {
  if (grants.length === 0) return can(actor, action, {});
  return grants.every((g) => can(actor, action, placeOfGrant(g)));
}

export const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.email, u.active, u.password_hash, u.failed_logins, u.locked_until,
  u.totp_secret, u.totp_pending_secret, u.totp_last_step, u.demo, u.last_login_at, u.created_at,
  EXISTS (SELECT 1 FROM staff_identity i WHERE i.user_id = u.id) AS sso FROM staff_user u`;

export async function loadManaged(db: Queryable, actor: Actor, id: string, action: Action): Promise<UserView> {
  const r = await db.query<StaffUserRow & { sso: boolean }>(`${USER_SELECT} WHERE u.id = $1`, [id]);
  const row = r.rows[0];
  if (!row) throw notFound({ it: 'Utente', en: 'User' });
  const grants = await loadGrantViews(db, id);
  if (!canManage(actor, action, grants)) {
    // Outside the actor's scope: as if it did not exist for reads, forbidden for writes.
    if (action === 'staff.users.read') throw notFound({ it: 'Utente', en: 'User' });
    throw forbidden();
  }
  return view(row, grants);
}

/** Validates grants (role allows the scope kind, place exists, within the actor's scope). */
export async function checkGrants(db: Queryable, actor: Actor, grants: readonly GrantInput[]): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const [i, g] of grants.entries()) {
    const path = `grants[${i}]`;
    if (!ROLE_INFO[g.role].scopes.includes(g.scope.kind)) {
      problems.push({ path: `${path}.scope.kind`, code: 'scope_not_allowed_for_role', it: `Il ruolo ${ROLE_INFO[g.role].label.it} non può avere un ambito di tipo ${g.scope.kind}.`, en: `The role ${ROLE_INFO[g.role].label.en} cannot have a ${g.scope.kind} scope.` });
      continue;
    }
    let place: Resource | null;
    const s = g.scope;
    if (s.kind === 'region') {
      const r = await db.query('SELECT 1 FROM region WHERE code = $1', [s.code]);
      place = r.rows.length ? { regionCode: s.code } : null;
    } else if (s.kind === 'province') place = await placeOfProvince(db, s.code);
    else if (s.kind === 'office') place = await placeOfOffice(db, s.id);
    else place = await placeOfDesk(db, s.id);
    if (!place) {
      problems.push({ path: `${path}.scope`, code: 'unknown_place', it: 'Ambito inesistente.', en: 'Unknown scope.' });
      continue;
    }
    if (!can(actor, 'staff.users.write', place)) {
      problems.push({ path: `${path}.scope`, code: 'outside_your_scope', it: 'Non puoi assegnare ruoli fuori dal tuo ambito.', en: 'You cannot grant roles outside your own scope.' });
    }
  }
  if (problems.some((p) => p.code === 'outside_your_scope')) {
    throw new AppError(403, 'forbidden', { it: 'Non puoi assegnare ruoli fuori dal tuo ambito.', en: 'You cannot grant roles outside your own scope.' }, problems);
  }
  if (problems.length) throw invalidInput(problems, { it: 'Alcuni ruoli non sono validi.', en: 'Some roles are not valid.' });
}
