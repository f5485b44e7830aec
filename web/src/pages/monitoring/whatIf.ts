/**
 * Pure helpers of the what-if panel (PlanningWhatIf.tsx): the default period, the form's
 * checks and the request's address, signed differences in the reader's language. No React,
 * no network: unit-tested in whatIf.test.ts.
 */
import type { paths } from '../../api/client';
import { addDays, type UiLang } from '../../lib/time';

/** The slot lengths offered as the change (the planner's alternatives). */
export const WHAT_IF_SLOTS = [8, 10, 12, 15] as const;
/** The longest period the server replays (src/monitoring/replay-period.ts, MAX_REPLAY_DAYS). */
export const MAX_REPLAY_DAYS = 62;

const LOCALES: Record<UiLang, string> = { it: 'it-IT', en: 'en-GB' };

/** The last `weeks` complete weeks, Monday to Sunday, before `today` (a week still going on is left out). */
export function lastCompleteWeeks(today: string, weeks = 4): { from: string; to: string } {
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const to = addDays(today, -weekday - 1); // the Sunday before this week's Monday
  return { from: addDays(to, -7 * weeks + 1), to };
}

export interface WhatIfForm {
  target: string;
  from: string;
  to: string;
  /** '' = as it was. */
  slotMinutes: string;
  /** '' = as it was. */
  operators: string;
  seed: string;
}

export type WhatIfProblem = 'target' | 'dates' | 'order' | 'operators' | 'seed';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (d: string) => DAY.test(d) && !Number.isNaN(new Date(`${d}T12:00:00Z`).getTime()) && new Date(`${d}T12:00:00Z`).toISOString().startsWith(d);

/** What is wrong with the form (the first thing, as a key under `planning.whatIf.problem.`), or null. The period's length is the server's to check. */
export function whatIfProblem(f: WhatIfForm): WhatIfProblem | null {
  if (!f.target) return 'target';
  if (!validDay(f.from) || !validDay(f.to)) return 'dates';
  if (f.from > f.to) return 'order';
  if (f.operators !== '' && !(/^\d+$/.test(f.operators) && Number(f.operators) >= 1 && Number(f.operators) <= 50)) return 'operators';
  if (!/^\d{1,9}$/.test(f.seed)) return 'seed';
  return null;
}

/** The query of GET /api/monitoring/what-if. */
export type WhatIfQuery = paths['/api/monitoring/what-if']['get']['parameters']['query'];

/** The request for a checked form: only the changes asked for go along (sent in this order). */
export function whatIfQuery(f: WhatIfForm): WhatIfQuery {
  return {
    scope: f.target, from: f.from, to: f.to,
    ...(f.slotMinutes ? { slotMinutes: Number(f.slotMinutes) } : {}),
    ...(f.operators ? { operators: Number(f.operators) } : {}),
    seed: Number(f.seed),
  };
}

/** "+0,4" / "−0,4" / "0": a difference with its sign, at most `digits` decimals. */
export function formatSigned(n: number, lang: UiLang, digits = 1): string {
  const abs = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits }).format(Math.abs(n));
  if (abs === new Intl.NumberFormat(LOCALES[lang]).format(0)) return abs;
  return `${n < 0 ? '−' : '+'}${abs}`;
}

/** "1,3" / "1.3": a figure with at most one decimal; null → "—". */
export function formatDecimal(n: number | null, lang: UiLang, digits = 1): string {
  return n === null ? '—' : new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits }).format(n);
}

/** "8" or "8–12": a range of whole numbers ([min, max]: openapi-fetch types the schema's pair as an array); null → "—". */
export function formatRange(r: readonly number[] | null): string {
  if (r === null) return '—';
  const [min, max = min] = r;
  return min === max ? String(min) : `${min}–${max}`;
}
