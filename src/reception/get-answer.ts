import type { Queryable } from '../storage/db.js';
import { COLUMNS, type ShortAnswer } from './short-answer.js';

export async function getAnswer(db: Queryable, id: string): Promise<ShortAnswer | null> {
  const r = await db.query<ShortAnswer>(`SELECT ${COLUMNS} FROM short_answer a WHERE a.id = $1`, [id]);
  return r.rows[0] ?? null;
}
