/**
 * A video booking's room link for a third party (the municipal station's kiosk, the
 * confirmation and reminder messages): the room is made if it is not yet. Null when the booking
 * is not an active video appointment.
 */
import { videoSettingsFromConfig, type VideoSettings } from '../adapters/video/settings.js';
import { loadConfig } from '../platform/config.js';
import { formatEntryCode } from '../domain/video/room.js';
import type { Queryable } from '../storage/db.js';
import { iso, windowOf } from './deps.js';
import { ensureRoom } from './room.repository.js';

export interface RoomLink {
  url: string;
  entryCode: string;
  opensAt: string;
  closesAt: string;
}

type LinkSettings = Pick<VideoSettings, 'openMinutes' | 'closeMarginMinutes' | 'publicUrl'>;

let configured: LinkSettings | null = null;
/** The server's settings (set once at start), used when a caller gives none. */
export function configureRoomLinks(s: LinkSettings): void {
  configured = s;
}

/** A process with no server (the notification worker): the same settings, read as the server reads them. */
function fromEnv(): LinkSettings {
  return videoSettingsFromConfig(loadConfig());
}

/** The room's path (or absolute address with PUBLIC_URL): the citizen's page, whatever the provider. */
export function roomPath(token: string, publicUrl?: string): string {
  return `${publicUrl ? publicUrl.replace(/\/+$/, '') : ''}/video/r/${token}`;
}

export async function roomLinkForBooking(db: Queryable, bookingId: string, now: number, settings?: LinkSettings): Promise<RoomLink | null> {
  const s = settings ?? configured ?? fromEnv();
  const room = await ensureRoom(db, bookingId);
  if (!room || room.status !== 'booked') return null;
  const w = windowOf(room, s);
  if (now >= w.closesAtMs) return null;
  return { url: roomPath(room.token, s.publicUrl), entryCode: formatEntryCode(room.entryCode), opensAt: iso(w.opensAtMs), closesAt: iso(w.closesAtMs) };
}
