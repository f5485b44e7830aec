import { describe, expect, it } from 'vitest';
import { callWindow, nextAttempt, outcomeConflict } from './call-rules.js';

const MIN = 60_000;

describe('call rules', () => {
  it('a call window runs from the slot start less the margin (a retry: its time) to the slot end plus the window', () => {
    expect(callWindow({ startsAtMs: 100 * MIN, endsAtMs: 110 * MIN, earlyMinutes: 2, retryWindowMinutes: 30 })).toEqual({ fromMs: 98 * MIN, untilMs: 140 * MIN });
    expect(callWindow({ startsAtMs: 100 * MIN, endsAtMs: 110 * MIN, earlyMinutes: 2, retryWindowMinutes: 30, nextAttemptAtMs: 104 * MIN }).fromMs).toBe(104 * MIN);
  });
  it('never schedules a retry before the slot starts', () => {
    expect(nextAttempt({ attempts: 1, maxAttempts: 3, retryDelayMinutes: 3, retryWindowMinutes: 30, nowMs: 70 * MIN, slotStartMs: 100 * MIN, slotEndMs: 110 * MIN })).toBe(100 * MIN);
    expect(nextAttempt({ attempts: 1, maxAttempts: 3, retryDelayMinutes: 3, retryWindowMinutes: 30, nowMs: 99 * MIN, slotStartMs: 100 * MIN, slotEndMs: 110 * MIN })).toBe(102 * MIN);
  });
  it('an outcome must match the last call and, when served, the identity check', () => {
    const base = { identityPassedInCall: false, waiver: null, closes: true, nowMs: 100 * MIN, startsAtMs: 100 * MIN };
    const answered = { state: 'ended', answered: true };
    const missed = { state: 'failed', answered: false };
    expect(outcomeConflict({ ...base, outcome: 'resolved', lastCall: null })).toBe('no_call_yet');
    expect(outcomeConflict({ ...base, outcome: 'resolved', lastCall: { state: 'answered', answered: true } })).toBe('call_in_progress');
    expect(outcomeConflict({ ...base, outcome: 'no_answer', lastCall: answered })).toBe('call_was_answered');
    expect(outcomeConflict({ ...base, outcome: 'needs_documents', lastCall: missed, waiver: 'pin_lost' })).toBe('call_not_connected');
    expect(outcomeConflict({ ...base, outcome: 'cancelled_by_citizen', lastCall: missed })).toBe('call_not_connected');
    expect(outcomeConflict({ ...base, outcome: 'resolved', lastCall: answered })).toBe('identity_not_verified');
    expect(outcomeConflict({ ...base, outcome: 'resolved', lastCall: answered, waiver: 'representative' })).toBeNull();
    expect(outcomeConflict({ ...base, outcome: 'resolved', lastCall: answered, identityPassedInCall: true })).toBeNull();
    expect(outcomeConflict({ ...base, outcome: 'wrong_number', lastCall: missed })).toBeNull();
    expect(outcomeConflict({ ...base, outcome: 'no_answer', lastCall: missed, nowMs: 99 * MIN })).toBe('slot_not_started');
    expect(outcomeConflict({ ...base, outcome: 'no_answer', lastCall: missed, nowMs: 99 * MIN, closes: false })).toBeNull();
  });
});
