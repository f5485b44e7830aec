import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { CHANNELS, JOB_STATES, type Channel, type JobState } from './kinds.js';
import { MANAGE } from './admin-shared.js';
import type { z } from 'zod';
import type { queueStats as queueStatsView } from './routes.schema.js';

export type QueueStats = z.output<typeof queueStatsView>;

export async function queueStats(db: Db, actor: Actor): Promise<QueueStats> {
  authorize(actor, MANAGE, {});
  const ch = await db.query<{ channel: Channel; enabled: boolean; kinds: string[] }>('SELECT channel, enabled, kinds FROM notification_channel ORDER BY channel');
  const c = await db.query<{ channel: Channel; state: JobState; count: number }>(
    'SELECT channel, state, count(*)::int AS count FROM notification_job GROUP BY channel, state ORDER BY channel, state',
  );
  const o = await db.query<{ s: number | null }>(
    "SELECT EXTRACT(EPOCH FROM now() - min(run_after))::float8 AS s FROM notification_job WHERE state IN ('pending', 'claimed', 'sending') AND run_after <= now()",
  );
  const s = o.rows[0]?.s;
  return {
    channels: ch.rows.filter((x) => (CHANNELS as readonly string[]).includes(x.channel)),
    counts: c.rows.filter((x) => (JOB_STATES as readonly string[]).includes(x.state)),
    oldestDueSeconds: s === null || s === undefined ? null : Math.max(0, Math.round(Number(s))),
  };
}
