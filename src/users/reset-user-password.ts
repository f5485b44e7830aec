import { invalidInput } from '../domain/errors.js';
import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { hashPassword, passwordProblems } from './password.js';
import { revokeUserSessions } from './revoke-user-sessions.js';
import { loadManaged } from './managed-user.js';

export async function resetUserPassword(db: Db, actor: Actor, id: string, password: string): Promise<void> {
  authorize(actor, 'staff.users.write');
  const user = await loadManaged(db, actor, id, 'staff.users.write');
  const problems = passwordProblems(password, user.username);
  if (problems.length) throw invalidInput(problems, { it: 'La password non rispetta le regole.', en: 'The password does not meet the rules.' });
  await db.query(
    `UPDATE staff_user SET password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = NULL, demo = false, updated_at = now() WHERE id = $1`,
    [id, await hashPassword(password)],
  );
  await revokeUserSessions(db, id);
}
