import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Queryable } from '../storage/db.js';

export const DEMO_ANSWERS_FILE = fileURLToPath(new URL('../../data/demo/short-answers.json', import.meta.url));

const fileSchema = z.object({
  answers: z.array(z.strictObject({ title: z.string().min(3).max(120), body: z.string().min(1).max(1000), tags: z.array(z.string()).max(20) })),
});

/** Loads the demo short answers (region-wide) that are not there yet, by title. Returns how many it added. */
export async function seedDemoAnswers(db: Queryable, file = DEMO_ANSWERS_FILE): Promise<number> {
  const { answers } = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  let added = 0;
  for (const a of answers) {
    const r = await db.query(
      `INSERT INTO short_answer (title, body, tags) SELECT $1, $2, $3
        WHERE NOT EXISTS (SELECT 1 FROM short_answer WHERE title = $1)`,
      [a.title, a.body, a.tags],
    );
    added += r.rowCount;
  }
  return added;
}
