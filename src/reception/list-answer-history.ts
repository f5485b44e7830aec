import type { Queryable } from '../storage/db.js';

export async function answerHistory(db: Queryable, id: string) {
  const r = await db.query<{ version: number; title: string; body: string; tags: string[]; provinceCode: string | null; status: string; changedBy: string | null; changedAt: Date }>(
    `SELECT v.version, v.title, v.body, v.tags, v.province_code AS "provinceCode", v.status, u.username AS "changedBy", v.changed_at AS "changedAt"
       FROM short_answer_version v LEFT JOIN staff_user u ON u.id = v.changed_by WHERE v.answer_id = $1 ORDER BY v.version DESC`,
    [id],
  );
  return r.rows;
}
