import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { revokeUserSessions } from './revoke-user-sessions.js';
import { loadManaged } from './managed-user.js';

export async function signOutUser(db: Db, actor: Actor, id: string): Promise<number> {
  authorize(actor, 'staff.users.write');
  await loadManaged(db, actor, id, 'staff.users.write');
  return revokeUserSessions(db, id);
}
