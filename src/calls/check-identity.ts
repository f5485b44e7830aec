import { officeTelephony } from '../adapters/telephony/registry.js';
import { verifyPin } from '../booking/index.js';
import { AppError } from '../domain/errors.js';
import { checkTaxCode, taxCodeKey } from '../domain/person/tax-code.js';
import { authorize, type Actor } from '../policy/index.js';
import { loadAssignment, placeOf, recordStep } from './calls.repository.js';
import { lastRealCall } from './call-truth.js';
import { callErrors, staffActor, type CallsDeps } from './deps.js';
import type { z } from 'zod';
import type { identityChecked } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

export type IdentityResult = 'ok' | 'bad_tax_code' | 'bad_pin' | 'pin_locked';

/**
 * The identity check at the call, while the citizen is on the line (recorded with that
 * call: a served outcome needs a passed check in the very call it closes). The operator types the tax code the citizen gives (the
 * console shows it masked) and the PIN the citizen reads out; the server compares the tax
 * code and checks the PIN with the booking engine (verifyPin: wrong PINs are counted there
 * and lock the booking after five). Neither is stored nor ever sent back. Each result is
 * recorded; after the office's number of failed checks (default 3), or a locked PIN, the
 * booking is flagged for the URP.
 */
export async function checkIdentity(deps: CallsDeps, actor: Staff, input: { bookingId: string; taxCode: string; pin: string }): Promise<z.output<typeof identityChecked>> {
  const a = await loadAssignment(deps.db, input.bookingId);
  if (!a) throw callErrors.bookingNotFound();
  authorize(actor, 'staff.calls.write', placeOf(a));
  if (a.operatorId && a.operatorId !== actor.userId) throw callErrors.notYours();
  if (a.bookingStatus !== 'booked') throw callErrors.notActive();
  // Identity is checked in a call the citizen answered, and belongs to that call.
  const call = await lastRealCall(deps.db, a.bookingId);
  if (!call || call.state !== 'answered') throw callErrors.noConnectedCall();
  const typed = input.taxCode.replace(/\s+/g, '').toUpperCase();
  const taxOk = !!a.taxCode && (typed === a.taxCode || (checkTaxCode(typed).ok && taxCodeKey(typed) === taxCodeKey(a.taxCode)));
  let result: IdentityResult = 'bad_tax_code';
  let attemptsLeft: number | null = null;
  if (taxOk) {
    try {
      await verifyPin(deps.booking, { code: a.code, pin: input.pin.trim(), actor: staffActor(actor.userId) });
      result = 'ok';
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'bad_pin') {
        result = 'bad_pin';
        attemptsLeft = typeof err.extra.attemptsLeft === 'number' ? err.extra.attemptsLeft : null;
      } else if (err.code === 'pin_locked') result = 'pin_locked';
      else throw err;
    }
  }
  const policy = await officeTelephony(deps.db, a.officeId, deps.defaultAdapter);
  const flagged = await deps.db.transaction(async (tx) => {
    const who = staffActor(actor.userId);
    await tx.query('INSERT INTO identity_check (booking_id, operator_id, tax_code_ok, result, call_id) VALUES ($1, $2, $3, $4, $5)', [a.bookingId, actor.userId, taxOk, result, call.id]);
    if (result === 'ok') {
      await tx.query('UPDATE call_assignment SET identity_verified_at = now(), updated_at = now() WHERE booking_id = $1', [a.bookingId]);
      // The end of the identification (issue 23): the first pass in this call, on the application's clock.
      await tx.query('UPDATE call SET identified_at = GREATEST($2::timestamptz, answered_at) WHERE id = $1 AND identified_at IS NULL AND answered_at IS NOT NULL',
        [call.id, new Date(deps.now())]);
      await recordStep(tx, a.bookingId, 'identity_verified', who);
      return false;
    }
    const r = await tx.query<{ identity_failures: number; flagged_at: Date | null }>(
      `UPDATE call_assignment SET identity_failures = identity_failures + 1, identity_verified_at = NULL, updated_at = now()
        WHERE booking_id = $1 RETURNING identity_failures, flagged_at`, [a.bookingId],
    );
    await recordStep(tx, a.bookingId, 'identity_failed', who, result);
    const row = r.rows[0]!;
    const flag = !row.flagged_at && (result === 'pin_locked' || row.identity_failures >= policy.identityFlagFailures);
    if (flag) {
      await tx.query('UPDATE call_assignment SET flagged_at = now(), flag_reason = $2 WHERE booking_id = $1',
        [a.bookingId, result === 'pin_locked' ? 'pin_locked' : 'identity_failures']);
      await recordStep(tx, a.bookingId, 'flagged_for_urp', who, result === 'pin_locked' ? 'pin_locked' : `identity_failures:${row.identity_failures}`);
      await deps.bus.publish(tx, { type: 'flag', deskId: a.deskId, bookingId: a.bookingId });
    }
    return flag || !!row.flagged_at;
  });
  await deps.bus.publish(deps.db, { type: 'agenda', deskId: a.deskId, bookingId: a.bookingId });
  return { verified: result === 'ok', result, attemptsLeft, flagged };
}
