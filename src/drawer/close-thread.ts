/** Closing with an outcome (and a note the consultant reads); the consultant is told. */
import type { Outcome } from '../domain/drawer/thread.js';
import { authorize, type Actor } from '../policy/index.js';
import type { DrawerDeps } from './deps.js';
import { findThread, notifyConsultant, placeOfThread } from './drawer.repository.js';
import { threadClosed, threadNotFound } from './errors.js';

export async function closeThread(
  deps: DrawerDeps, actor: Extract<Actor, { kind: 'staff' }>, threadId: string, c: { outcome: Outcome; note?: string | undefined },
): Promise<void> {
  const nowMs = deps.now();
  const at = new Date(nowMs);
  await deps.db.transaction(async (tx) => {
    const t = await findThread(tx, threadId, true);
    if (!t) throw threadNotFound();
    authorize(actor, 'staff.drawer.write', placeOfThread(t));
    const r = await tx.query(
      `UPDATE drawer_thread SET state = 'closed', outcome = $2, outcome_note = $3, closed_at = $4, taken_at = COALESCE(taken_at, $4),
              assignee_id = COALESCE(assignee_id, $5), last_activity_at = GREATEST(last_activity_at, $4)
        WHERE id = $1 AND state IN ('open', 'in_charge')`,
      [threadId, c.outcome, c.note ?? null, at, actor.userId],
    );
    if (r.rowCount === 0) throw threadClosed();
    await notifyConsultant(tx, threadId, 'drawer_closed', threadId, nowMs);
  });
}
