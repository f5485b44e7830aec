import type { z } from 'zod';
import type { Queryable } from '../storage/db.js';
import { mayBeBookingCode } from '../domain/booking/booking-code.js';
import { normalisePhone } from '../domain/contact/phone.js';
import { checkTaxCode, maskTaxCode, taxCodeKey } from '../domain/person/tax-code.js';
import { AppError } from '../domain/errors.js';
import { BOOKING_COLUMNS, typedCodeCandidates, type BookingRow } from './booking.repository.js';
import { bookingBasics } from './present-booking.js';
import type { DeskPlace } from '../catalog/index.js';
import type { staffBookingView } from './routes.schema.js';

/** A booking as staff see it: contact details in clear (they call the citizen), tax code masked. */
export type StaffBookingView = z.output<typeof staffBookingView> & {
  place: DeskPlace;
  /** The patronato that booked (for the policy's 'organisation' rule; not sent). */
  patronatoId: string | null;
};

export interface BookingSearch {
  taxCode?: string | undefined;
  phone?: string | undefined;
  code?: string | undefined;
}

/**
 * Bookings matching a tax code, a phone number or a booking code — booked or cancelled,
 * from 30 days ago on, soonest first, at most 50. Callers filter by what the actor may see.
 */
export async function findBookings(db: Queryable, search: BookingSearch, nowMs: number): Promise<StaffBookingView[]> {
  const conditions: string[] = [];
  const params: unknown[] = [new Date(nowMs - 30 * 86_400_000)];
  const fields = [];
  if (search.taxCode) {
    const tax = checkTaxCode(search.taxCode);
    if (!tax.ok) fields.push({ path: 'taxCode', code: tax.reason, ...tax.message });
    else { params.push(taxCodeKey(tax.value)); conditions.push(`b.tax_key = $${params.length}`); }
  }
  if (search.phone) {
    const phone = normalisePhone(search.phone);
    if (!phone) fields.push({ path: 'phone', code: 'invalid_phone', it: 'Numero di telefono non valido.', en: 'Invalid phone number.' });
    else { params.push(phone); conditions.push(`b.phone = $${params.length}`); }
  }
  if (search.code) {
    const codes = mayBeBookingCode(search.code) ? await typedCodeCandidates(db, search.code) : null;
    if (!codes) fields.push({ path: 'code', code: 'invalid_code', it: 'Codice di prenotazione non valido.', en: 'Invalid booking code.' });
    else { params.push(codes); conditions.push(`b.code = ANY($${params.length}::text[])`); }
  }
  if (fields.length) throw new AppError(422, 'invalid_search', { it: 'Criteri di ricerca non validi.', en: 'Invalid search criteria.' }, fields);
  if (conditions.length === 0) {
    throw new AppError(400, 'search_criteria_required', {
      it: 'Indica un codice fiscale, un telefono o un codice di prenotazione.',
      en: 'Give a tax code, a phone number or a booking code.',
    });
  }
  const r = await db.query<BookingRow & { deskNumber: number; nameIt: string; nameEn: string; officeId: string; officeCode: string; officeName: string; provinceCode: string; regionCode: string }>(
    `SELECT ${BOOKING_COLUMNS}, d.number AS "deskNumber", d.name_it AS "nameIt", d.name_en AS "nameEn",
            o.id AS "officeId", o.code AS "officeCode", o.name AS "officeName", o.province_code AS "provinceCode", p.region_code AS "regionCode"
       FROM booking b JOIN desk d ON d.id = b.desk_id JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code
      WHERE b.status IN ('booked', 'cancelled') AND b.starts_at >= $1 AND (${conditions.join(' OR ')})
      ORDER BY b.status = 'cancelled', b.starts_at LIMIT 50`,
    params,
  );
  return r.rows.map((b) => staffView(b, { number: b.deskNumber, nameIt: b.nameIt, nameEn: b.nameEn }, { id: b.officeId, code: b.officeCode, name: b.officeName }, {
    deskId: b.deskId, officeId: b.officeId, provinceCode: b.provinceCode, regionCode: b.regionCode,
  }));
}

export function staffView(
  b: BookingRow,
  desk: { number: number; nameIt: string; nameEn: string },
  office: { id: string; code: string; name: string },
  place: DeskPlace,
  zone = 'Europe/Rome',
): StaffBookingView {
  return {
    ...bookingBasics(b, zone),
    notes: b.notes,
    taxCode: b.taxCode ? maskTaxCode(b.taxCode) : null,
    phone: b.phone,
    email: b.email,
    desk: { id: b.deskId, number: desk.number, name: { it: desk.nameIt, en: desk.nameEn } },
    office,
    place,
    patronatoId: b.patronatoId,
  };
}
