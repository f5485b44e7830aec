import { authorize, type Actor } from '../policy/index.js';
import { deskPlace } from './calls.repository.js';
import { callErrors, romeDay, staffActor, type CallsDeps } from './deps.js';
import { syncDeskAgenda } from './sync-agenda.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

/**
 * The operator signs on to a desk for today (until duty rosters exist, this is what
 * "on duty" means) and gets a share of the day's bookings; the others' loads rebalance.
 */
export async function signOn(deps: CallsDeps, actor: Staff, input: { deskId: string; extension?: string | undefined }): Promise<{ day: string; changed: number }> {
  const place = await deskPlace(deps.db, input.deskId);
  if (!place) throw callErrors.deskNotFound();
  authorize(actor, 'staff.calls.write', place);
  const day = romeDay(deps.now());
  const changed = await deps.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO duty (desk_id, user_id, day, status, extension, source, signed_on_at)
       VALUES ($1, $2, $3, 'on', $4, 'console', now())
       ON CONFLICT (desk_id, user_id, day) DO UPDATE
         SET status = 'on', extension = COALESCE(EXCLUDED.extension, duty.extension), signed_on_at = now(), updated_at = now()`,
      [input.deskId, actor.userId, day, input.extension?.trim() || null],
    );
    return syncDeskAgenda(deps, input.deskId, day, staffActor(actor.userId), tx);
  });
  await deps.bus.publish(deps.db, { type: 'agenda', deskId: input.deskId });
  return { day, changed: changed.length };
}

/**
 * Sign-off (by the operator) or absence (marked by a supervisor): the remaining bookings
 * of that operator move to the others on duty, balanced. Calls under way stay where they are.
 */
export async function signOff(
  deps: CallsDeps,
  actor: Staff,
  input: { deskId: string; userId?: string | undefined; absent?: boolean },
): Promise<{ day: string; changed: number }> {
  const place = await deskPlace(deps.db, input.deskId);
  if (!place) throw callErrors.deskNotFound();
  const userId = input.userId ?? actor.userId;
  authorize(actor, input.userId && input.userId !== actor.userId ? 'staff.agenda.manage' : 'staff.calls.write', place);
  const day = romeDay(deps.now());
  const changed = await deps.db.transaction(async (tx) => {
    const r = await tx.query(
      `UPDATE duty SET status = $4, signed_off_at = now(), updated_at = now(), source = CASE WHEN $5 THEN 'supervisor' ELSE source END
        WHERE desk_id = $1 AND user_id = $2 AND day = $3 RETURNING id`,
      [input.deskId, userId, day, input.absent ? 'absent' : 'off', !!input.absent],
    );
    if (r.rows.length === 0) {
      if (!input.absent) throw callErrors.notOnDuty();
      await tx.query(
        `INSERT INTO duty (desk_id, user_id, day, status, source, signed_off_at) VALUES ($1, $2, $3, 'absent', 'supervisor', now())`,
        [input.deskId, userId, day],
      );
    }
    return syncDeskAgenda(deps, input.deskId, day, staffActor(actor.userId), tx);
  });
  await deps.bus.publish(deps.db, { type: 'agenda', deskId: input.deskId });
  return { day, changed: changed.length };
}
