/**
 * Taking in charge and assignment, one change: a thread gets an assignee (the actor, or a
 * colleague whose grants cover the thread); an open thread becomes "in carico" at that
 * moment and the consultant is told. The state is checked by the UPDATE itself, so two
 * operators taking the same thread at once cannot both succeed as "taking".
 */
import { AppError } from '../domain/errors.js';
import { authorize, can, type Actor } from '../policy/index.js';
import { loadGrants } from '../users/index.js';
import type { DrawerDeps } from './deps.js';
import { findThread, notifyConsultant, placeOfThread } from './drawer.repository.js';
import { threadClosed, threadNotFound } from './errors.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

const badAssignee = () =>
  new AppError(422, 'invalid_assignee', { it: 'Questa persona non può lavorare le pratiche di questa sede.', en: "This person cannot work on this office's requests." },
    [{ path: 'assigneeId', code: 'invalid_assignee', it: 'Non abilitata.', en: 'Not allowed.' }]);

export async function assignThread(deps: DrawerDeps, actor: Staff, threadId: string, assigneeId?: string): Promise<{ state: 'in_charge'; assigneeId: string }> {
  const nowMs = deps.now();
  return deps.db.transaction(async (tx) => {
    const t = await findThread(tx, threadId, true);
    if (!t) throw threadNotFound();
    const place = placeOfThread(t);
    authorize(actor, 'staff.drawer.write', place);
    const who = assigneeId ?? actor.userId;
    if (who !== actor.userId) {
      const active = await tx.query<{ active: boolean }>('SELECT active FROM staff_user WHERE id = $1', [who]);
      const colleague: Actor = { kind: 'staff', userId: who, username: '', grants: active.rows[0]?.active ? await loadGrants(tx, who) : [] };
      if (!can(colleague, 'staff.drawer.write', place)) throw badAssignee();
    }
    // The row is locked (findThread … FOR UPDATE): its state cannot change under us.
    const r = await tx.query(
      `UPDATE drawer_thread SET assignee_id = $2, state = 'in_charge', taken_at = COALESCE(taken_at, $3), last_activity_at = GREATEST(last_activity_at, $3)
        WHERE id = $1 AND state IN ('open', 'in_charge')`,
      [threadId, who, new Date(nowMs)],
    );
    if (r.rowCount === 0) throw threadClosed();
    if (t.state === 'open') await notifyConsultant(tx, threadId, 'drawer_in_charge', threadId, nowMs);
    return { state: 'in_charge', assigneeId: who };
  });
}
