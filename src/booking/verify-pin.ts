import { isPin } from '../domain/booking/booking-code.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { bookingsByTypedCode, setActor } from './booking.repository.js';
import { pinMatches } from './secrets.js';
import { bookingOfCitizen } from './find-booking.js';

export const MAX_PIN_FAILURES = 5;

/**
 * Checks the PIN a citizen reads out at the call. Wrong PINs are counted in the database;
 * after five the booking's PIN check is locked (the operator's screen flags it). A right
 * PIN resets the count. The PIN itself is never shown to anyone after booking.
 */
export async function verifyPin(
  deps: BookingDeps, input: { code: string; pin: string; actor: string; taxCode?: string | undefined },
): Promise<{ ok: true; failures: number }> {
  const outcome = await deps.db.transaction(async (tx) => {
    await setActor(tx, input.actor);
    // A citizen's own request (cancel, move) names the booking by code and tax code: only then
    // does a wrong PIN count, so someone who knows a code alone cannot lock its PIN.
    const row = input.taxCode === undefined
      ? await bookingsByTypedCode(tx, input.code, true).then((rows) => (rows.length === 1 ? rows[0]! : null))
      : await bookingOfCitizen(tx, input.code, input.taxCode, true).catch(() => null);
    // (A cancelled booking is checked too for the citizen: a retried cancellation replays its answer.)
    if (!row || (row.status !== 'booked' && !(input.taxCode !== undefined && row.status === 'cancelled'))) return { kind: 'missing' as const };
    if (row.pinFailures >= MAX_PIN_FAILURES) return { kind: 'locked' as const };
    if (isPin(input.pin) && pinMatches(deps.secret, input.pin, row.pinHash)) {
      if (row.pinFailures > 0) await tx.query('UPDATE booking SET pin_failures = 0 WHERE id = $1', [row.id]);
      return { kind: 'ok' as const, failures: row.pinFailures };
    }
    const r = await tx.query<{ n: number }>('UPDATE booking SET pin_failures = pin_failures + 1 WHERE id = $1 RETURNING pin_failures AS n', [row.id]);
    return { kind: 'bad' as const, failures: r.rows[0]!.n };
  });
  switch (outcome.kind) {
    case 'missing':
      throw bookingErrors.bookingNotFound();
    case 'locked':
      throw bookingErrors.pinLocked();
    case 'bad':
      throw outcome.failures >= MAX_PIN_FAILURES ? bookingErrors.pinLocked() : bookingErrors.badPin(MAX_PIN_FAILURES - outcome.failures);
    default:
      return { ok: true, failures: outcome.failures };
  }
}
