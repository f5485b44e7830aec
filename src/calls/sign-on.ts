import { authorize, type Actor } from '../policy/index.js';
import { deskPlace } from './calls.repository.js';
import { checkExtension } from './check-extension.js';
import { callErrors, romeDay, staffActor, type CallsDeps } from './deps.js';
import { syncDeskAgenda } from './sync-agenda.js';
import type { z } from 'zod';
import type { signedOff, signedOn as signedOnView } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

export type DeskSignOn = z.output<typeof signedOnView>['desks'][number];

/**
 * Signs the operator on to these desks for today, in one transaction, with one extension
 * (checked first against each office's PBX user list); each desk's bookings rebalance.
 */
export async function signOnDesks(deps: CallsDeps, actor: Staff, desks: { deskId: string; officeId: string }[], extension: string | undefined): Promise<z.output<typeof signedOnView>> {
  const day = romeDay(deps.now());
  const ext = extension?.trim() || undefined;
  const checks = await checkExtension(deps, desks.map((d) => d.officeId), ext);
  let changed = 0;
  await deps.db.transaction(async (tx) => {
    for (const d of desks) {
      const verified = checks.get(d.officeId)?.status === 'known';
      await tx.query(
        `INSERT INTO duty (desk_id, user_id, day, status, extension, source, signed_on_at, extension_verified_at)
         VALUES ($1, $2, $3, 'on', $4, 'console', now(), CASE WHEN $5 THEN now() END)
         ON CONFLICT (desk_id, user_id, day) DO UPDATE
           SET status = 'on', extension = COALESCE(EXCLUDED.extension, duty.extension), signed_on_at = now(), updated_at = now(),
               extension_verified_at = CASE WHEN EXCLUDED.extension IS NULL THEN duty.extension_verified_at ELSE EXCLUDED.extension_verified_at END`,
        [d.deskId, actor.userId, day, ext ?? null, verified],
      );
      changed += (await syncDeskAgenda(deps, d.deskId, day, staffActor(actor.userId), tx)).length;
    }
  });
  for (const d of desks) await deps.bus.publish(deps.db, { type: 'agenda', deskId: d.deskId });
  const signedOn: DeskSignOn[] = desks.map((d) => ({ ...d, extensionCheck: checks.get(d.officeId)?.status ?? null }));
  return { day, changed, desks: signedOn };
}

/**
 * The operator signs on to one desk for today and gets a share of the day's bookings; the
 * others' loads rebalance. (Every desk of the day at once: sign-on-day.ts.)
 */
export async function signOn(deps: CallsDeps, actor: Staff, input: { deskId: string; extension?: string | undefined }): Promise<z.output<typeof signedOnView>> {
  const place = await deskPlace(deps.db, input.deskId);
  if (!place) throw callErrors.deskNotFound();
  authorize(actor, 'staff.calls.write', place);
  return signOnDesks(deps, actor, [{ deskId: input.deskId, officeId: place.officeId }], input.extension);
}

/**
 * Sign-off (by the operator) or absence (marked by a supervisor): the remaining bookings
 * of that operator move to the others on duty, balanced. Calls under way stay where they are.
 */
export async function signOff(
  deps: CallsDeps,
  actor: Staff,
  input: { deskId: string; userId?: string | undefined; absent?: boolean },
): Promise<z.output<typeof signedOff>> {
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
