/**
 * The reception line's answer ranking measured on realistic caller questions
 * (bench/answers-questions.json): the share of questions whose expected answer comes first
 * (top-1) and among the first three (top-3), through the same search the console uses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Queryable } from '../src/storage/db.js';
import { answerCaller } from '../src/reception/office-answers.js';

export const QUESTIONS_FILE = fileURLToPath(new URL('./answers-questions.json', import.meta.url));

const fileSchema = z.object({
  provinces: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
  questions: z.array(z.strictObject({ q: z.string().min(1), expect: z.string().min(1) })).min(1),
});

export interface AnswerMiss {
  q: string;
  expect: string;
  /** 1-based place of the expected answer, null when not in the first ten. */
  place: number | null;
  got: string[];
}

export interface AnswerScore {
  questions: number;
  top1: number;
  top3: number;
  misses: AnswerMiss[];
}

/** The key of an answer as the question set names it: office:<code> or the answer's title. */
const keyOf = (a: { id: string; title: string; source?: string }) => (a.source === 'office' ? a.id : a.title);

export async function evaluateAnswers(db: Queryable, file = QUESTIONS_FILE): Promise<AnswerScore> {
  const { provinces, questions } = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  let first = 0;
  let three = 0;
  const misses: AnswerMiss[] = [];
  for (const { q, expect } of questions) {
    const got = (await answerCaller(db, q, provinces, 10)).map(keyOf);
    const i = got.indexOf(expect);
    if (i === 0) first++;
    if (i >= 0 && i < 3) three++;
    if (i !== 0) misses.push({ q, expect, place: i < 0 ? null : i + 1, got: got.slice(0, 3) });
  }
  const share = (n: number) => Math.round((n / questions.length) * 1000) / 1000;
  return { questions: questions.length, top1: share(first), top3: share(three), misses };
}
