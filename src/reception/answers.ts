import type { Queryable } from '../storage/db.js';
import { AppError } from '../domain/errors.js';
import { pgErrorCode } from '../storage/db.js';

export interface ShortAnswer {
  id: string;
  title: string;
  body: string;
  tags: string[];
  provinceCode: string | null;
  status: 'active' | 'retired';
  version: number;
  updatedAt: Date;
  rank?: number;
}

export interface AnswerInput {
  title: string;
  body: string;
  tags: string[];
  provinceCode: string | null;
}

const COLUMNS = `a.id, a.title, a.body, a.tags, a.province_code AS "provinceCode", a.status, a.version, a.updated_at AS "updatedAt"`;

export const answerNotFound = () =>
  new AppError(404, 'answer_not_found', { it: 'Risposta breve non trovata.', en: 'Short answer not found.' });

/**
 * A search as typed by an agent, as an Italian full-text query: every word must match,
 * stemmed ("pensioni" finds "pensione"), the last one also as a prefix (typing "inval" finds
 * "invalidità"). Anything that is not a letter or a digit is ignored.
 */
export function toTsQuery(text: string, join: '&' | '|' = '&'): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.slice(0, 12).map((w, i, all) => (i === all.length - 1 ? `${w.toLowerCase()}:*` : w.toLowerCase())).join(` ${join} `);
}

/**
 * Active answers of the given provinces (and the region-wide ones), best matches first.
 * With no text: the most recently updated.
 */
export async function searchAnswers(db: Queryable, text: string | undefined, provinces: string[] | 'all', limit = 20, status: 'active' | 'retired' = 'active'): Promise<ShortAnswer[]> {
  const all = await searchWith(db, text ? toTsQuery(text, '&') : null, provinces, limit, status);
  // No answer has every word: answers with any of them, best first.
  if (all.length === 0 && text && (text.match(/[\p{L}\p{N}]+/gu) ?? []).length > 1) return searchWith(db, toTsQuery(text, '|'), provinces, limit, status);
  return all;
}

async function searchWith(db: Queryable, query: string | null, provinces: string[] | 'all', limit: number, status: 'active' | 'retired'): Promise<ShortAnswer[]> {
  const r = await db.query<ShortAnswer>(
    `SELECT ${COLUMNS}${query ? ", ts_rank_cd(a.search, q, 32) AS rank" : ''}
       FROM short_answer a${query ? ", to_tsquery('italian', $3) q" : ''}
      WHERE a.status = '${status === 'retired' ? 'retired' : 'active'}'
        AND (a.province_code IS NULL OR $1::boolean OR a.province_code = ANY($2::text[]))
        ${query ? 'AND a.search @@ q' : ''}
      ORDER BY ${query ? 'rank DESC, ' : ''}a.updated_at DESC
      LIMIT ${Math.max(1, Math.min(limit, 50))}`,
    query ? [provinces === 'all', provinces === 'all' ? [] : provinces, query] : [provinces === 'all', provinces === 'all' ? [] : provinces],
  );
  return r.rows;
}

export async function getAnswer(db: Queryable, id: string): Promise<ShortAnswer | null> {
  const r = await db.query<ShortAnswer>(`SELECT ${COLUMNS} FROM short_answer a WHERE a.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function createAnswer(db: Queryable, input: AnswerInput, by: string): Promise<ShortAnswer> {
  const r = await db.query<ShortAnswer>(
    `INSERT INTO short_answer AS a (title, body, tags, province_code, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $5)
     RETURNING ${COLUMNS}`,
    [input.title, input.body, normaliseTags(input.tags), input.provinceCode, by],
  );
  return r.rows[0]!;
}

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

export async function answerHistory(db: Queryable, id: string) {
  const r = await db.query<{ version: number; title: string; body: string; tags: string[]; provinceCode: string | null; status: string; changedBy: string | null; changedAt: Date }>(
    `SELECT v.version, v.title, v.body, v.tags, v.province_code AS "provinceCode", v.status, u.username AS "changedBy", v.changed_at AS "changedAt"
       FROM short_answer_version v LEFT JOIN staff_user u ON u.id = v.changed_by WHERE v.answer_id = $1 ORDER BY v.version DESC`,
    [id],
  );
  return r.rows;
}

function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
}
