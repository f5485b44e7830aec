/** A staff member drops their second factor, with a current code; only when their roles do not require it. */
import { AppError } from '../domain/errors.js';
import type { Secrets } from '../platform/crypto.js';
import { isAdmin, rolesOf, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { findUserById } from '../users/index.js';
import type { RequestAudit } from './http.js';
import { invalidCredentials, invalidTotp } from './login.js';
import { checkTotp } from './totp.js';

export async function disableTotp(db: Db, secrets: Secrets, actor: Actor, code: string, audit: (entry: RequestAudit) => Promise<void>): Promise<void> {
  if (actor.kind !== 'staff') throw invalidCredentials();
  if (isAdmin(rolesOf(actor))) throw new AppError(403, 'totp_required_for_admins', { it: 'Per gli amministratori la verifica in due passaggi è obbligatoria.', en: 'Two-step verification is required for administrators.' });
  const user = (await findUserById(db, actor.userId))!;
  if (!user.totp_secret || checkTotp(secrets.decrypt(user.totp_secret), code, user.totp_last_step === null ? null : Number(user.totp_last_step)) === null) throw invalidTotp();
  await db.query('UPDATE staff_user SET totp_secret = NULL, totp_pending_secret = NULL, updated_at = now() WHERE id = $1', [user.id]);
  await audit({ action: 'auth.totp.disable', resourceType: 'staff_user', resourceId: user.id });
}
