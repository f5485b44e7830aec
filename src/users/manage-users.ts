/**
 * Use cases of the admin screens: staff accounts, their roles and scopes. An admin manages
 * an account only when every grant of it lies within the admin's own scope, and gives only
 * grants within that scope (an office admin: roles of their office; never a regional role).
 */
import { AppError, invalidInput, notFound, type FieldProblem } from '../domain/errors.js';
import { authorize, can, forbidden, ROLE_INFO, scopesFor, type Action, type Actor, type Resource } from '../policy/index.js';
import type { Db, Queryable } from '../storage/db.js';
import { hashPassword, passwordProblems } from './password.js';
import { placeOfDesk, placeOfOffice, placeOfProvince } from './places.js';
import { revokeUserSessions } from './revoke-user-sessions.js';
import {
  createUser, findUserById, isLocked, loadGrantViews, loadGrantViewsOf, replaceGrants,
  type GrantInput, type GrantView, type StaffUserRow,
} from './staff.repository.js';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
  locked: boolean;
  lockedUntil: string | null;
  totpEnabled: boolean;
  sso: boolean;
  demo: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  grants: GrantView[];
}

function view(u: StaffUserRow & { sso?: boolean }, grants: GrantView[]): UserView {
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

const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.email, u.active, u.password_hash, u.failed_logins, u.locked_until,
  u.totp_secret, u.totp_pending_secret, u.totp_last_step, u.demo, u.last_login_at, u.created_at,
  EXISTS (SELECT 1 FROM staff_identity i WHERE i.user_id = u.id) AS sso FROM staff_user u`;

export async function listUsers(db: Queryable, actor: Actor, q: { q?: string | undefined; role?: string | undefined; cursor?: string | undefined; limit: number }): Promise<{ items: UserView[]; nextCursor: string | null }> {
  authorize(actor, 'staff.users.read');
  const { grants } = scopesFor(actor, 'staff.users.read');
  const params: unknown[] = [];
  const visible: string[] = [];
  for (const g of grants) {
    const s = g.scope;
    if (s.kind === 'region') {
      params.push(s.provinceCodes);
      visible.push(`(NOT EXISTS (SELECT 1 FROM staff_grant x WHERE x.user_id = u.id) OR EXISTS (
        SELECT 1 FROM staff_grant x LEFT JOIN office xo ON xo.id = x.office_id LEFT JOIN desk xd ON xd.id = x.desk_id LEFT JOIN office xdo ON xdo.id = xd.office_id
         WHERE x.user_id = u.id AND (x.region_code IS NOT NULL OR COALESCE(x.province_code, xo.province_code, xdo.province_code) = ANY($${params.length}::text[]))))`);
    } else if (s.kind === 'office' || s.kind === 'desk') {
      params.push(s.officeId);
      visible.push(`EXISTS (SELECT 1 FROM staff_grant x LEFT JOIN desk xd ON xd.id = x.desk_id WHERE x.user_id = u.id AND COALESCE(x.office_id, xd.office_id) = $${params.length}::uuid)`);
    } else if (s.kind === 'province') {
      params.push(s.provinceCode);
      visible.push(`EXISTS (SELECT 1 FROM staff_grant x LEFT JOIN office xo ON xo.id = x.office_id LEFT JOIN desk xd ON xd.id = x.desk_id LEFT JOIN office xdo ON xdo.id = xd.office_id
         WHERE x.user_id = u.id AND COALESCE(x.province_code, xo.province_code, xdo.province_code) = $${params.length})`);
    }
  }
  const conds = [visible.length ? `(${visible.join(' OR ')})` : 'false'];
  if (q.q) {
    params.push(`%${q.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`);
    conds.push(`(lower(u.username) LIKE $${params.length} OR lower(u.display_name) LIKE $${params.length} OR lower(coalesce(u.email, '')) LIKE $${params.length})`);
  }
  if (q.role) {
    params.push(q.role);
    conds.push(`EXISTS (SELECT 1 FROM staff_grant r WHERE r.user_id = u.id AND r.role = $${params.length})`);
  }
  if (q.cursor) {
    params.push(q.cursor);
    conds.push(`lower(u.username) > lower($${params.length})`);
  }
  params.push(q.limit + 1);
  const rows = (await db.query<StaffUserRow & { sso: boolean }>(`${USER_SELECT} WHERE ${conds.join(' AND ')} ORDER BY lower(u.username) LIMIT $${params.length}`, params)).rows;
  const page = rows.slice(0, q.limit);
  const grantsOf = await loadGrantViewsOf(db, page.map((u) => u.id));
  const items = page.map((u) => view(u, grantsOf.get(u.id) ?? []));
  return { items, nextCursor: rows.length > q.limit ? page[page.length - 1]!.username : null };
}

async function loadManaged(db: Queryable, actor: Actor, id: string, action: Action): Promise<UserView> {
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

export async function getUser(db: Queryable, actor: Actor, id: string): Promise<UserView> {
  authorize(actor, 'staff.users.read');
  return loadManaged(db, actor, id, 'staff.users.read');
}

/** Validates grants (role allows the scope kind, place exists, within the actor's scope). */
async function checkGrants(db: Queryable, actor: Actor, grants: readonly GrantInput[]): Promise<void> {
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

export async function createStaffUser(
  db: Db,
  actor: Actor,
  input: { username: string; displayName: string; email?: string | null | undefined; password: string; grants: GrantInput[] },
): Promise<UserView> {
  authorize(actor, 'staff.users.write');
  const problems = passwordProblems(input.password, input.username);
  if (problems.length) throw invalidInput(problems, { it: 'La password non rispetta le regole.', en: 'The password does not meet the rules.' });
  // An admin below the region must attach the account to their scope.
  if (input.grants.length === 0 && !can(actor, 'staff.users.write', {})) {
    throw invalidInput([{ path: 'grants', code: 'grant_required', it: 'Assegna almeno un ruolo nella tua sede.', en: 'Give at least one role in your office.' }]);
  }
  await checkGrants(db, actor, input.grants);
  const hash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    const taken = await tx.query('SELECT 1 FROM staff_user WHERE lower(username) = lower($1)', [input.username]);
    if (taken.rows.length) {
      throw new AppError(409, 'username_taken', { it: 'Questo nome utente esiste già.', en: 'This username already exists.' }, [
        { path: 'username', code: 'username_taken', it: 'Nome utente già in uso.', en: 'Username already in use.' },
      ]);
    }
    const userId = await createUser(tx, { username: input.username, displayName: input.displayName, email: input.email ?? null, passwordHash: hash });
    await replaceGrants(tx, userId, input.grants, 'local');
    return userId;
  });
  return getUser(db, actor, id);
}

export async function updateStaffUser(
  db: Db,
  actor: Actor,
  id: string,
  patch: { displayName?: string | undefined; email?: string | null | undefined; active?: boolean | undefined },
): Promise<UserView> {
  authorize(actor, 'staff.users.write');
  await loadManaged(db, actor, id, 'staff.users.write');
  if (patch.active === false && actor.kind === 'staff' && actor.userId === id) {
    throw new AppError(409, 'cannot_disable_self', { it: 'Non puoi disattivare il tuo stesso account.', en: 'You cannot disable your own account.' });
  }
  await db.query(
    `UPDATE staff_user SET display_name = COALESCE($2, display_name),
            email = CASE WHEN $3::boolean THEN $4 ELSE email END,
            active = COALESCE($5, active), updated_at = now() WHERE id = $1`,
    [id, patch.displayName ?? null, patch.email !== undefined, patch.email ?? null, patch.active ?? null],
  );
  if (patch.active === false) await revokeUserSessions(db, id);
  return getUser(db, actor, id);
}

export async function setUserGrants(db: Db, actor: Actor, id: string, grants: GrantInput[]): Promise<UserView> {
  authorize(actor, 'staff.users.write');
  await loadManaged(db, actor, id, 'staff.users.write');
  await checkGrants(db, actor, grants);
  await db.transaction((tx) => replaceGrants(tx, id, grants, 'local'));
  await revokeUserSessions(db, id); // new roles take effect at the next sign-in… and old ones end now
  return getUser(db, actor, id);
}

export async function resetUserPassword(db: Db, actor: Actor, id: string, password: string): Promise<void> {
  authorize(actor, 'staff.users.write');
  const user = await loadManaged(db, actor, id, 'staff.users.write');
  const problems = passwordProblems(password, user.username);
  if (problems.length) throw invalidInput(problems, { it: 'La password non rispetta le regole.', en: 'The password does not meet the rules.' });
  await db.query(
    `UPDATE staff_user SET password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = NULL, demo = false, updated_at = now() WHERE id = $1`,
    [id, await hashPassword(password)],
  );
  await revokeUserSessions(db, id);
}

export async function unlockUser(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'staff.users.write');
  await loadManaged(db, actor, id, 'staff.users.write');
  await db.query('UPDATE staff_user SET failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1', [id]);
}

export async function resetUserTotp(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'staff.users.write');
  await loadManaged(db, actor, id, 'staff.users.write');
  await db.query('UPDATE staff_user SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, updated_at = now() WHERE id = $1', [id]);
  await revokeUserSessions(db, id);
}

export async function signOutUser(db: Db, actor: Actor, id: string): Promise<number> {
  authorize(actor, 'staff.users.write');
  await loadManaged(db, actor, id, 'staff.users.write');
  return revokeUserSessions(db, id);
}

export { findUserById };
