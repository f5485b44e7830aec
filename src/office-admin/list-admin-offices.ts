import type { z } from 'zod';
import type { Queryable } from '../storage/db.js';
import type { adminOfficeList } from './routes.schema.js';
import { scopesFor, type Actor } from '../policy/index.js';

export type AdminOfficeItem = z.output<typeof adminOfficeList>['items'][number];

/** The offices the actor administers (office admin: theirs; regional admin: the region's), by province and code. */
export async function listAdminOffices(db: Queryable, actor: Actor): Promise<AdminOfficeItem[]> {
  const { grants } = scopesFor(actor, 'staff.catalog.write');
  const regions = grants.flatMap((g) => (g.scope.kind === 'region' ? [g.scope.regionCode] : []));
  const provinces = grants.flatMap((g) => (g.scope.kind === 'province' ? [g.scope.provinceCode] : []));
  const offices = grants.flatMap((g) => (g.scope.kind === 'office' || g.scope.kind === 'desk' ? [g.scope.officeId] : []));
  if (!regions.length && !provinces.length && !offices.length) return [];
  const r = await db.query<AdminOfficeItem>(
    `SELECT o.id, o.code, o.name, o.town, o.province_code AS "provinceCode",
            (SELECT count(*)::int FROM desk d WHERE d.office_id = o.id) AS "deskCount"
       FROM office o JOIN province p ON p.code = o.province_code
      WHERE p.region_code = ANY($1::text[]) OR o.province_code = ANY($2::text[]) OR o.id = ANY($3::uuid[])
      ORDER BY o.province_code, o.code`,
    [regions, provinces, offices],
  );
  return r.rows;
}
