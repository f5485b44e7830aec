/** A short answer of the reception line, and what its use cases share. */
import { AppError } from '../domain/errors.js';

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
  /** 'office': built from an office's own data (hours from its calendar, address), not a written answer. */
  source?: 'answer' | 'office';
}

export interface AnswerInput {
  title: string;
  body: string;
  tags: string[];
  provinceCode: string | null;
}

export const COLUMNS = `a.id, a.title, a.body, a.tags, a.province_code AS "provinceCode", a.status, a.version, a.updated_at AS "updatedAt"`;

export const answerNotFound = () =>
  new AppError(404, 'answer_not_found', { it: 'Risposta breve non trovata.', en: 'Short answer not found.' });

export function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
}
