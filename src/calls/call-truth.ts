/**
 * What the call rules need from storage (the office's margin and window, the booking's last
 * call, whether identity passed in it) and the answer to a database rule the code did not see
 * coming (migration 0017's triggers, e.g. under a race): the same 409 the code gives.
 */
import { AppError } from '../domain/errors.js';
import { DEFAULT_EARLY_CALL_MINUTES, type LastCall, type OutcomeConflict } from '../domain/calls/call-rules.js';
import { DEFAULT_POLICY } from '../adapters/telephony/registry.js';
import { pgConstraint, pgErrorCode, type Queryable } from '../storage/db.js';
import { callErrors } from './deps.js';

export interface CallTiming {
  earlyMinutes: number;
  retryWindowMinutes: number;
}

/** The office's call margin and retry window (defaults for an office with no telephony row). */
export async function callTiming(q: Queryable, officeId: string): Promise<CallTiming> {
  const r = await q.query<{ early: number; win: number }>(
    'SELECT early_call_minutes AS early, retry_window_minutes AS win FROM office_telephony WHERE office_id = $1', [officeId],
  );
  const row = r.rows[0];
  return { earlyMinutes: row?.early ?? DEFAULT_EARLY_CALL_MINUTES, retryWindowMinutes: row?.win ?? DEFAULT_POLICY.retryWindowMinutes };
}

/** The booking's last real call (one the telephony could not even place does not count). */
export async function lastRealCall(q: Queryable, bookingId: string): Promise<(LastCall & { id: string; identityPassed: boolean }) | null> {
  const r = await q.query<{ id: string; state: string; answered_at: Date | null; passed: boolean }>(
    `SELECT c.id, c.state, c.answered_at,
            EXISTS (SELECT 1 FROM identity_check i WHERE i.call_id = c.id AND i.result = 'ok') AS passed
       FROM call c WHERE c.booking_id = $1 AND COALESCE(c.cause, '') NOT LIKE 'adapter_unavailable%'
      ORDER BY c.attempt DESC, c.requested_at DESC LIMIT 1`,
    [bookingId],
  );
  const c = r.rows[0];
  return c ? { id: c.id, state: c.state, answered: !!c.answered_at, identityPassed: c.passed } : null;
}

export function conflictError(c: OutcomeConflict, slotStart: string): AppError {
  switch (c) {
    case 'no_call_yet': return callErrors.noCallYet();
    case 'call_in_progress': return callErrors.callInProgress();
    case 'call_was_answered': return callErrors.callWasAnswered();
    case 'call_not_connected': return callErrors.callNotConnected();
    case 'identity_not_verified': return callErrors.identityNotVerified();
    case 'slot_not_started': return callErrors.slotNotStarted(slotStart);
  }
}

const BY_CONSTRAINT: Record<string, () => AppError> = {
  outcome_needs_call: callErrors.noCallYet,
  outcome_call_in_progress: callErrors.callInProgress,
  outcome_answered_call: callErrors.callWasAnswered,
  outcome_not_connected: callErrors.callNotConnected,
  outcome_identity_unverified: callErrors.identityNotVerified,
  call_assignment_no_answer_after_slot: () => callErrors.slotNotStarted(''),
  call_before_slot: () => callErrors.callTooEarly(''),
  call_before_retry: () => callErrors.callTooEarly(''),
  call_after_window: callErrors.callWindowOver,
  call_inside_window: callErrors.notToday,
};

/** A database call rule broken: its 409; anything else is rethrown as it is. */
export function rethrowRule(err: unknown): never {
  const name = pgErrorCode(err) === '23514' ? pgConstraint(err) : undefined;
  const make = name ? BY_CONSTRAINT[name] : undefined;
  if (make) throw make();
  throw err;
}
