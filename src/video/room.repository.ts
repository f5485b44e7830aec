/**
 * Video rooms in the database (migration 0033): made once per video booking, read by token,
 * entry code or booking, with the booking facts a room needs (slot, state, desk, office).
 */
import { randomInt } from 'node:crypto';
import { randomToken } from '../platform/crypto.js';
import type { Queryable } from '../storage/db.js';
import { ENTRY_ALPHABET, ENTRY_CODE_LENGTH } from '../domain/video/room.js';

export interface RoomRow {
  bookingId: string;
  token: string;
  entryCode: string;
  roomName: string;
  code: string;
  status: string;
  channel: string;
  startsAt: Date;
  endsAt: Date;
  fullName: string | null;
  phone: string | null;
  language: 'it' | 'en';
  deskId: string;
  deskNameIt: string;
  deskNameEn: string;
  officeId: string;
  officeName: string;
  provinceCode: string;
  regionCode: string;
  openMinutes: number | null;
}

const SELECT = `
  SELECT r.booking_id AS "bookingId", r.token, r.entry_code AS "entryCode", r.room_name AS "roomName",
         b.code, b.status, b.channel, b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.full_name AS "fullName", b.phone, b.language,
         d.id AS "deskId", d.name_it AS "deskNameIt", d.name_en AS "deskNameEn",
         o.id AS "officeId", o.name AS "officeName", o.province_code AS "provinceCode", p.region_code AS "regionCode",
         o.video_open_minutes AS "openMinutes"
    FROM video_room r
    JOIN booking b ON b.id = r.booking_id
    JOIN desk d ON d.id = b.desk_id
    JOIN office o ON o.id = d.office_id
    JOIN province p ON p.code = o.province_code`;

const uuidLike = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

function entryCode(): string {
  let s = '';
  for (let i = 0; i < ENTRY_CODE_LENGTH; i++) s += ENTRY_ALPHABET[randomInt(ENTRY_ALPHABET.length)];
  return s;
}

function roomName(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 20; i++) s += alphabet[randomInt(alphabet.length)];
  return `sportello-${s}`;
}

/**
 * The room of a video booking, made on first need (one statement: two callers at once get the
 * same room). Null when the booking does not exist or is not a video appointment.
 */
export async function ensureRoom(q: Queryable, bookingId: string): Promise<RoomRow | null> {
  if (!uuidLike(bookingId)) return null;
  for (let attempt = 0; ; attempt++) {
    try {
      await q.query(
        `INSERT INTO video_room (booking_id, token, entry_code, room_name)
         SELECT id, $2, $3, $4 FROM booking WHERE id = $1 AND channel = 'video'
         ON CONFLICT (booking_id) DO NOTHING`,
        [bookingId, randomToken(24), entryCode(), roomName()],
      );
      break;
    } catch (err) {
      // A clash of random codes (astronomically rare): draw again.
      if ((err as { code?: string }).code !== '23505' || attempt >= 3) throw err;
    }
  }
  return roomByBooking(q, bookingId);
}

export async function roomByBooking(q: Queryable, bookingId: string): Promise<RoomRow | null> {
  if (!uuidLike(bookingId)) return null;
  return (await q.query<RoomRow>(`${SELECT} WHERE r.booking_id = $1 AND b.channel = 'video'`, [bookingId])).rows[0] ?? null;
}

export async function roomByToken(q: Queryable, token: string): Promise<RoomRow | null> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
  return (await q.query<RoomRow>(`${SELECT} WHERE r.token = $1 AND b.channel = 'video'`, [token])).rows[0] ?? null;
}

export async function roomByEntryCode(q: Queryable, code: string): Promise<RoomRow | null> {
  return (await q.query<RoomRow>(`${SELECT} WHERE r.entry_code = $1 AND b.channel = 'video'`, [code])).rows[0] ?? null;
}

/** Signalling messages live an hour at most (nothing of a call is kept). */
export async function storeSignal(q: Queryable, bookingId: string, sender: 'operator' | 'citizen', body: unknown): Promise<string> {
  await q.query("DELETE FROM video_signal WHERE created_at < now() - interval '1 hour'");
  const r = await q.query<{ id: string }>('INSERT INTO video_signal (booking_id, sender, body) VALUES ($1, $2, $3) RETURNING id::text AS id', [bookingId, sender, JSON.stringify(body)]);
  return r.rows[0]!.id;
}

export async function readSignal(q: Queryable, id: string): Promise<{ bookingId: string; sender: 'operator' | 'citizen'; body: unknown } | null> {
  const r = await q.query<{ bookingId: string; sender: 'operator' | 'citizen'; body: unknown }>(
    'SELECT booking_id AS "bookingId", sender, body FROM video_signal WHERE id = $1::bigint', [id],
  );
  return r.rows[0] ?? null;
}
