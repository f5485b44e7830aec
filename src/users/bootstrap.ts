/** Command-line bootstrap: the first real administrator, and the end of the demo accounts. */
import { AppError } from '../domain/errors.js';
import type { Db } from '../storage/db.js';
import { randomToken } from '../platform/crypto.js';
import { hashPassword } from './password.js';
import { createUser, replaceGrants } from './staff.repository.js';

/**
 * Creates a regional administrator with a random password, printed once. The second factor
 * is enrolled at the first sign-in (required for admins).
 */
export async function createRegionalAdmin(db: Db, username: string, regionCode?: string): Promise<{ password: string; region: string }> {
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) {
    throw new AppError(400, 'invalid_username', { it: 'Nome utente non valido: 3–64 caratteri, lettere minuscole, cifre, . _ -', en: 'Invalid username: 3–64 characters, lower-case letters, digits, . _ -' });
  }
  const regions = await db.query<{ code: string }>('SELECT code FROM region ORDER BY code');
  const region = regionCode ?? (regions.rows.length === 1 ? regions.rows[0]!.code : undefined);
  if (!region || !regions.rows.some((r) => r.code === region)) {
    throw new AppError(400, 'invalid_region', { it: 'Indica una regione esistente (--region).', en: 'Give an existing region (--region).' });
  }
  const password = randomToken(18);
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const taken = await tx.query('SELECT 1 FROM staff_user WHERE lower(username) = lower($1)', [username]);
    if (taken.rows.length) throw new AppError(409, 'username_taken', { it: 'Nome utente già in uso.', en: 'Username already in use.' });
    const id = await createUser(tx, { username, displayName: username, passwordHash: hash });
    await replaceGrants(tx, id, [{ role: 'regional_admin', scope: { kind: 'region', code: region } }], 'local');
  });
  return { password, region };
}
