import { useCallback, useEffect, useState } from 'react';
import { releaseHold } from '../../api/booking';
import { useApiRead } from '../../api/useApiRead';
import { getFlow, updateFlow, type HeldPlace } from '../../booking/flow';

export function useDesk(deskId: string) {
  return useApiRead('/api/desks/{id}', { path: { id: deskId } });
}

/** Gives the held place back and forgets it. */
export async function dropHold(): Promise<void> {
  const hold = getFlow().hold;
  if (!hold) return;
  updateFlow({ hold: null, submit: null });
  await releaseHold(hold.id, hold.token);
}

/** True once the hold's time is up (checked every second). */
export function useHoldExpired(hold: HeldPlace | null): [boolean, () => void] {
  const [expired, setExpired] = useState(() => hold !== null && hold.deadline <= Date.now());
  useEffect(() => setExpired(hold !== null && hold.deadline <= Date.now()), [hold]);
  return [expired, useCallback(() => setExpired(true), [])];
}
