/** The staff accounts the actor may see, a page at a time (by username). */
import { authorize, scopesFor, type Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { loadGrantViewsOf, type StaffUserRow } from './staff.repository.js';
import { USER_SELECT, type UserView, view } from './managed-user.js';

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
