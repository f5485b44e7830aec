import { AppError } from '../domain/errors.js';
import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import type { Channel, JobState, NotificationKind } from './kinds.js';
import { JOB_PLACE, MANAGE, visibility } from './admin-shared.js';
import type { z } from 'zod';
import type { jobView } from './routes.schema.js';

export type JobView = z.output<typeof jobView>;

/**
 * Jobs by state, newest change first — by default the dead letters (dead, undeliverable).
 * No contact data: the booking code names the booking; staff open it through the bookings API.
 */
export async function listJobs(
  db: Db, actor: Actor, q: { states?: JobState[] | undefined; channel?: Channel | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: JobView[]; nextCursor: string | null }> {
  authorize(actor, MANAGE);
  const params: unknown[] = [];
  const conds = [visibility(actor, params)];
  params.push(q.states && q.states.length ? q.states : ['dead', 'undeliverable']);
  conds.push(`j.state = ANY($${params.length}::text[])`);
  if (q.channel) {
    params.push(q.channel);
    conds.push(`j.channel = $${params.length}`);
  }
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) {
      throw new AppError(400, 'invalid_cursor', { it: 'Cursore non valido.', en: 'Invalid cursor.' });
    }
    params.push(new Date(at), id);
    conds.push(`(j.updated_at, j.id) < ($${params.length - 1}, $${params.length}::uuid)`);
  }
  params.push(q.limit + 1);
  const r = await db.query<{
    id: string; kind: NotificationKind; channel: Channel; state: JobState; attempts: number; inDoubt: number; lastError: string | null;
    code: string; officeCode: string; deskIt: string; startsAt: Date; createdAt: Date; updatedAt: Date; runAfter: Date; expiresAt: Date;
  }>(
    `SELECT j.id, j.kind, j.channel, j.state, j.attempts, j.in_doubt AS "inDoubt", j.last_error AS "lastError", COALESCE(b.code, t.protocol) AS code,
            o.code AS "officeCode", COALESCE(d.name_it, 'Cassetto bidirezionale') AS "deskIt", j.starts_at AS "startsAt", j.created_at AS "createdAt",
            j.updated_at AS "updatedAt", j.run_after AS "runAfter", j.expires_at AS "expiresAt"
       ${JOB_PLACE}
      WHERE ${conds.join(' AND ')}
      ORDER BY j.updated_at DESC, j.id DESC LIMIT $${params.length}`,
    params,
  );
  const rows = r.rows.slice(0, q.limit);
  const iso = (d: Date) => new Date(d).toISOString();
  const last = rows[rows.length - 1];
  return {
    items: rows.map((x) => ({
      id: x.id, kind: x.kind, channel: x.channel, state: x.state, attempts: x.attempts, inDoubt: x.inDoubt, lastError: x.lastError,
      bookingCode: x.code, officeCode: x.officeCode, deskName: x.deskIt, appointmentStart: iso(x.startsAt), createdAt: iso(x.createdAt),
      updatedAt: iso(x.updatedAt), runAfter: iso(x.runAfter), expiresAt: iso(x.expiresAt),
    })),
    nextCursor: r.rows.length > q.limit && last ? Buffer.from(`${iso(last.updatedAt)}|${last.id}`).toString('base64url') : null,
  };
}
