import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { loadManaged } from './managed-user.js';

export async function unlockUser(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'staff.users.write');
  await loadManaged(db, actor, id, 'staff.users.write');
  await db.query('UPDATE staff_user SET failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1', [id]);
}
