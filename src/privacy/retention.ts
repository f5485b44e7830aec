/**
 * Data protection: the retention job (personal data of bookings pseudonymised N days after
 * the appointment, statistics kept) and one person's data on request (export, erasure).
 */
import { AppError } from '../domain/errors.js';
import type { Db, Queryable } from '../storage/db.js';
import type { Secrets } from '../platform/crypto.js';

/**
 * A keyed pseudonym of a tax code that fits the tax_code column (16 × [A-Z0-9]) but can
 * never be a real codice fiscale: it starts with a digit (a real one starts with 6 letters).
 */
export function taxCodePseudonym(secrets: Secrets, taxCode: string): string {
  const h = secrets.pseudonym(taxCode.toUpperCase()).toUpperCase();
  return `0${h.slice(0, 15)}`;
}

// What a pseudonymisation removes from a booking, and from the history of its events.
const ERASE_BOOKING = `full_name = NULL, phone = NULL, email = NULL, notes = NULL, pin_hash = NULL,
  hold_token_hash = NULL, cancel_reason = CASE WHEN cancel_reason IS NULL THEN NULL ELSE '[rimosso]' END,
  personal_data_erased_at = now(), updated_at = now()`;

export interface RetentionResult {
  cutoff: string;
  bookings: number;
  waitlistEntries: number;
}

/**
 * Pseudonymises bookings that ended before now − retentionDays, and waiting-list entries
 * created before that and no longer live. Idempotent; safe with several instances (lock).
 */
export async function runRetention(db: Db, secrets: Secrets, retentionDays: number, trigger: 'schedule' | 'manual'): Promise<RetentionResult> {
  return db.transaction(async (tx) => {
    const lock = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(7261105) AS ok');
    const cutoffRow = await tx.query<{ cutoff: Date }>('SELECT now() - make_interval(days => $1) AS cutoff', [retentionDays]);
    const cutoff = new Date(cutoffRow.rows[0]!.cutoff);
    if (!lock.rows[0]!.ok) return { cutoff: cutoff.toISOString(), bookings: 0, waitlistEntries: 0 };
    const run = await tx.query<{ id: number }>('INSERT INTO retention_run (cutoff, trigger) VALUES ($1, $2) RETURNING id', [cutoff, trigger]);
    const bookings = await pseudonymiseBookings(tx, secrets, 'ends_at < $1 AND personal_data_erased_at IS NULL', [cutoff]);
    const waitlist = await pseudonymiseWaitlist(
      tx, secrets, "created_at < $1 AND status NOT IN ('waiting', 'offered') AND personal_data_erased_at IS NULL", [cutoff],
    );
    await tx.query('UPDATE retention_run SET finished_at = clock_timestamp(), bookings = $2, waitlist_entries = $3 WHERE id = $1', [run.rows[0]!.id, bookings, waitlist]);
    return { cutoff: cutoff.toISOString(), bookings, waitlistEntries: waitlist };
  });
}

async function pseudonymiseBookings(tx: Queryable, secrets: Secrets, where: string, params: unknown[]): Promise<number> {
  const rows = await tx.query<{ id: string; tax_code: string | null }>(`SELECT id, tax_code FROM booking WHERE ${where} FOR UPDATE`, params);
  for (const b of rows.rows) {
    await tx.query(`UPDATE booking SET tax_code = $2, ${ERASE_BOOKING} WHERE id = $1`, [b.id, b.tax_code && /^[A-Z]/.test(b.tax_code) ? taxCodePseudonym(secrets, b.tax_code) : b.tax_code]);
    await tx.query("UPDATE booking_event SET detail = NULL WHERE booking_id = $1 AND detail IS NOT NULL", [b.id]);
  }
  return rows.rows.length;
}

async function pseudonymiseWaitlist(tx: Queryable, secrets: Secrets, where: string, params: unknown[]): Promise<number> {
  const rows = await tx.query<{ id: string; tax_code: string }>(`SELECT id, tax_code FROM waitlist_entry WHERE ${where} FOR UPDATE`, params);
  for (const w of rows.rows) {
    await tx.query(
      `UPDATE waitlist_entry SET tax_code = $2, full_name = NULL, phone = NULL, email = NULL, notes = NULL,
              personal_data_erased_at = now(), updated_at = now() WHERE id = $1`,
      [w.id, /^[A-Z]/.test(w.tax_code) ? taxCodePseudonym(secrets, w.tax_code) : w.tax_code],
    );
  }
  return rows.rows.length;
}

/** Everything Sportello holds about one person (GDPR art. 15/20), as JSON. */
export async function exportPersonData(db: Queryable, taxCode: string): Promise<Record<string, unknown>> {
  const bookings = await db.query<Record<string, unknown>>(
    `SELECT b.id, b.code, b.status, b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.tax_code AS "taxCode", b.full_name AS "fullName",
            b.phone, b.email, b.topic, b.notes, b.channel, b.language, b.priority, b.source, b.consent_at AS "consentAt",
            b.created_at AS "createdAt", b.booked_at AS "bookedAt", b.cancelled_at AS "cancelledAt", b.cancel_reason AS "cancelReason",
            o.code AS "officeCode", o.name AS "officeName", d.name_it AS "deskName"
       FROM booking b JOIN desk d ON d.id = b.desk_id JOIN office o ON o.id = d.office_id
      WHERE b.tax_code = $1 ORDER BY b.starts_at`,
    [taxCode],
  );
  const ids = bookings.rows.map((b) => b.id as string);
  const events = ids.length
    ? (await db.query(`SELECT booking_id AS "bookingId", at, kind, actor, from_starts_at AS "from", to_starts_at AS "to", detail FROM booking_event WHERE booking_id = ANY($1::uuid[]) ORDER BY id`, [ids])).rows
    : [];
  const waitlist = (await db.query(
    `SELECT w.id, w.status, w.tax_code AS "taxCode", w.full_name AS "fullName", w.phone, w.email, w.topic, w.notes, w.channel,
            w.language, w.priority, w.consent_at AS "consentAt", w.created_at AS "createdAt", d.name_it AS "deskName", o.code AS "officeCode"
       FROM waitlist_entry w JOIN desk d ON d.id = w.desk_id JOIN office o ON o.id = d.office_id WHERE w.tax_code = $1 ORDER BY w.created_at`,
    [taxCode],
  )).rows;
  const accesses = ids.length
    ? (await db.query(
        `SELECT at, actor_name AS "actor", actor_roles AS "roles", action, outcome, resource_id AS "bookingId"
           FROM audit_log WHERE resource_type = 'booking' AND resource_id = ANY($1::text[]) ORDER BY id`,
        [ids],
      )).rows
    : [];
  return { taxCode, exportedAt: new Date().toISOString(), bookings: bookings.rows, bookingEvents: events, waitlist, staffAccesses: accesses };
}

/**
 * Erases one person's personal data on request (GDPR art. 17): future bookings are
 * cancelled (their places free up), live waiting-list entries left, then everything is
 * pseudonymised. Statistics stay.
 */
export async function erasePersonData(db: Db, secrets: Secrets, taxCode: string): Promise<{ bookings: number; cancelled: number; waitlistEntries: number }> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT set_config('sportello.actor', 'privacy-erasure', true)");
    const cancelled = await tx.query(
      `UPDATE booking SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'erasure request', updated_at = now()
        WHERE tax_code = $1 AND status IN ('held', 'booked') AND starts_at > now()`,
      [taxCode],
    );
    await tx.query("UPDATE waitlist_entry SET status = 'left', updated_at = now() WHERE tax_code = $1 AND status IN ('waiting', 'offered')", [taxCode]);
    const bookings = await pseudonymiseBookings(tx, secrets, 'tax_code = $1', [taxCode]);
    const waitlist = await pseudonymiseWaitlist(tx, secrets, 'tax_code = $1', [taxCode]);
    return { bookings, cancelled: cancelled.rowCount, waitlistEntries: waitlist };
  });
}

export const noSuchPerson = (): AppError =>
  new AppError(404, 'not_found', { it: 'Nessun dato per questo codice fiscale.', en: 'No data for this tax code.' });
