import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { revokeUserSessions } from './revoke-user-sessions.js';
import { replaceGrants, type GrantInput } from './staff.repository.js';
import { getUser } from './get-user.js';
import { checkGrants, loadManaged, type UserView } from './managed-user.js';

export async function setUserGrants(db: Db, actor: Actor, id: string, grants: GrantInput[]): Promise<UserView> {
  authorize(actor, 'staff.users.write');
  await loadManaged(db, actor, id, 'staff.users.write');
  await checkGrants(db, actor, grants);
  await db.transaction((tx) => replaceGrants(tx, id, grants, 'local'));
  await revokeUserSessions(db, id); // new roles take effect at the next sign-in… and old ones end now
  return getUser(db, actor, id);
}
