import type { VideoAdapter } from '../adapters/video/port.js';
import type { VideoSettings } from '../adapters/video/settings.js';
import { AppError } from '../domain/errors.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { roomState, roomWindow, type RoomState, type RoomWindow } from '../domain/video/room.js';
import type { Db } from '../storage/db.js';
import type { RoomRow } from './room.repository.js';
import type { VideoBus } from './signal-bus.js';

/** What the video use cases need from the world, injectable in tests. */
export interface VideoDeps {
  db: Db;
  adapter: VideoAdapter;
  settings: VideoSettings;
  bus: VideoBus;
  now: () => number;
}

export const ZONE = 'Europe/Rome';
export const iso = (ms: number) => toIsoWithOffset(ms, ZONE);

/** The room's opening and closing, with the office's setting or the server's default. */
export function windowOf(room: Pick<RoomRow, 'startsAt' | 'endsAt' | 'openMinutes'>, s: Pick<VideoSettings, 'openMinutes' | 'closeMarginMinutes'>): RoomWindow {
  return roomWindow(
    { startsAtMs: new Date(room.startsAt).getTime(), endsAtMs: new Date(room.endsAt).getTime() },
    room.openMinutes ?? s.openMinutes, s.closeMarginMinutes,
  );
}

/** A cancelled (or never confirmed) booking's room is closed whatever the time. */
export function stateOf(room: RoomRow, w: RoomWindow, nowMs: number): RoomState {
  return room.status === 'booked' ? roomState(w, nowMs) : 'closed';
}

const e = (status: number, code: string, it: string, en: string) => new AppError(status, code, { it, en });

export const videoErrors = {
  roomNotFound: () => e(404, 'room_not_found', 'Stanza video non trovata: controlla il link o il codice.', 'Video room not found: check the link or the code.'),
  notVideo: () => e(404, 'not_found', 'Prenotazione non trovata o non in videochiamata.', 'Booking not found or not a video appointment.'),
  roomClosed: () => e(410, 'room_closed', 'La stanza video è chiusa: l’appuntamento è terminato o è stato annullato.', 'The video room is closed: the appointment is over or was cancelled.'),
  roomNotOpen: (opensAt: string) =>
    new AppError(409, 'room_not_open', { it: `La stanza video apre alle ${opensAt.slice(11, 16)}.`, en: `The video room opens at ${opensAt.slice(11, 16)}.` }, [], { opensAt }),
};
