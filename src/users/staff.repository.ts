import type { z } from 'zod';
import type { Queryable } from '../storage/db.js';
import type { grantView } from './routes.schema.js';
import type { Grant, Role, Scope, ScopeKind } from '../policy/index.js';
import type { GrantRef } from './role-mapping.js';

export interface StaffUserRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  active: boolean;
  password_hash: string | null;
  failed_logins: number;
  locked_until: Date | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  demo: boolean;
  last_login_at: Date | null;
  created_at: Date;
}

const USER_COLUMNS = `id, username, display_name, email, active, password_hash, failed_logins, locked_until,
  totp_secret, totp_pending_secret, totp_last_step, demo, last_login_at, created_at`;

export async function findUserByUsername(db: Queryable, username: string): Promise<StaffUserRow | null> {
  const r = await db.query<StaffUserRow>(`SELECT ${USER_COLUMNS} FROM staff_user WHERE lower(username) = lower($1)`, [username]);
  return r.rows[0] ?? null;
}

export async function findUserById(db: Queryable, id: string): Promise<StaffUserRow | null> {
  const r = await db.query<StaffUserRow>(`SELECT ${USER_COLUMNS} FROM staff_user WHERE id = $1`, [id]);
  return r.rows[0] ?? null;
}

/** A grant as stored, with the names of its place (for screens and the policy): the API's shape. */
export type GrantView = z.output<typeof grantView>;

interface GrantRow {
  id: string;
  user_id: string;
  role: Role;
  source: 'local' | 'oidc';
  scope_kind: ScopeKind;
  region_code: string;
  province_code: string | null;
  office_id: string | null;
  office_code: string | null;
  office_name: string | null;
  desk_id: string | null;
  desk_name: string | null;
  provinces: string[] | null;
}

const GRANT_SELECT = `
  SELECT g.id, g.user_id, g.role, g.source, g.scope_kind,
         COALESCE(g.region_code, pp.region_code, op.region_code, dp.region_code) AS region_code,
         COALESCE(g.province_code, o.province_code, dof.province_code) AS province_code,
         COALESCE(g.office_id, d.office_id) AS office_id,
         COALESCE(o.code, dof.code) AS office_code,
         COALESCE(o.name, dof.name) AS office_name,
         g.desk_id, d.name_it AS desk_name,
         CASE WHEN g.scope_kind = 'region'
              THEN (SELECT array_agg(code ORDER BY code) FROM province WHERE region_code = g.region_code) END AS provinces
    FROM staff_grant g
    LEFT JOIN province pp ON pp.code = g.province_code
    LEFT JOIN office o ON o.id = g.office_id
    LEFT JOIN province op ON op.code = o.province_code
    LEFT JOIN desk d ON d.id = g.desk_id
    LEFT JOIN office dof ON dof.id = d.office_id
    LEFT JOIN province dp ON dp.code = dof.province_code`;

function toView(r: GrantRow): GrantView {
  return {
    id: r.id,
    role: r.role,
    source: r.source,
    scope: {
      kind: r.scope_kind,
      regionCode: r.region_code,
      provinceCode: r.province_code,
      officeId: r.office_id,
      officeCode: r.office_code,
      officeName: r.office_name,
      deskId: r.desk_id,
      deskName: r.desk_name,
    },
  };
}

function toGrant(r: GrantRow): Grant {
  let scope: Scope;
  switch (r.scope_kind) {
    case 'region':
      scope = { kind: 'region', regionCode: r.region_code, provinceCodes: r.provinces ?? [] };
      break;
    case 'province':
      scope = { kind: 'province', regionCode: r.region_code, provinceCode: r.province_code! };
      break;
    case 'office':
      scope = { kind: 'office', regionCode: r.region_code, provinceCode: r.province_code!, officeId: r.office_id! };
      break;
    case 'desk':
      scope = { kind: 'desk', regionCode: r.region_code, provinceCode: r.province_code!, officeId: r.office_id!, deskId: r.desk_id! };
      break;
  }
  return { role: r.role, scope };
}

export async function loadGrantRows(db: Queryable, userIds: readonly string[]): Promise<GrantRow[]> {
  if (userIds.length === 0) return [];
  const r = await db.query<GrantRow>(`${GRANT_SELECT} WHERE g.user_id = ANY($1::uuid[]) ORDER BY g.role, g.created_at`, [userIds]);
  return r.rows;
}

export async function loadGrants(db: Queryable, userId: string): Promise<Grant[]> {
  return (await loadGrantRows(db, [userId])).map(toGrant);
}

export async function loadGrantViews(db: Queryable, userId: string): Promise<GrantView[]> {
  return (await loadGrantRows(db, [userId])).map(toView);
}

export async function loadGrantViewsOf(db: Queryable, userIds: readonly string[]): Promise<Map<string, GrantView[]>> {
  const out = new Map<string, GrantView[]>();
  for (const r of await loadGrantRows(db, userIds)) {
    const list = out.get(r.user_id) ?? [];
    list.push(toView(r));
    out.set(r.user_id, list);
  }
  return out;
}

export function grantOfView(v: GrantView, provinceCodes: readonly string[] = []): Grant {
  return toGrant({
    id: v.id, user_id: '', role: v.role, source: v.source, scope_kind: v.scope.kind, region_code: v.scope.regionCode,
    province_code: v.scope.provinceCode, office_id: v.scope.officeId, office_code: v.scope.officeCode, office_name: v.scope.officeName,
    desk_id: v.scope.deskId, desk_name: v.scope.deskName, provinces: [...provinceCodes],
  });
}

/** A grant as written by an admin: scope by code (region, province) or id (office, desk). */
export type GrantInput =
  | { role: Role; scope: { kind: 'region'; code: string } }
  | { role: Role; scope: { kind: 'province'; code: string } }
  | { role: Role; scope: { kind: 'office'; id: string } }
  | { role: Role; scope: { kind: 'desk'; id: string } };

function grantColumns(g: GrantInput): [string, string | null, string | null, string | null, string | null] {
  const s = g.scope;
  return [
    s.kind,
    s.kind === 'region' ? s.code : null,
    s.kind === 'province' ? s.code : null,
    s.kind === 'office' ? s.id : null,
    s.kind === 'desk' ? s.id : null,
  ];
}

/** Replaces the user's grants of one source (admins edit 'local'; sign-in refreshes 'oidc'). */
export async function replaceGrants(tx: Queryable, userId: string, grants: readonly GrantInput[], source: 'local' | 'oidc'): Promise<void> {
  await tx.query('DELETE FROM staff_grant WHERE user_id = $1 AND source = $2', [userId, source]);
  for (const g of grants) {
    const [kind, region, province, office, desk] = grantColumns(g);
    await tx.query(
      `INSERT INTO staff_grant (user_id, role, scope_kind, region_code, province_code, office_id, desk_id, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [userId, g.role, kind, region, province, office, desk, source],
    );
  }
}

/** Turns sign-in mapping references (codes) into grant inputs (ids); unknown places are dropped. */
export async function resolveGrantRefs(db: Queryable, refs: readonly GrantRef[]): Promise<{ grants: GrantInput[]; unknown: GrantRef[] }> {
  const grants: GrantInput[] = [];
  const unknown: GrantRef[] = [];
  for (const ref of refs) {
    const s = ref.scope;
    let found: GrantInput | null = null;
    if (s.kind === 'region') {
      const r = await db.query('SELECT 1 FROM region WHERE code = $1', [s.code]);
      if (r.rows.length) found = { role: ref.role, scope: { kind: 'region', code: s.code } };
    } else if (s.kind === 'province') {
      const r = await db.query('SELECT 1 FROM province WHERE code = $1', [s.code]);
      if (r.rows.length) found = { role: ref.role, scope: { kind: 'province', code: s.code } };
    } else if (s.kind === 'office') {
      const r = await db.query<{ id: string }>('SELECT id FROM office WHERE code = $1', [s.code]);
      if (r.rows[0]) found = { role: ref.role, scope: { kind: 'office', id: r.rows[0].id } };
    } else {
      const r = await db.query<{ id: string }>('SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = $1 AND d.key = $2', [s.officeCode, s.deskKey]);
      if (r.rows[0]) found = { role: ref.role, scope: { kind: 'desk', id: r.rows[0].id } };
    }
    if (found) grants.push(found);
    else unknown.push(ref);
  }
  return { grants, unknown };
}

export async function recordLoginFailure(db: Queryable, userId: string, maxFailures: number, lockMinutes: number): Promise<{ locked: boolean }> {
  // Atomic: concurrent wrong guesses all count. Locking resets the counter for after the lock.
  const r = await db.query<{ locked: boolean }>(
    `UPDATE staff_user
        SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
            locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
      WHERE id = $1
      RETURNING (locked_until IS NOT NULL AND locked_until > now()) AS locked`,
    [userId, maxFailures, lockMinutes],
  );
  return { locked: r.rows[0]?.locked ?? false };
}

export async function recordLoginSuccess(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE staff_user SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1', [userId]);
}

export function isLocked(user: Pick<StaffUserRow, 'locked_until'>, now = new Date()): boolean {
  return user.locked_until !== null && new Date(user.locked_until).getTime() > now.getTime();
}

export async function createUser(
  tx: Queryable,
  u: { username: string; displayName: string; email?: string | null; passwordHash?: string | null; demo?: boolean; totpSecret?: string | null },
): Promise<string> {
  const r = await tx.query<{ id: string }>(
    `INSERT INTO staff_user (username, display_name, email, password_hash, password_changed_at, demo, totp_secret)
     VALUES ($1, $2, $3, $4, CASE WHEN $4::text IS NULL THEN NULL ELSE now() END, $5, $6) RETURNING id`,
    [u.username, u.displayName, u.email ?? null, u.passwordHash ?? null, u.demo ?? false, u.totpSecret ?? null],
  );
  return r.rows[0]!.id;
}
