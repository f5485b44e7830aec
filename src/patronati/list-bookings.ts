import { maskTaxCode } from '../domain/person/tax-code.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Queryable } from '../storage/db.js';
import type { DeskPlace } from '../catalog/index.js';
import type { z } from 'zod';
import type { bookingView } from './routes.schema.js';

/** What became of the call: the operator's outcome, and the follow-up booking when one was made. */
export type CallOutcome = NonNullable<NonNullable<z.output<typeof bookingView>['call']>['outcome']>;

/** A booking as a patronato sees it (the routes' `bookingView`), with the desk's place for the policy (not sent). */
export type PatronatoBooking = z.output<typeof bookingView> & { place: DeskPlace };

/**
 * An organisation's bookings over a range of local days (Europe/Rome), soonest first, with
 * their mandate and the call's outcome once the desk has recorded it. At most 500.
 */
export async function listPatronatoBookings(db: Queryable, patronatoId: string, fromDay: string, days: number): Promise<PatronatoBooking[]> {
  return selectBookings(db, `b.patronato_id = $1 AND b.status IN ('booked', 'cancelled')
        AND b.starts_at >= ($2::date)::timestamp AT TIME ZONE 'Europe/Rome'
        AND b.starts_at < ($2::date + $3::int)::timestamp AT TIME ZONE 'Europe/Rome'`, [patronatoId, fromDay, days]);
}

/** One patronato booking by its code (null when it is not a patronato's). */
export async function findPatronatoBooking(db: Queryable, code: string): Promise<PatronatoBooking | null> {
  return (await selectBookings(db, 'b.code = $1', [code]))[0] ?? null;
}

async function selectBookings(db: Queryable, where: string, params: unknown[]): Promise<PatronatoBooking[]> {
  const r = await db.query<{
    code: string; status: 'booked' | 'cancelled'; startsAt: Date; endsAt: Date; channel: 'phone' | 'video'; fullName: string | null;
    taxCode: string | null; phone: string | null; email: string | null; topic: string | null; deskId: string; deskNumber: number;
    nameIt: string; nameEn: string; officeId: string; officeCode: string; officeName: string; provinceCode: string; regionCode: string;
    mandateDate: string; subject: string; mandateOffice: string | null; callState: string | null; outcome: CallOutcome | null; followUpCode: string | null;
  }>(
    `SELECT b.code, b.status, b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.channel, b.full_name AS "fullName",
            b.tax_code AS "taxCode", b.phone, b.email, b.topic, d.id AS "deskId", d.number AS "deskNumber",
            d.name_it AS "nameIt", d.name_en AS "nameEn", o.id AS "officeId", o.code AS "officeCode", o.name AS "officeName",
            o.province_code AS "provinceCode", v.region_code AS "regionCode",
            to_char(m.mandate_date, 'YYYY-MM-DD') AS "mandateDate", m.subject, po.name AS "mandateOffice",
            ca.state AS "callState", ca.outcome, fb.code AS "followUpCode"
       FROM booking b
       JOIN patronato_mandate m ON m.booking_id = b.id
       LEFT JOIN patronato_office po ON po.id = m.patronato_office_id
       JOIN desk d ON d.id = b.desk_id JOIN office o ON o.id = d.office_id JOIN province v ON v.code = o.province_code
       LEFT JOIN call_assignment ca ON ca.booking_id = b.id
       LEFT JOIN booking fb ON fb.id = ca.follow_up_booking_id
      WHERE ${where}
      ORDER BY b.starts_at, b.code LIMIT 500`,
    params,
  );
  return r.rows.map((b) => ({
    code: b.code,
    status: b.status,
    start: toIsoWithOffset(new Date(b.startsAt).getTime()),
    end: toIsoWithOffset(new Date(b.endsAt).getTime()),
    channel: b.channel,
    fullName: b.fullName,
    taxCode: b.taxCode ? maskTaxCode(b.taxCode) : null,
    phone: b.phone,
    email: b.email,
    topic: b.topic,
    desk: { id: b.deskId, number: b.deskNumber, name: { it: b.nameIt, en: b.nameEn } },
    office: { id: b.officeId, code: b.officeCode, name: b.officeName },
    mandate: { date: b.mandateDate, subject: b.subject, officeName: b.mandateOffice },
    call: b.callState ? { state: b.callState, outcome: b.outcome, followUpCode: b.followUpCode } : null,
    place: { deskId: b.deskId, officeId: b.officeId, provinceCode: b.provinceCode, regionCode: b.regionCode },
  }));
}
