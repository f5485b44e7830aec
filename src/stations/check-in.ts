import { readBookingCode } from '../domain/booking/booking-code.js';
import { AppError } from '../domain/errors.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Actor } from '../policy/index.js';
import { CHECK_IN_EARLY_MS, type StationDeps } from './deps.js';
import { stationErrors } from './errors.js';
import { firstNameOf } from './list-appointments.js';
import { markPhoneInstead } from './mark-phone-instead.js';
import { loadStation } from './stations.repository.js';
import type { z } from 'zod';
import type { checkInResponse } from './routes.schema.js';

type StationActor = Extract<Actor, { kind: 'station' }>;

export type CheckIn = z.output<typeof checkInResponse>;

const phoneInstead = () => new AppError(409, 'phone_instead', {
  it: 'Per questo appuntamento l’operatore ti chiamerà al telefono, al numero che hai indicato: non serve la postazione.',
  en: 'For this appointment the operator will phone you, on the number you gave: the station is not needed.',
});

/**
 * The citizen checks in at the kiosk with the booking code (read however typed): the booking
 * must be at this station, today, from half an hour before its slot to its end. The answer is
 * the room the kiosk joins at the slot time. When the video cannot start (no adapter, or no
 * room) the truth is said (409 video_unavailable) and the operator phones instead: the booking
 * is flagged and the citizen told.
 */
export async function checkIn(deps: StationDeps, actor: StationActor, code: string): Promise<CheckIn> {
  const station = await loadStation(deps.db, actor.stationId);
  if (!station) throw stationErrors.notFound();
  const candidates = readBookingCode(code, [station.officeCode]);
  if (candidates.length === 0) throw stationErrors.bookingNotHere();
  const now = deps.now();
  const r = await deps.db.query<{ id: string; fullName: string | null; startsAt: Date; endsAt: Date; phoneInstead: boolean }>(
    `SELECT id, full_name AS "fullName", starts_at AS "startsAt", ends_at AS "endsAt", phone_instead_at IS NOT NULL AS "phoneInstead"
       FROM booking WHERE code = ANY($1::text[]) AND station_id = $2 AND status = 'booked' AND ends_at > $3`,
    [candidates, actor.stationId, new Date(now)],
  );
  const b = r.rows[0];
  if (!b) throw stationErrors.bookingNotHere();
  const startMs = new Date(b.startsAt).getTime();
  if (now < startMs - CHECK_IN_EARLY_MS) throw stationErrors.tooEarly(toIsoWithOffset(startMs - CHECK_IN_EARLY_MS));
  if (b.phoneInstead) throw phoneInstead();
  await deps.db.query("INSERT INTO booking_event (booking_id, kind, actor, detail) VALUES ($1, 'station_check_in', $2, $3)", [b.id, `station:${actor.stationId}`, actor.deviceId]);
  const room = deps.video ? await deps.video.roomLinkForBooking(b.id, new Date(now)) : null;
  if (!room) {
    await deps.db.transaction((tx) => markPhoneInstead(tx, b.id, 'video_unavailable', new Date(now)));
    throw stationErrors.videoUnavailable();
  }
  return { firstName: firstNameOf(b.fullName), start: toIsoWithOffset(startMs), end: toIsoWithOffset(new Date(b.endsAt).getTime()), room };
}
