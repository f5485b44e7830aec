import type { Queryable } from '../storage/db.js';
import type { z } from 'zod';
import type { patronatoView } from './routes.schema.js';

export type PatronatoOffice = Patronato['offices'][number];

export type Patronato = z.output<typeof patronatoView>;

/** Organisations with their local offices and operators; `ids` null = all of the regions given. */
export async function loadPatronati(db: Queryable, where: { regions?: readonly string[]; ids?: readonly string[] }): Promise<Patronato[]> {
  const r = await db.query<Omit<Patronato, 'offices' | 'operators'> & { offices: PatronatoOffice[] | null; operators: Patronato['operators'] | null }>(
    `SELECT p.id, p.name, p.accreditation_code AS "accreditationCode", p.region_code AS "regionCode", p.active,
            (SELECT json_agg(json_build_object('id', o.id, 'provinceCode', o.province_code, 'name', o.name, 'address', o.address, 'phone', o.phone)
                             ORDER BY o.province_code, o.name)
               FROM patronato_office o WHERE o.patronato_id = p.id) AS offices,
            (SELECT json_agg(json_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name) ORDER BY u.username)
               FROM staff_user u WHERE u.patronato_id = p.id) AS operators
       FROM patronato p
      WHERE ($1::text[] IS NULL OR p.region_code = ANY ($1)) AND ($2::uuid[] IS NULL OR p.id = ANY ($2))
      ORDER BY p.name`,
    [where.regions ? [...where.regions] : null, where.ids ? [...where.ids] : null],
  );
  return r.rows.map((p) => ({ ...p, offices: p.offices ?? [], operators: p.operators ?? [] }));
}

export async function loadPatronato(db: Queryable, id: string): Promise<Patronato | null> {
  return (await loadPatronati(db, { ids: [id] }))[0] ?? null;
}
