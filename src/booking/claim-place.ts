import type { Queryable } from '../storage/db.js';
import { makeBookingCode } from '../domain/booking/booking-code.js';
import type { BookingDeps } from './deps.js';
import type { Person } from './check-person.js';
import { claiming, ensureSlot, expireHolds } from './booking.repository.js';
import { lockCurrentSlot, type ResolvedSlot } from './resolve-slot.js';

export interface ClaimFields {
  status: 'held' | 'booked';
  holdExpiresAtMs?: number;
  holdTokenHash?: string;
  person?: Person;
  pinHash?: string;
  channel: 'phone' | 'video';
  priority: boolean;
  source: 'web' | 'reception' | 'patronato' | 'staff';
  createdBy?: string | null;
  waitlistEntryId?: string | null;
}

const MAX_CODE_ATTEMPTS = 8;

/**
 * Takes one place of a slot in the current transaction: the slot row is created or brought
 * up to date, its lapsed holds are expired, and the booking row is inserted. The database
 * refuses the insert when no place is left (slot_full) or the person already has a booking
 * at this desk (already_booked): nothing else decides.
 */
export async function claimPlace(tx: Queryable, deps: BookingDeps, asResolved: ResolvedSlot, f: ClaimFields): Promise<{ id: string; code: string }> {
  const resolved = await lockCurrentSlot(tx, deps, asResolved);
  const { calendar, slot } = resolved;
  deps.availability.touch(calendar.deskId);
  return claiming(async () => {
    await ensureSlot(tx, calendar.deskId, slot, resolved.reserved, resolved.reservedUntilMs);
    await expireHolds(tx, calendar.deskId, new Date(slot.startMs), deps.now());
    const p = f.person;
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const code = makeBookingCode(calendar.officeCode, calendar.deskNumber, deps.random);
      const r = await tx.query<{ id: string }>(
        `INSERT INTO booking (desk_id, starts_at, ends_at, status, code, hold_expires_at, hold_token_hash, pin_hash,
           tax_code, full_name, phone, email, topic, notes, channel, language, consent_at, priority, source,
           created_by, waitlist_entry_id, booked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
         ON CONFLICT (code) DO NOTHING
         RETURNING id`,
        [
          calendar.deskId, new Date(slot.startMs), new Date(slot.endMs), f.status, code,
          f.holdExpiresAtMs ? new Date(f.holdExpiresAtMs) : null, f.holdTokenHash ?? null, f.pinHash ?? null,
          p?.taxCode ?? null, p?.fullName ?? null, p?.phone ?? null, p?.email ?? null, p?.topic ?? null, p?.notes ?? null,
          f.channel, p?.language ?? 'it', p ? new Date(deps.now()) : null, f.priority, f.source,
          f.createdBy ?? null, f.waitlistEntryId ?? null, f.status === 'booked' ? new Date(deps.now()) : null,
        ],
      );
      if (r.rows[0]) return { id: r.rows[0].id, code };
    }
    throw new Error('could not draw a free booking code');
  });
}
