import { officeTelephony } from '../adapters/telephony/registry.js';
import { bookPlace } from '../booking/book-place.js';
import { AppError } from '../domain/errors.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { authorize, type Actor } from '../policy/index.js';
import { deskPlace, loadAssignment, placeOf, recordStep } from './calls.repository.js';
import { callErrors, staffActor, ZONE, type CallsDeps } from './deps.js';
import { owedNotice } from './notify-citizen.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

export const OUTCOMES = ['resolved', 'no_answer', 'wrong_number', 'cancelled_by_citizen', 'second_level', 'needs_documents'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface OutcomeInput {
  bookingId: string;
  outcome: Outcome;
  notes?: string | undefined;
  /** needs_documents: what the citizen must send. */
  instructions?: string | undefined;
  /** second_level: the follow-up appointment to book. */
  followUp?: { deskId: string; start: string } | undefined;
}

const field = (path: string, it: string, en: string) => new AppError(422, 'invalid_input', { it, en }, [{ path, code: 'required', it, en }]);

/** The retry policy: another attempt `delay` later while within the slot plus the window, up to `max` attempts. */
export function nextAttempt(p: { attempts: number; maxAttempts: number; retryDelayMinutes: number; retryWindowMinutes: number; nowMs: number; slotEndMs: number }): number | null {
  if (p.attempts >= p.maxAttempts) return null;
  const at = p.nowMs + p.retryDelayMinutes * 60_000;
  return at <= p.slotEndMs + p.retryWindowMinutes * 60_000 ? at : null;
}

/**
 * The outcome of a booking's call(s): resolved; no answer (a retry is scheduled by the
 * office's policy, and when none is left the booking closes as no-answer and the citizen is
 * owed a "we tried to call you" notice); wrong number; cancelled by the citizen; needs a
 * second-level appointment (a follow-up is booked on the chosen desk, in the same
 * transaction); needs documents (instructions recorded and owed to the citizen). Notes ≤ 2,000.
 */
export async function recordOutcome(deps: CallsDeps, actor: Staff, input: OutcomeInput) {
  const who = staffActor(actor.userId);
  const result = await deps.db.transaction(async (tx) => {
    const a = await loadAssignment(tx, input.bookingId, true);
    if (!a) throw callErrors.bookingNotFound();
    authorize(actor, 'staff.calls.write', placeOf(a));
    if (a.operatorId && a.operatorId !== actor.userId) throw callErrors.notYours();
    if (a.state === 'done') throw callErrors.closed();
    if (a.state === 'calling' || a.state === 'in_call') throw callErrors.callInProgress();
    if (a.state === 'withdrawn') throw callErrors.notToday();
    const notes = input.notes?.trim() || null;
    const now = deps.now();
    let followUp: { code: string; start: string } | null = null;

    if (input.outcome === 'no_answer') {
      if (a.attempts === 0) throw callErrors.noCallYet();
      const policy = await officeTelephony(tx, a.officeId, deps.defaultAdapter);
      const at = nextAttempt({ attempts: a.attempts, ...policy, nowMs: now, slotEndMs: new Date(a.endsAt).getTime() });
      if (at !== null) {
        await tx.query(
          `UPDATE call_assignment SET state = 'retry', next_attempt_at = $2, notes = COALESCE($3, notes), updated_at = now() WHERE booking_id = $1`,
          [a.bookingId, new Date(at), notes],
        );
        await recordStep(tx, a.bookingId, 'retry_scheduled', who, `attempt ${a.attempts + 1}/${policy.maxAttempts} at ${toIsoWithOffset(at, ZONE)}`);
        return { state: 'retry' as const, outcome: null, nextAttemptAt: toIsoWithOffset(at, ZONE), followUp, deskId: a.deskId };
      }
      await owedNotice(tx, a.bookingId, 'missed_callback', `attempts: ${a.attempts}`, { attempts: a.attempts });
    }
    if (input.outcome === 'needs_documents') {
      const instructions = input.instructions?.trim();
      if (!instructions) throw field('instructions', 'Scrivi quali documenti servono e come inviarli.', 'Write which documents are needed and how to send them.');
      await owedNotice(tx, a.bookingId, 'documents_needed', instructions);
    }
    if (input.outcome === 'second_level') {
      if (!input.followUp) throw field('followUp', 'Scegli sportello e fascia dell’appuntamento di secondo livello.', 'Choose the desk and slot of the second-level appointment.');
      const target = await deskPlace(tx, input.followUp.deskId);
      if (!target) throw callErrors.deskNotFound();
      authorize(actor, 'staff.bookings.create', target);
      const person = await tx.query<{ tax_code: string; full_name: string; phone: string; email: string | null; language: 'it' | 'en' }>(
        'SELECT tax_code, full_name, phone, email, language FROM booking WHERE id = $1', [a.bookingId],
      );
      const p = person.rows[0]!;
      const made = await bookPlace(deps.booking, {
        deskId: input.followUp.deskId, startMs: Date.parse(input.followUp.start), channel: 'phone', source: 'staff', actor: who, staffId: actor.userId,
        taxCode: p.tax_code, fullName: p.full_name, phone: p.phone, email: p.email ?? undefined, language: p.language, consent: true,
        notes: `Secondo livello da ${a.code}`,
      }, tx);
      followUp = { code: made.booking.code, start: made.booking.start };
      await tx.query('UPDATE call_assignment SET follow_up_booking_id = (SELECT id FROM booking WHERE code = $2) WHERE booking_id = $1', [a.bookingId, made.booking.code]);
      // The new PIN goes to the citizen only (never to the operator): handed to the notice.
      await owedNotice(tx, a.bookingId, 'follow_up_booked', `${made.booking.code} ${made.booking.start}`);
      await setActorBack(tx, who);
    }
    await tx.query(
      `UPDATE call_assignment SET state = 'done', outcome = $2, notes = COALESCE($3, notes), instructions = COALESCE($4, instructions),
              next_attempt_at = NULL, closed_at = now(), updated_at = now() WHERE booking_id = $1`,
      [a.bookingId, input.outcome, notes, input.outcome === 'needs_documents' ? input.instructions!.trim() : null],
    );
    await recordStep(tx, a.bookingId, `outcome_${input.outcome}`, who, followUp ? followUp.code : null);
    return { state: 'done' as const, outcome: input.outcome, nextAttemptAt: null, followUp, deskId: a.deskId };
  });
  await deps.bus.publish(deps.db, { type: 'agenda', deskId: result.deskId, bookingId: input.bookingId });
  return { state: result.state, outcome: result.outcome, nextAttemptAt: result.nextAttemptAt, followUp: result.followUp };
}

async function setActorBack(tx: Parameters<typeof recordStep>[0], who: string) {
  await tx.query("SELECT set_config('sportello.actor', $1, true)", [who]);
}
