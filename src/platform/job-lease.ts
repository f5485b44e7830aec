import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../storage/db.js';

/** This process, as the holder of job leases (host, pid and a random part: a restart is another holder). */
export const INSTANCE_ID = `${hostname().slice(0, 100)}:${process.pid}:${randomBytes(4).toString('hex')}`;

/**
 * A scheduled job's turn, so that it runs on one instance at a time (migration 0023): true when
 * `holder` holds the job's lease for the next `leaseMs` — it held it already (renewed), or the
 * last holder's lease lapsed (it stopped, or died). One atomic statement; the database's clock.
 */
export async function takeJobTurn(db: Queryable, job: string, leaseMs: number, holder = INSTANCE_ID): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO job_lease (job, holder, until) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (job) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until, runs = job_lease.runs + 1,
            taken_at = CASE WHEN job_lease.holder = EXCLUDED.holder THEN job_lease.taken_at ELSE now() END
      WHERE job_lease.holder = EXCLUDED.holder OR job_lease.until <= now()
     RETURNING holder`,
    [job, holder, leaseMs],
  );
  return r.rows.length === 1;
}

/** Gives the lease up at once (graceful stop), so another instance takes the next turn without waiting. */
export async function releaseJobTurns(db: Queryable, holder = INSTANCE_ID): Promise<void> {
  await db.query('DELETE FROM job_lease WHERE holder = $1', [holder]);
}
