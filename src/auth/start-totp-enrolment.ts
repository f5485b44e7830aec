/** A staff member starts enrolling a second factor: a new secret, pending until a first code confirms it. */
import { AppError } from '../domain/errors.js';
import type { Secrets } from '../platform/crypto.js';
import type { Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { findUserById } from '../users/index.js';
import { invalidCredentials } from './login.js';
import { newTotpSecret, totpUri } from './totp.js';

export async function startTotpEnrolment(db: Db, secrets: Secrets, actor: Actor): Promise<{ secret: string; uri: string }> {
  if (actor.kind !== 'staff') throw invalidCredentials();
  const user = (await findUserById(db, actor.userId))!;
  if (user.totp_secret) throw new AppError(409, 'totp_already_enabled', { it: 'La verifica in due passaggi è già attiva.', en: 'Two-step verification is already on.' });
  const secret = newTotpSecret();
  await db.query('UPDATE staff_user SET totp_pending_secret = $2 WHERE id = $1', [user.id, secrets.encrypt(secret)]);
  return { secret, uri: totpUri(secret, user.username) };
}
