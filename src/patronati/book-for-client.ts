import { bookPlace, type NewBooking } from '../booking/index.js';
import type { BookingDeps } from '../booking/index.js';
import { addDays } from '../domain/schedule/time.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { PersonInput } from '../booking/index.js';
import type { Channel } from '../domain/catalog/types.js';
import type { Queryable } from '../storage/db.js';
import { patronatoErrors } from './errors.js';

/** How old a mandate may be when a booking is made under it. */
export const MANDATE_MAX_AGE_DAYS = 365;

export interface Mandate {
  /** The day the client signed the mandate, YYYY-MM-DD (Europe/Rome). */
  date: string;
  /** What the mandate is for, e.g. "domanda di pensione di vecchiaia". */
  subject: string;
}

export interface DelegatedBookingInput extends PersonInput {
  patronatoId: string;
  patronatoOfficeId?: string | undefined;
  deskId: string;
  startMs: number;
  channel: Channel;
  priority?: boolean | undefined;
  mandate: Mandate;
  /** The staff member booking: the patronato's operator, or the reception agent on the patronati's line. */
  staffId: string;
}

/** A mandate's date must be a day already come, at most a year ago. */
export function checkMandateDate(date: string, nowMs: number): void {
  const today = toIsoWithOffset(nowMs).slice(0, 10);
  if (date > today || date < addDays(today, -MANDATE_MAX_AGE_DAYS)) throw patronatoErrors.mandateDate();
}

/**
 * Books a place for a patronato's client under a mandate, in the caller's transaction: the
 * place comes from the patronato share of the slot or the ordinary places (never the priority
 * share, unless the client is a priority citizen) — the database decides, as it decides that
 * the client has one active booking per desk whoever booked it. The mandate is written in the
 * same transaction; a patronato booking cannot commit without it (migration 0020).
 */
export async function bookForClient(deps: BookingDeps, tx: Queryable, input: DelegatedBookingInput): Promise<NewBooking & { bookingId: string }> {
  checkMandateDate(input.mandate.date, deps.now());
  const p = await tx.query<{ active: boolean; officeOk: boolean }>(
    `SELECT p.active, ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM patronato_office o WHERE o.id = $2 AND o.patronato_id = p.id)) AS "officeOk"
       FROM patronato p WHERE p.id = $1`,
    [input.patronatoId, input.patronatoOfficeId ?? null],
  );
  if (!p.rows[0]) throw patronatoErrors.notFound();
  if (!p.rows[0].active) throw patronatoErrors.inactive();
  if (!p.rows[0].officeOk) throw patronatoErrors.officeNotFound();
  const made = await bookPlace(deps, {
    ...input,
    source: 'patronato',
    actor: `staff:${input.staffId}`,
    staffId: input.staffId,
    patronatoId: input.patronatoId,
  }, tx);
  const r = await tx.query<{ id: string }>(
    `INSERT INTO patronato_mandate (booking_id, patronato_id, patronato_office_id, mandate_date, subject, created_by)
     SELECT b.id, $2, $3, $4, $5, $6 FROM booking b WHERE b.code = $1 RETURNING booking_id AS id`,
    [made.booking.code, input.patronatoId, input.patronatoOfficeId ?? null, input.mandate.date, input.mandate.subject, input.staffId],
  );
  return { ...made, bookingId: r.rows[0]!.id };
}
