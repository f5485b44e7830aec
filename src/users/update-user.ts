import { AppError } from '../domain/errors.js';
import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { revokeUserSessions } from './revoke-user-sessions.js';
import { getUser } from './get-user.js';
import { loadManaged, type UserView } from './managed-user.js';

export async function updateStaffUser(
  db: Db,
  actor: Actor,
  id: string,
  patch: { displayName?: string | undefined; email?: string | null | undefined; active?: boolean | undefined },
): Promise<UserView> {
  authorize(actor, 'staff.users.write');
  await loadManaged(db, actor, id, 'staff.users.write');
  if (patch.active === false && actor.kind === 'staff' && actor.userId === id) {
    throw new AppError(409, 'cannot_disable_self', { it: 'Non puoi disattivare il tuo stesso account.', en: 'You cannot disable your own account.' });
  }
  await db.query(
    `UPDATE staff_user SET display_name = COALESCE($2, display_name),
            email = CASE WHEN $3::boolean THEN $4 ELSE email END,
            active = COALESCE($5, active), updated_at = now() WHERE id = $1`,
    [id, patch.displayName ?? null, patch.email !== undefined, patch.email ?? null, patch.active ?? null],
  );
  if (patch.active === false) await revokeUserSessions(db, id);
  return getUser(db, actor, id);
}
