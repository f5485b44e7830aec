/**
 * The citizen enters a room with its token (the link) — before it opens they get the waiting
 * page's facts (times, no entry), while it is open what their browser needs to join, after it
 * closes 410. The token is the only key: no personal data is returned.
 */
import { stateOf, videoErrors, windowOf, type VideoDeps } from './deps.js';
import { presentRoom, type RoomView } from './present-room.js';
import { roomByToken } from './room.repository.js';

const CITIZEN_NAME = { it: 'Cittadino', en: 'Citizen' };

export async function enterRoom(deps: VideoDeps, token: string): Promise<RoomView> {
  const room = await roomByToken(deps.db, token);
  if (!room) throw videoErrors.roomNotFound();
  const w = windowOf(room, deps.settings);
  const state = stateOf(room, w, deps.now());
  if (state === 'closed') throw videoErrors.roomClosed();
  const entry = state === 'open'
    ? await deps.adapter.enter({ roomName: room.roomName, ...w }, { side: 'citizen', displayName: CITIZEN_NAME[room.language] }, deps.now())
    : null;
  return presentRoom(deps, room, entry);
}
