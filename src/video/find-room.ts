/**
 * From the short entry code typed on /video to the room's link. A closed room's code no longer
 * leads anywhere (410); an unknown one is 404, and the route limits the attempts per address.
 */
import { normaliseEntryCode } from '../domain/video/room.js';
import { stateOf, videoErrors, windowOf, type VideoDeps } from './deps.js';
import { roomByEntryCode } from './room.repository.js';

export async function findRoom(deps: VideoDeps, typed: string): Promise<{ token: string }> {
  const code = normaliseEntryCode(typed);
  const room = code ? await roomByEntryCode(deps.db, code) : null;
  if (!room) throw videoErrors.roomNotFound();
  if (stateOf(room, windowOf(room, deps.settings), deps.now()) === 'closed') throw videoErrors.roomClosed();
  return { token: room.token };
}
