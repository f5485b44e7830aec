import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { revokeUserSessions } from './revoke-user-sessions.js';
import { loadManaged } from './managed-user.js';

export async function resetUserTotp(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'staff.users.write');
  await loadManaged(db, actor, id, 'staff.users.write');
  await db.query('UPDATE staff_user SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, updated_at = now() WHERE id = $1', [id]);
  await revokeUserSessions(db, id);
}
