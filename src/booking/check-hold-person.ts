import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { checkedTaxCode } from './check-person.js';
import { setActor } from './booking.repository.js';
import { hashToken } from './secrets.js';
import type { z } from 'zod';
import type { personCheckResponse } from './routes.schema.js';

/** What hold_person_check (migration 0038) answers; anything else is a defect. */
const OUTCOMES = ['hold_not_found', 'lapsed', 'not_checked', 'clear', 'already_booked'] as const;
type Outcome = (typeof OUTCOMES)[number];

export type HoldPersonCheck = z.output<typeof personCheckResponse>;

/**
 * The "already booked at this desk" answer before the last step (issue 21 §2), bound to the
 * citizen's live hold: at most two checks per hold, and a positive answer is the confirmation's
 * own refusal — the same words (naming nothing), the place given back at once, the existing
 * booking's details sent to its own contact. So a hold carries no cheaper probe of "does tax
 * code X have a booking here" than a confirmation does.
 */
export async function checkHoldPerson(deps: BookingDeps, input: { holdId: string; token: string; taxCode: string }): Promise<HoldPersonCheck> {
  const taxCode = checkedTaxCode(input.taxCode);
  const { outcome, deskId } = await deps.db.transaction(async (tx) => {
    await setActor(tx, 'citizen');
    const r = await tx.query<{ outcome: string; deskId: string | null }>('SELECT outcome, desk_id AS "deskId" FROM hold_person_check($1, $2, $3, $4)', [
      input.holdId, hashToken(input.token), taxCode, new Date(deps.now()),
    ]);
    const row = r.rows[0];
    if (!row || !OUTCOMES.includes(row.outcome as Outcome)) throw new Error(`hold_person_check answered ${String(row?.outcome)}`);
    return { outcome: row.outcome as Outcome, deskId: row.deskId };
  });
  switch (outcome) {
    case 'clear':
    case 'not_checked':
      return { outcome };
    case 'already_booked':
      if (deskId) deps.availability.touch(deskId); // the place went back
      throw bookingErrors.alreadyBookedHere();
    case 'lapsed':
      throw bookingErrors.holdExpired();
    default:
      throw bookingErrors.holdNotFound();
  }
}
