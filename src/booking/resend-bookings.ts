/**
 * "I lost my code": the citizen gives their tax code and the phone or e-mail they booked with;
 * every future booking with both is sent again to its own contact (kind booking_resent, at most
 * once an hour per booking and channel: UNIQUE (event_key, channel) in the queue). The answer
 * never says whether a booking exists: the message goes only to the contact the booking holds.
 */
import { normalisePhone } from '../domain/contact/phone.js';
import { taxCodeKey } from '../domain/person/tax-code.js';
import { checkedTaxCode } from './check-person.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { enqueueNotification } from '../notifications/index.js';
import type { Bilingual } from '../domain/errors.js';

/** At most this many bookings are sent again at once (the soonest). */
export const MAX_RESENT = 10;

export const RESEND_ANSWER: Bilingual = {
  it: 'Se hai prenotazioni attive con questi dati, ti abbiamo mandato i loro codici al recapito con cui hai prenotato. Il PIN non è mai nei messaggi.',
  en: 'If you have active bookings with these details, we have sent their codes to the contact you booked with. The PIN is never in messages.',
};

export async function resendBookings(deps: BookingDeps, input: { taxCode: string; phone?: string | undefined; email?: string | undefined }): Promise<{ message: Bilingual }> {
  const taxKey = taxCodeKey(checkedTaxCode(input.taxCode));
  const phone = input.phone ? normalisePhone(input.phone) : null;
  if (input.phone && !phone) throw bookingErrors.invalidPhone();
  const email = input.email?.trim().toLowerCase() || null;
  if (!phone && !email) throw bookingErrors.contactNeeded();
  const nowMs = deps.now();
  await deps.db.transaction(async (tx) => {
    const found = await tx.query<{ id: string; startsAt: Date }>(
      `SELECT id, starts_at AS "startsAt" FROM booking
        WHERE tax_key = $1 AND status = 'booked' AND starts_at > $2
          AND (($3::text IS NOT NULL AND phone = $3) OR ($4::text IS NOT NULL AND lower(email) = $4))
        ORDER BY starts_at LIMIT ${MAX_RESENT}`,
      [taxKey, new Date(nowMs), phone, email],
    );
    const hour = Math.floor(nowMs / 3_600_000);
    for (const b of found.rows) {
      await enqueueNotification(tx, {
        bookingId: b.id, kind: 'booking_resent', key: `${b.id}:${hour}`,
        expiresAt: new Date(Math.min(b.startsAt.getTime(), nowMs + 86_400_000)),
      });
    }
  });
  return { message: RESEND_ANSWER };
}
