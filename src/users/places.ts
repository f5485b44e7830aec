import type { Queryable } from '../storage/db.js';
import type { Resource } from '../policy/index.js';

/**
 * The place of a record for `authorize(actor, action, resource)`: the whole chain
 * region → province → office → desk. Use cases that hold a desk or office id call these.
 */
export async function placeOfDesk(db: Queryable, deskId: string): Promise<Required<Omit<Resource, 'ownerId' | 'organisationId'>> | null> {
  const r = await db.query<{ desk_id: string; office_id: string; province_code: string; region_code: string }>(
    `SELECT d.id AS desk_id, o.id AS office_id, o.province_code, p.region_code
       FROM desk d JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code
      WHERE d.id = $1`,
    [deskId],
  );
  const row = r.rows[0];
  return row ? { deskId: row.desk_id, officeId: row.office_id, provinceCode: row.province_code, regionCode: row.region_code } : null;
}

export async function placeOfOffice(db: Queryable, officeId: string): Promise<{ officeId: string; provinceCode: string; regionCode: string } | null> {
  const r = await db.query<{ office_id: string; province_code: string; region_code: string }>(
    `SELECT o.id AS office_id, o.province_code, p.region_code
       FROM office o JOIN province p ON p.code = o.province_code WHERE o.id = $1`,
    [officeId],
  );
  const row = r.rows[0];
  return row ? { officeId: row.office_id, provinceCode: row.province_code, regionCode: row.region_code } : null;
}

export async function placeOfProvince(db: Queryable, provinceCode: string): Promise<{ provinceCode: string; regionCode: string } | null> {
  const r = await db.query<{ code: string; region_code: string }>('SELECT code, region_code FROM province WHERE code = $1', [provinceCode]);
  const row = r.rows[0];
  return row ? { provinceCode: row.code, regionCode: row.region_code } : null;
}
