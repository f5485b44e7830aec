/**
 * One signalling message from one side of an open room to the other (built-in adapter only):
 * stored, then announced to every instance; the other side's stream delivers it.
 */
import { iso, videoErrors, stateOf, windowOf, type VideoDeps } from './deps.js';
import type { RoomRow } from './room.repository.js';
import { storeSignal } from './room.repository.js';

export interface SignalBody {
  type: 'hello' | 'here' | 'offer' | 'answer' | 'candidate' | 'bye' | 'phone';
  sdp?: string | undefined;
  n?: number | undefined;
  candidate?: { candidate: string; sdpMid?: string | null | undefined; sdpMLineIndex?: number | null | undefined; usernameFragment?: string | null | undefined } | null | undefined;
}

export function assertOpen(deps: VideoDeps, room: RoomRow): void {
  const w = windowOf(room, deps.settings);
  const state = stateOf(room, w, deps.now());
  if (state === 'closed') throw videoErrors.roomClosed();
  if (state === 'waiting') throw videoErrors.roomNotOpen(iso(w.opensAtMs));
}

export async function sendSignal(deps: VideoDeps, room: RoomRow, sender: 'operator' | 'citizen', body: SignalBody): Promise<{ sent: true }> {
  assertOpen(deps, room);
  const signalId = await storeSignal(deps.db, room.bookingId, sender, body);
  await deps.bus.publish(deps.db, { bookingId: room.bookingId, signalId, sender });
  return { sent: true };
}
