import { AppError, invalidInput } from '../domain/errors.js';
import { authorize, can, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { hashPassword, passwordProblems } from './password.js';
import { createUser, replaceGrants, type GrantInput } from './staff.repository.js';
import { getUser } from './get-user.js';
import { checkGrants, type UserView } from './managed-user.js';

export async function createStaffUser(
  db: Db,
  actor: Actor,
  input: { username: string; displayName: string; email?: string | null | undefined; password: string; grants: GrantInput[] },
): Promise<UserView> {
  authorize(actor, 'staff.users.write');
  const problems = passwordProblems(input.password, input.username);
  if (problems.length) throw invalidInput(problems, { it: 'La password non rispetta le regole.', en: 'The password does not meet the rules.' });
  // An admin below the region must attach the account to their scope.
  if (input.grants.length === 0 && !can(actor, 'staff.users.write', {})) {
    throw invalidInput([{ path: 'grants', code: 'grant_required', it: 'Assegna almeno un ruolo nella tua sede.', en: 'Give at least one role in your office.' }]);
  }
  await checkGrants(db, actor, input.grants);
  const hash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    const taken = await tx.query('SELECT 1 FROM staff_user WHERE lower(username) = lower($1)', [input.username]);
    if (taken.rows.length) {
      throw new AppError(409, 'username_taken', { it: 'Questo nome utente esiste già.', en: 'This username already exists.' }, [
        { path: 'username', code: 'username_taken', it: 'Nome utente già in uso.', en: 'Username already in use.' },
      ]);
    }
    const userId = await createUser(tx, { username: input.username, displayName: input.displayName, email: input.email ?? null, passwordHash: hash });
    await replaceGrants(tx, userId, input.grants, 'local');
    return userId;
  });
  return getUser(db, actor, id);
}
