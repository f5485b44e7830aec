import type { Queryable } from '../storage/db.js';
import { type AnswerInput, COLUMNS, normaliseTags, type ShortAnswer } from './short-answer.js';

export async function createAnswer(db: Queryable, input: AnswerInput, by: string): Promise<ShortAnswer> {
  const r = await db.query<ShortAnswer>(
    `INSERT INTO short_answer AS a (title, body, tags, province_code, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $5)
     RETURNING ${COLUMNS}`,
    [input.title, input.body, normaliseTags(input.tags), input.provinceCode, by],
  );
  return r.rows[0]!;
}
