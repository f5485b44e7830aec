import type { Queryable } from '../storage/db.js';
import { competentOffice, matchMunicipalities } from '../domain/catalog/competence.js';
import { listOffices, type OfficeView } from './catalog.repository.js';
import { municipalitiesOf } from './municipalities.js';
import type { z } from 'zod';
import type { townSchema } from './routes.schema.js';

export type TownView = z.output<typeof townSchema>;

/** Comuni of the provinces served (or of one of them) matching a typed name, each with its competent office. */
export async function findTowns(db: Queryable, input: { q: string; province?: string | undefined }): Promise<TownView[]> {
  const provinces = await db.query<{ code: string; name: string; capital: string }>(
    'SELECT code, name, capital FROM province WHERE $1::text IS NULL OR code = $1', [input.province ?? null],
  );
  const byCode = new Map(provinces.rows.map((p) => [p.code, p]));
  const towns = matchMunicipalities(input.q, municipalitiesOf(byCode.keys()));
  if (towns.length === 0) return [];
  const offices = await listOffices(db, { province: input.province });
  const serves = await db.query<{ id: string; serves: string[] }>('SELECT id, serves FROM office WHERE $1::text IS NULL OR province_code = $1', [input.province ?? null]);
  const servesOf = new Map(serves.rows.map((r) => [r.id, r.serves]));
  const candidates = offices.map((o) => ({ ...o, serves: servesOf.get(o.id) ?? [] }));
  return towns.map((t) => {
    const found = competentOffice(t, candidates, (p) => byCode.get(p)?.capital);
    const { serves: _serves, ...office } = found ?? { serves: [] };
    return { name: t.name, provinceCode: t.provinceCode, provinceName: byCode.get(t.provinceCode)!.name, office: found ? (office as OfficeView) : null };
  });
}
