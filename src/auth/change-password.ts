/** A staff member changes their own password (their other sessions end). */
import { AppError, invalidInput } from '../domain/errors.js';
import type { Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { findUserById, hashPassword, passwordProblems, revokeUserSessions, verifyPassword } from '../users/index.js';
import type { RequestAudit } from './http.js';
import { invalidCredentials } from './login.js';

export async function changePassword(
  db: Db,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  /** The session the change is made from: the one that stays. */
  keepTokenHash: string,
  audit: (entry: RequestAudit) => Promise<void>,
): Promise<void> {
  if (actor.kind !== 'staff') throw invalidCredentials();
  const user = (await findUserById(db, actor.userId))!;
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    await audit({ action: 'auth.password.change', outcome: 'failure', resourceType: 'staff_user', resourceId: user.id });
    throw new AppError(401, 'invalid_credentials', { it: 'La password attuale non è corretta.', en: 'The current password is wrong.' });
  }
  const problems = passwordProblems(input.newPassword, user.username, 'newPassword');
  if (problems.length) throw invalidInput(problems, { it: 'La nuova password non rispetta le regole.', en: 'The new password does not meet the rules.' });
  await db.query('UPDATE staff_user SET password_hash = $2, password_changed_at = now(), demo = false, updated_at = now() WHERE id = $1', [
    user.id, await hashPassword(input.newPassword),
  ]);
  await revokeUserSessions(db, user.id, keepTokenHash);
  await audit({ action: 'auth.password.change', resourceType: 'staff_user', resourceId: user.id });
}
