import { AppError, notFound } from '../domain/errors.js';
import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import type { JobState } from './kinds.js';
import { JOB_PLACE, MANAGE, visibility } from './admin-shared.js';
import type { z } from 'zod';
import type { retriedJob } from './routes.schema.js';

/** A dead or undeliverable job, due again now (e.g. after an address was corrected or a long outage). */
export async function retryJob(db: Db, actor: Actor, id: string): Promise<z.output<typeof retriedJob>> {
  authorize(actor, MANAGE);
  return db.transaction(async (tx) => {
    const params: unknown[] = [id];
    const r = await tx.query<{ state: JobState; expiresAt: Date }>(
      `SELECT j.state, j.expires_at AS "expiresAt" ${JOB_PLACE}
        WHERE j.id = $1 AND ${visibility(actor, params)} FOR UPDATE OF j`,
      params,
    );
    const job = r.rows[0];
    if (!job) throw notFound({ it: 'Notifica non trovata.', en: 'Notification not found.' });
    if (job.state !== 'dead' && job.state !== 'undeliverable') {
      throw new AppError(409, 'notification_not_failed', { it: 'Si possono riprovare solo le notifiche fallite.', en: 'Only failed notifications can be retried.' });
    }
    if (new Date(job.expiresAt).getTime() <= Date.now()) {
      throw new AppError(409, 'notification_expired', { it: 'Troppo tardi: il momento di questa notifica è passato.', en: 'Too late: the moment of this notification has passed.' });
    }
    await tx.query(
      `UPDATE notification_job SET state = 'pending', attempts = 0, run_after = now(), updated_at = clock_timestamp() WHERE id = $1`,
      [id],
    );
    return { id, state: 'pending' as const };
  });
}
