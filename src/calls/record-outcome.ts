import { officeTelephony } from '../adapters/telephony/registry.js';
import { bookPlace } from '../booking/index.js';
import { IDENTITY_WAIVERS, nextAttempt, OUTCOMES, outcomeConflict, SERVED_OUTCOMES, type IdentityWaiver, type Outcome } from '../domain/calls/call-rules.js';
import { AppError } from '../domain/errors.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { authorize, type Actor } from '../policy/index.js';
import { createUploadLink } from '../uploads/index.js';
import { deskPlace, loadAssignment, placeOf, recordStep } from './calls.repository.js';
import { conflictError, lastRealCall, rethrowRule } from './call-truth.js';
import { callErrors, staffActor, ZONE, type CallsDeps } from './deps.js';
import { deskDocuments } from './desk-documents.js';
import { owedNotice } from './notify-citizen.js';
import type { z } from 'zod';
import type { outcomeRecorded } from './routes.schema.js';

export { nextAttempt, OUTCOMES, IDENTITY_WAIVERS };
export type { Outcome };

type Staff = Extract<Actor, { kind: 'staff' }>;

export interface OutcomeInput {
  bookingId: string;
  outcome: Outcome;
  notes?: string | undefined;
  /** Served with no identity check passed in the call: why (recorded, counted for the URP). */
  identityWaiver?: IdentityWaiver | undefined;
  /** needs_documents: the keys ticked from the desk's document list… */
  documents?: string[] | undefined;
  /** …and anything to add (optional). */
  instructions?: string | undefined;
  /** second_level: the follow-up appointment, a free slot of the chosen desk. */
  followUp?: { deskId: string; start: string; channel?: 'phone' | 'video' | undefined } | undefined;
}

const field = (path: string, it: string, en: string) => new AppError(422, 'invalid_input', { it, en }, [{ path, code: 'required', it, en }]);

/**
 * The outcome of a booking's call(s), true to the call: "no answer" only for a call nobody
 * answered, and it closes the booking only after the last permitted attempt and never before
 * the slot (else a retry is scheduled inside the window, never before the slot starts);
 * resolved, second level, documents needed and cancelled by the citizen only after a call that
 * connected; the first three only with a passed identity check in that call, or an explicit
 * "identity not verified" with its reason. Second level books the follow-up on a free slot of
 * the chosen desk and queues its code and PIN to the citizen; documents needed queues the list
 * ticked from the desk's documents and how to send them. All in one transaction; the database
 * holds the same rules (migration 0017). Notes ≤ 2,000.
 */
export async function recordOutcome(deps: CallsDeps, actor: Staff, input: OutcomeInput): Promise<z.output<typeof outcomeRecorded>> {
  const who = staffActor(actor.userId);
  if (input.identityWaiver && !SERVED_OUTCOMES.includes(input.outcome)) {
    throw field('identityWaiver', 'Il motivo della mancata verifica si indica solo per un cittadino servito.', 'The reason for no identity check is given only for a citizen who was served.');
  }
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
    const startsAtMs = new Date(a.startsAt).getTime();
    const policy = await officeTelephony(tx, a.officeId, deps.defaultAdapter);
    const last = await lastRealCall(tx, a.bookingId);
    const retryAt = input.outcome === 'no_answer'
      ? nextAttempt({ attempts: a.attempts, ...policy, nowMs: now, slotEndMs: new Date(a.endsAt).getTime(), slotStartMs: startsAtMs })
      : null;
    const waiver = last?.identityPassed ? null : input.identityWaiver ?? null;
    const conflict = outcomeConflict({
      outcome: input.outcome, lastCall: last, identityPassedInCall: !!last?.identityPassed, waiver, closes: retryAt === null, nowMs: now, startsAtMs,
    });
    if (conflict) throw conflictError(conflict, toIsoWithOffset(startsAtMs, ZONE));
    let followUp: { code: string; start: string } | null = null;
    let documents: { key: string; it: string; en: string }[] | null = null;

    // The end of the after-call work (issue 23): this call's outcome saved, on the application's clock.
    if (last) {
      await tx.query(
        "UPDATE call SET wrapped_at = GREATEST($2::timestamptz, ended_at) WHERE id = $1 AND wrapped_at IS NULL AND ended_at IS NOT NULL AND state IN ('ended', 'failed')",
        [last.id, new Date(now)],
      );
    }
    if (input.outcome === 'no_answer') {
      if (retryAt !== null) {
        await tx.query(
          `UPDATE call_assignment SET state = 'retry', next_attempt_at = $2, notes = COALESCE($3, notes), updated_at = now() WHERE booking_id = $1`,
          [a.bookingId, new Date(retryAt), notes],
        );
        await recordStep(tx, a.bookingId, 'retry_scheduled', who, `attempt ${a.attempts + 1}/${policy.maxAttempts} at ${toIsoWithOffset(retryAt, ZONE)}`);
        return { state: 'retry' as const, outcome: null, nextAttemptAt: toIsoWithOffset(retryAt, ZONE), followUp, deskId: a.deskId };
      }
      await owedNotice(tx, a.bookingId, 'missed_callback', `attempts: ${a.attempts}`, { attempts: a.attempts });
    }
    if (input.outcome === 'needs_documents') {
      const list = await deskDocuments(tx, a.deskId);
      const keys = [...new Set(input.documents ?? [])];
      if (!keys.length) throw field('documents', 'Spunta i documenti che il cittadino deve inviare.', 'Tick the documents the citizen must send.');
      const unknown = keys.filter((k) => !list.some((d) => d.key === k));
      if (unknown.length) throw field('documents', `Documenti non previsti per questo sportello: ${unknown.join(', ')}.`, `Documents not in this desk's list: ${unknown.join(', ')}.`);
      documents = list.filter((d) => keys.includes(d.key));
      const extra = input.instructions?.trim() || null;
      // The citizen's one-time upload link for this booking (src/uploads): its token goes in the notice only.
      const link = await createUploadLink(tx, a.bookingId, documents, now);
      await owedNotice(tx, a.bookingId, 'documents_needed', [documents.map((d) => d.it).join('; '), extra].filter(Boolean).join(' — ').slice(0, 2000), {
        documents: documents.map((d) => ({ it: d.it, en: d.en })), note: extra, upload: { linkId: link.id, token: link.token, expiresAt: link.expiresAt.toISOString() },
      });
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
        deskId: input.followUp.deskId, startMs: Date.parse(input.followUp.start), channel: input.followUp.channel ?? 'phone', source: 'staff', actor: who, staffId: actor.userId,
        taxCode: p.tax_code, fullName: p.full_name, phone: p.phone, email: p.email ?? undefined, language: p.language, consent: true,
        notes: `Secondo livello da ${a.code}`,
      }, tx);
      followUp = { code: made.booking.code, start: made.booking.start };
      const nb = (await tx.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [made.booking.code])).rows[0]!.id;
      await tx.query('UPDATE call_assignment SET follow_up_booking_id = $2 WHERE booking_id = $1', [a.bookingId, nb]);
      // The new PIN goes to the citizen only (never to the operator), in the follow-up's own notice.
      await owedNotice(tx, a.bookingId, 'follow_up_booked', `${made.booking.code} ${made.booking.start}`, { followUpBookingId: nb, pin: made.pin, from: a.code });
      await setActorBack(tx, who);
    }
    if (waiver) await recordStep(tx, a.bookingId, 'identity_not_verified', who, waiver);
    try {
      await tx.query(
        `UPDATE call_assignment SET state = 'done', outcome = $2, notes = COALESCE($3, notes), instructions = COALESCE($4, instructions),
                identity_waiver = $5, documents = $6::jsonb, next_attempt_at = NULL, closed_at = $7, updated_at = now() WHERE booking_id = $1`,
        [a.bookingId, input.outcome, notes, input.outcome === 'needs_documents' ? input.instructions?.trim() || null : null,
          waiver, documents ? JSON.stringify(documents.map((d) => d.key)) : null, new Date(now)],
      );
    } catch (err) {
      rethrowRule(err);
    }
    await recordStep(tx, a.bookingId, `outcome_${input.outcome}`, who, followUp ? followUp.code : documents ? documents.map((d) => d.key).join(',') : null);
    return { state: 'done' as const, outcome: input.outcome, nextAttemptAt: null, followUp, deskId: a.deskId };
  });
  await deps.bus.publish(deps.db, { type: 'agenda', deskId: result.deskId, bookingId: input.bookingId });
  return { state: result.state, outcome: result.outcome, nextAttemptAt: result.nextAttemptAt, followUp: result.followUp };
}

async function setActorBack(tx: Parameters<typeof recordStep>[0], who: string) {
  await tx.query("SELECT set_config('sportello.actor', $1, true)", [who]);
}
