/** A staff member confirms their pending second factor with a first code: it becomes their second factor. */
import type { Secrets } from '../platform/crypto.js';
import type { Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { findUserById } from '../users/index.js';
import type { RequestAudit } from './http.js';
import { invalidCredentials, invalidTotp } from './login.js';
import { checkTotp } from './totp.js';

export async function confirmTotp(db: Db, secrets: Secrets, actor: Actor, code: string, audit: (entry: RequestAudit) => Promise<void>): Promise<void> {
  if (actor.kind !== 'staff') throw invalidCredentials();
  const user = (await findUserById(db, actor.userId))!;
  if (!user.totp_pending_secret) throw invalidTotp();
  const step = checkTotp(secrets.decrypt(user.totp_pending_secret), code, null);
  if (step === null) throw invalidTotp();
  await db.query('UPDATE staff_user SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2, updated_at = now() WHERE id = $1', [user.id, step]);
  await audit({ action: 'auth.totp.enrol', resourceType: 'staff_user', resourceId: user.id });
}
