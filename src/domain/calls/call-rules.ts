/**
 * The rules that keep call records true (issue 17), pure: when a booking may be called,
 * when the next attempt falls, and which outcome a call allows. The database holds the same
 * rules (migration 0017: triggers call_inside_window and call_outcome_truth) as a backstop;
 * these give the operator a clear answer first.
 */

export const OUTCOMES = ['resolved', 'no_answer', 'wrong_number', 'cancelled_by_citizen', 'second_level', 'needs_documents'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The citizen was served: identity first. */
export const SERVED_OUTCOMES: readonly Outcome[] = ['resolved', 'second_level', 'needs_documents'];
/** Someone was on the line. */
export const CONNECTED_OUTCOMES: readonly Outcome[] = [...SERVED_OUTCOMES, 'cancelled_by_citizen'];

/** The only ways round the identity check, each recorded and counted for the URP. */
export const IDENTITY_WAIVERS = ['pin_lost', 'pin_locked', 'representative', 'communication'] as const;
export type IdentityWaiver = (typeof IDENTITY_WAIVERS)[number];

/** An operator's day at a desk (the duty table's status, migration 0006): on duty, signed off, or marked absent. */
export const DUTY_STATUSES = ['on', 'off', 'absent'] as const;
export type DutyStatus = (typeof DUTY_STATUSES)[number];

export const DEFAULT_EARLY_CALL_MINUTES = 2;
const MIN = 60_000;

/**
 * When a booking may be called: from the slot start less the margin (a retry: from the time
 * it was scheduled for) until the slot end plus the office's retry window.
 */
export function callWindow(p: {
  startsAtMs: number; endsAtMs: number; earlyMinutes: number; retryWindowMinutes: number; nextAttemptAtMs?: number | null;
}): { fromMs: number; untilMs: number } {
  const from = p.startsAtMs - p.earlyMinutes * MIN;
  return { fromMs: p.nextAttemptAtMs != null ? Math.max(from, p.nextAttemptAtMs) : from, untilMs: p.endsAtMs + p.retryWindowMinutes * MIN };
}

/**
 * The retry policy after a call nobody answered: another attempt `delay` later, never before
 * the slot starts, while attempts are left and within the slot plus the window; null when
 * none is left.
 */
export function nextAttempt(p: {
  attempts: number; maxAttempts: number; retryDelayMinutes: number; retryWindowMinutes: number; nowMs: number; slotEndMs: number; slotStartMs?: number;
}): number | null {
  if (p.attempts >= p.maxAttempts) return null;
  const at = Math.max(p.nowMs + p.retryDelayMinutes * MIN, p.slotStartMs ?? -Infinity);
  return at <= p.slotEndMs + p.retryWindowMinutes * MIN ? at : null;
}

export interface LastCall {
  state: string;
  answered: boolean;
}

export type OutcomeConflict =
  | 'no_call_yet' | 'call_in_progress' | 'call_was_answered' | 'call_not_connected' | 'identity_not_verified' | 'slot_not_started';

/**
 * Why this outcome cannot be recorded for this call, or null. `closes` says whether the
 * outcome would close the booking (a no answer with attempts left only schedules a retry).
 */
export function outcomeConflict(p: {
  outcome: Outcome; lastCall: LastCall | null; identityPassedInCall: boolean; waiver: IdentityWaiver | null; closes: boolean; nowMs: number; startsAtMs: number;
}): OutcomeConflict | null {
  const c = p.lastCall;
  if (!c) return 'no_call_yet';
  if (c.state !== 'ended' && c.state !== 'failed') return 'call_in_progress';
  if (p.outcome === 'no_answer') {
    if (c.answered) return 'call_was_answered';
    if (p.closes && p.nowMs < p.startsAtMs) return 'slot_not_started';
    return null;
  }
  if (CONNECTED_OUTCOMES.includes(p.outcome) && !c.answered) return 'call_not_connected';
  if (SERVED_OUTCOMES.includes(p.outcome) && !p.identityPassedInCall && !p.waiver) return 'identity_not_verified';
  return null;
}
