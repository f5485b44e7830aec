import type { VideoEntry } from '../adapters/video/port.js';
import { formatEntryCode } from '../domain/video/room.js';
import { iso, stateOf, windowOf, type VideoDeps } from './deps.js';
import type { RoomRow } from './room.repository.js';
import type { z } from 'zod';
import type { roomView } from './routes.schema.js';

/** A room as its participants see it: when, where, and (while open) how to enter. */
export function presentRoom(deps: VideoDeps, room: RoomRow, entry: VideoEntry | null): RoomView {
  const now = deps.now();
  const w = windowOf(room, deps.settings);
  return {
    state: stateOf(room, w, now),
    provider: deps.adapter.kind,
    serverTime: iso(now),
    opensAt: iso(w.opensAtMs),
    closesAt: iso(w.closesAtMs),
    start: iso(new Date(room.startsAt).getTime()),
    end: iso(new Date(room.endsAt).getTime()),
    desk: { it: room.deskNameIt, en: room.deskNameEn },
    office: room.officeName,
    entryCode: formatEntryCode(room.entryCode),
    entry,
  };
}

/** A room as the routes' `roomView` schema shows it. */
export type RoomView = z.output<typeof roomView>;
