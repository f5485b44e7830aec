/** The subject tree of a region (two levels), for the forms and the search. */
import type { Queryable } from '../storage/db.js';

export async function listSubjects(db: Queryable, regionCode: string) {
  const r = await db.query<{ id: string; level: number; parentId: string | null; key: string; it: string; en: string; slaDays: number | null }>(
    `SELECT id, level, parent_id AS "parentId", key, name_it AS it, name_en AS en, sla_days AS "slaDays"
       FROM drawer_subject WHERE region_code = $1 ORDER BY position, key`,
    [regionCode],
  );
  const areas = r.rows.filter((s) => s.level === 1);
  return areas.map((a) => ({
    id: a.id, key: a.key, it: a.it, en: a.en,
    subjects: r.rows.filter((s) => s.parentId === a.id).map((s) => ({ id: s.id, key: s.key, it: s.it, en: s.en, slaDays: s.slaDays ?? 0 })),
  }));
}
