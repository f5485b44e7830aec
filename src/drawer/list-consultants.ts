/**
 * The labour consultants an administrator may delegate companies to: active accounts with the
 * labour_consultant role whose grant covers at least one office the administrator manages
 * (a consultant works only where their grant reaches; the delegation does the rest).
 */
import type { Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { scopeCondition } from './scope-filter.js';
import type { z } from 'zod';
import type { consultantList } from './routes.schema.js';

export type Consultant = z.output<typeof consultantList>['items'][number];

export async function listConsultants(db: Queryable, actor: Actor): Promise<Consultant[]> {
  const params: unknown[] = [];
  const scope = scopeCondition(actor, 'staff.drawer.delegations', params);
  const r = await db.query<Consultant>(
    `SELECT u.id, u.username, u.display_name AS name
       FROM staff_user u
      WHERE u.active AND EXISTS (
        SELECT 1 FROM staff_grant g
          LEFT JOIN desk gd ON gd.id = g.desk_id
          JOIN office o ON (g.scope_kind = 'region' AND o.province_code IN (SELECT code FROM province WHERE region_code = g.region_code))
                        OR (g.scope_kind = 'province' AND o.province_code = g.province_code)
                        OR (g.scope_kind = 'office' AND o.id = g.office_id)
                        OR (g.scope_kind = 'desk' AND o.id = gd.office_id)
          CROSS JOIN LATERAL (SELECT o.id AS office_id, NULL::uuid AS desk_id) t
         WHERE g.user_id = u.id AND g.role = 'labour_consultant' AND ${scope})
      ORDER BY lower(u.display_name), u.username LIMIT 1000`,
    params,
  );
  return r.rows;
}
