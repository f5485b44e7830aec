import type { Queryable } from '../storage/db.js';
import type { z } from 'zod';
import type { deskList } from './routes.schema.js';

export type PatronatoDesk = z.output<typeof deskList>['items'][number];

/** Active desks of some provinces ('all': the region's), with their patronato share. */
export async function listPatronatoDesks(db: Queryable, provinces: readonly string[] | 'all'): Promise<PatronatoDesk[]> {
  const r = await db.query<Omit<PatronatoDesk, 'name' | 'office'> & { nameIt: string; nameEn: string; officeId: string; officeCode: string; officeName: string; provinceCode: string }>(
    `SELECT d.id, d.number, d.name_it AS "nameIt", d.name_en AS "nameEn", d.channels, o.id AS "officeId", o.code AS "officeCode",
            o.name AS "officeName", o.province_code AS "provinceCode", d.patronato_percent AS "patronatoPercent",
            d.patronato_release_hours AS "patronatoReleaseHours"
       FROM desk d JOIN office o ON o.id = d.office_id
      WHERE d.active AND ($1::text[] IS NULL OR o.province_code = ANY ($1))
      ORDER BY o.province_code, o.name, d.number`,
    [provinces === 'all' ? null : [...provinces]],
  );
  return r.rows.map((d) => ({
    id: d.id, number: d.number, name: { it: d.nameIt, en: d.nameEn }, channels: d.channels,
    office: { id: d.officeId, code: d.officeCode, name: d.officeName, provinceCode: d.provinceCode },
    patronatoPercent: d.patronatoPercent, patronatoReleaseHours: d.patronatoReleaseHours,
  }));
}
