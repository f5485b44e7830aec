import { authorize, type Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { loadManaged, type UserView } from './managed-user.js';

export async function getUser(db: Queryable, actor: Actor, id: string): Promise<UserView> {
  authorize(actor, 'staff.users.read');
  return loadManaged(db, actor, id, 'staff.users.read');
}
