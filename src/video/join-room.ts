/**
 * The operator joins a booking's room from the agenda: the booking must be a video appointment
 * of a desk they may call for (staff.calls.write); the room is made if it is not yet. They are
 * the moderator (Jitsi). They also get the booking's phone number for the fall-back call.
 */
import { authorize, type Actor } from '../policy/index.js';
import { stateOf, videoErrors, windowOf, type VideoDeps } from './deps.js';
import { presentRoom } from './present-room.js';
import { ensureRoom } from './room.repository.js';
import type { z } from 'zod';
import type { staffRoomView } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

export async function joinRoom(deps: VideoDeps, actor: Staff, bookingId: string): Promise<z.output<typeof staffRoomView>> {
  const room = await ensureRoom(deps.db, bookingId);
  if (!room) throw videoErrors.notVideo();
  authorize(actor, 'staff.calls.write', { deskId: room.deskId, officeId: room.officeId, provinceCode: room.provinceCode, regionCode: room.regionCode });
  const w = windowOf(room, deps.settings);
  const state = stateOf(room, w, deps.now());
  const entry = state === 'open'
    ? await deps.adapter.enter({ roomName: room.roomName, ...w }, { side: 'operator', displayName: 'Operatore INPS' }, deps.now())
    : null;
  return {
    ...presentRoom(deps, room, entry),
    bookingId: room.bookingId,
    code: room.code,
    citizen: { fullName: room.fullName, phone: room.phone, language: room.language },
  };
}
