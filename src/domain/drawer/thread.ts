/**
 * The drawer's rules, pure: states aperta → in carico → chiusa, outcomes, protocol numbers,
 * and the SLA deadline in working days (Europe/Rome: weekends and national holidays skipped).
 */
import { isNationalHoliday } from '../schedule/holidays.js';
import { addDays, weekdayOf } from '../schedule/time.js';
import { localTimeToUtcMs, toIsoWithOffset } from '../schedule/zone.js';
import { dayNumberOf } from '../schedule/time.js';

export const THREAD_STATES = ['open', 'in_charge', 'closed'] as const;
export type ThreadState = (typeof THREAD_STATES)[number];

export const OUTCOMES = ['resolved', 'rejected', 'not_competent', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const STATE_LABELS: Record<ThreadState, { it: string; en: string }> = {
  open: { it: 'Aperta', en: 'Open' },
  in_charge: { it: 'In carico', en: 'In charge' },
  closed: { it: 'Chiusa', en: 'Closed' },
};

export const OUTCOME_LABELS: Record<Outcome, { it: string; en: string }> = {
  resolved: { it: 'Risolta', en: 'Resolved' },
  rejected: { it: 'Respinta', en: 'Rejected' },
  not_competent: { it: 'Non di competenza', en: 'Not our competence' },
  withdrawn: { it: 'Ritirata', en: 'Withdrawn' },
};

/** Which states a change may start from (the database statement repeats it atomically). */
export const TRANSITIONS = {
  take: ['open'],
  assign: ['open', 'in_charge'],
  reply: ['open', 'in_charge'],
  close: ['open', 'in_charge'],
} as const satisfies Record<string, readonly ThreadState[]>;
export type Transition = keyof typeof TRANSITIONS;

export function allows(change: Transition, state: ThreadState): boolean {
  return (TRANSITIONS[change] as readonly ThreadState[]).includes(state);
}

/** `MI01-2026-000042`. */
export function protocolNumber(officeCode: string, year: number, n: number): string {
  return `${officeCode}-${year}-${String(n).padStart(6, '0')}`;
}

/** The year in Rome at an instant (a thread registered on 31 December at 23:30 UTC is next year's). */
export function romeYear(ms: number): number {
  return Number(toIsoWithOffset(ms).slice(0, 4));
}

function isWorkingDay(date: string): boolean {
  return weekdayOf(date) <= 5 && !isNationalHoliday(date);
}

/**
 * The deadline of a thread registered at `ms`: the end (18:00 in Rome) of the `days`-th
 * working day after the day it was registered.
 */
export function slaDeadline(ms: number, days: number): number {
  let date = toIsoWithOffset(ms).slice(0, 10);
  let left = days;
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) left--;
  }
  return localTimeToUtcMs(dayNumberOf(date), 18 * 60);
}

/** Overdue: not closed, and the deadline has passed. */
export function isOverdue(t: { state: ThreadState; dueAt: number }, nowMs: number): boolean {
  return t.state !== 'closed' && t.dueAt < nowMs;
}
