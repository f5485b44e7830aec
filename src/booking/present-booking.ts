import type { z } from 'zod';
import type { Queryable } from '../storage/db.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { BookingRow } from './booking.repository.js';
import type { bookingView } from './routes.schema.js';

/** A booking as its citizen sees it: the shape of the routes' `bookingView` schema. */
export type BookingView = z.output<typeof bookingView>;

/** `+393331234567` → `+39 ••• ••• 4567`. */
export function maskPhone(phone: string): string {
  return phone.length > 6 ? `${phone.slice(0, 3)} ••• ••• ${phone.slice(-4)}` : '•••';
}

/** `mario.rossi@example.it` → `m•••@example.it`. */
export function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 1)}•••@${domain}`;
}

/** The fields every view of a booking shares, times as ISO 8601 with the zone's offset. */
export function bookingBasics(b: BookingRow, zone = 'Europe/Rome') {
  const iso = (t: Date | null) => (t ? toIsoWithOffset(new Date(t).getTime(), zone) : null);
  return {
    code: b.code,
    status: b.status,
    start: iso(b.startsAt)!,
    end: iso(b.endsAt)!,
    channel: b.channel,
    language: b.language,
    topic: b.topic,
    fullName: b.fullName,
    priority: b.priority,
    source: b.source,
    bookedAt: iso(b.bookedAt),
    cancelledAt: iso(b.cancelledAt),
  };
}

/**
 * What a citizen who proved code + tax code sees of a booking: contact details masked
 * (they are theirs, but the code may have been overheard).
 */
export async function presentBooking(db: Queryable, b: BookingRow, zone = 'Europe/Rome'): Promise<BookingView> {
  const d = await deskLabels(db, b.deskId);
  return {
    ...bookingBasics(b, zone),
    phone: b.phone ? maskPhone(b.phone) : null,
    email: b.email ? maskEmail(b.email) : null,
    desk: { id: b.deskId, number: d.number, name: { it: d.nameIt, en: d.nameEn } },
    office: { id: d.officeId, code: d.officeCode, name: d.officeName, receptionPhone: d.receptionPhone },
    station: b.stationId ? await stationLabel(db, b.stationId) : null,
  };
}

/** Where a citizen goes for a booking at a municipal station (read only for such bookings). */
async function stationLabel(db: Queryable, stationId: string): Promise<BookingView['station']> {
  const r = await db.query<NonNullable<BookingView['station']>>('SELECT id, name, address, comune FROM station WHERE id = $1', [stationId]);
  return r.rows[0] ?? null;
}

interface DeskLabels { number: number; nameIt: string; nameEn: string; officeId: string; officeCode: string; officeName: string; receptionPhone: string | null }

/** Desk and office names change rarely and are shown with every booking: kept for a minute. */
const LABELS_TTL_MS = 60_000;
const labels = new Map<string, { at: number; value: DeskLabels }>();

async function deskLabels(db: Queryable, deskId: string): Promise<DeskLabels> {
  const hit = labels.get(deskId);
  if (hit && Date.now() - hit.at < LABELS_TTL_MS) return hit.value;
  // Loaded through the caller's connection (its transaction) and kept only once loaded:
  // waiting for a load running on another connection could wait for this very transaction.
  const r = await db.query<DeskLabels>(
    `SELECT d.number, d.name_it AS "nameIt", d.name_en AS "nameEn", o.id AS "officeId", o.code AS "officeCode",
            o.name AS "officeName", COALESCE(o.reception_phone, p.reception_phone) AS "receptionPhone"
       FROM desk d JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code WHERE d.id = $1`,
    [deskId],
  );
  const value = r.rows[0]!;
  if (labels.size >= 10_000) labels.clear();
  labels.set(deskId, { at: Date.now(), value });
  return value;
}

/** Forget the names kept for a desk (or all desks) after an admin renamed it. */
export function forgetDeskLabels(deskId?: string): void {
  if (deskId) labels.delete(deskId);
  else labels.clear();
}
