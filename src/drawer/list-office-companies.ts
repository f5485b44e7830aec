/**
 * The companies (matricola) of the offices an administrator manages, with how many active
 * delegations each has: the admin screen's list, to record delegations on.
 */
import type { Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { scopeCondition } from './scope-filter.js';
import type { z } from 'zod';
import type { officeCompanyList } from './routes.schema.js';

export type OfficeCompany = z.output<typeof officeCompanyList>['items'][number];

export async function listOfficeCompanies(db: Queryable, actor: Actor): Promise<OfficeCompany[]> {
  const params: unknown[] = [];
  const scope = scopeCondition(actor, 'staff.drawer.delegations', params);
  const r = await db.query<OfficeCompany>(
    `SELECT c.id, c.matricola, c.name, c.office_id AS "officeId", o.name AS "officeName",
            (SELECT count(*)::int FROM drawer_delegation g WHERE g.company_id = c.id AND g.revoked_at IS NULL) AS "activeDelegations"
       FROM drawer_company c JOIN office o ON o.id = c.office_id
       -- A company has no desk: the scope condition reads its office as t.office_id.
       CROSS JOIN LATERAL (SELECT c.office_id AS office_id, NULL::uuid AS desk_id) t
      WHERE ${scope}
      ORDER BY c.name, c.matricola LIMIT 1000`,
    params,
  );
  return r.rows;
}
