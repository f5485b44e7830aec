import type { Queryable } from '../storage/db.js';
import { AppError } from '../domain/errors.js';
import { pgErrorCode } from '../storage/db.js';
import { getAnswer } from './get-answer.js';
import { type AnswerInput, answerNotFound, COLUMNS, normaliseTags, type ShortAnswer } from './short-answer.js';

/**
 * Edits an answer if nobody changed it since the version the editor saw (409 otherwise):
 * two supervisors editing the same answer do not overwrite each other.
 */
export async function updateAnswer(db: Queryable, id: string, expectedVersion: number, change: Partial<AnswerInput> & { status?: 'active' | 'retired' }, by: string): Promise<ShortAnswer> {
  try {
    const r = await db.query<ShortAnswer>(
      `UPDATE short_answer AS a SET title = COALESCE($3, title), body = COALESCE($4, body), tags = COALESCE($5, tags),
              province_code = CASE WHEN $6::boolean THEN $7 ELSE province_code END,
              status = COALESCE($8, status), updated_by = $9
        WHERE id = $1 AND version = $2
        RETURNING ${COLUMNS}`,
      [id, expectedVersion, change.title ?? null, change.body ?? null, change.tags ? normaliseTags(change.tags) : null,
        change.provinceCode !== undefined, change.provinceCode ?? null, change.status ?? null, by],
    );
    if (r.rows[0]) return r.rows[0];
  } catch (err) {
    if (pgErrorCode(err) === '23503') throw new AppError(422, 'unknown_province', { it: 'Provincia sconosciuta.', en: 'Unknown province.' });
    throw err;
  }
  const current = await getAnswer(db, id);
  if (!current) throw answerNotFound();
  throw new AppError(409, 'answer_changed', {
    it: "Qualcun altro ha modificato questa risposta nel frattempo: ricarica e riprova.",
    en: 'Someone else changed this answer meanwhile: reload and try again.',
  }).with({ currentVersion: current.version });
}
