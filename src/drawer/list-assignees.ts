/**
 * Who a request can be assigned to: the active staff members whose grants let them work on it
 * (`staff.drawer.write` on the request's office or desk), the caller first. The same rule that
 * assignThread checks, so the list offers no one the assignment would refuse.
 */
import { authorize, can, type Actor } from '../policy/index.js';
import { loadGrants } from '../users/index.js';
import type { DrawerDeps } from './deps.js';
import { findThread, placeOfThread } from './drawer.repository.js';
import { threadNotFound } from './errors.js';
import type { z } from 'zod';
import type { assigneeList } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

export type Assignee = z.output<typeof assigneeList>['items'][number];

/** Roles that may hold `staff.drawer.write` (a first cut in SQL; `can` decides). */
const WORKING_ROLES = ['desk_operator', 'office_admin', 'regional_admin'];

export async function listAssignees(deps: DrawerDeps, actor: Staff, threadId: string): Promise<{ items: Assignee[] }> {
  const t = await findThread(deps.db, threadId);
  if (!t) throw threadNotFound();
  const place = placeOfThread(t);
  authorize(actor, 'staff.drawer.write', place);
  // Candidates: active accounts with a working role whose grant touches the request's region,
  // province, office or one of the office's desks.
  const r = await deps.db.query<{ id: string; name: string }>(
    `SELECT u.id, COALESCE(NULLIF(u.display_name, ''), u.username) AS name
       FROM staff_user u
      WHERE u.active AND EXISTS (
        SELECT 1 FROM staff_grant g LEFT JOIN desk d ON d.id = g.desk_id
         WHERE g.user_id = u.id AND g.role = ANY($1::text[])
           AND (g.region_code = $2 OR g.province_code = $3 OR g.office_id = $4 OR d.office_id = $4))
      ORDER BY name, u.id
      LIMIT 500`,
    [WORKING_ROLES, t.regionCode, t.provinceCode, t.officeId],
  );
  const items: Assignee[] = [];
  for (const u of r.rows) {
    const colleague: Actor = { kind: 'staff', userId: u.id, username: '', grants: await loadGrants(deps.db, u.id) };
    if (can(colleague, 'staff.drawer.write', place)) items.push({ id: u.id, name: u.name, me: u.id === actor.userId });
  }
  items.sort((a, b) => Number(b.me) - Number(a.me));
  return { items };
}
