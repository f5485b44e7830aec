/**
 * Replies both ways, and the office's internal notes. A consultant writes on a thread of a
 * company they hold a delegation for; staff on a thread their grants cover. A staff reply
 * (not a note) is an answer: the first sets first_answer_at and each queues a notice.
 * Nothing is written on a closed thread (checked on the locked row).
 */
import { allows } from '../domain/drawer/thread.js';
import { authorize, type Actor } from '../policy/index.js';
import type { CheckedFile } from '../documents/index.js';
import type { DrawerDeps } from './deps.js';
import { delegatedConsultant, findThread, notifyConsultant, placeOfThread } from './drawer.repository.js';
import { threadClosed, threadNotFound } from './errors.js';
import { storeMessage, withPlacedFiles } from './store-message.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

export async function postConsultantMessage(
  deps: DrawerDeps, actor: Staff, threadId: string, body: string, files: readonly CheckedFile[],
): Promise<{ id: string }> {
  const at = new Date(deps.now());
  return withPlacedFiles(deps.documents, files, (placed) => deps.db.transaction(async (tx) => {
    const t = await findThread(tx, threadId, true);
    if (!t) throw threadNotFound();
    authorize(actor, 'drawer.consultant', placeOfThread(t, await delegatedConsultant(tx, t.companyId, actor.userId, true)));
    if (!allows('reply', t.state)) throw threadClosed();
    const id = await storeMessage(tx, { threadId, authorKind: 'consultant', authorId: actor.userId, internal: false, body, files, placed, at });
    return { id };
  }));
}

export async function postStaffMessage(
  deps: DrawerDeps, actor: Staff, threadId: string, m: { body: string; internal: boolean }, files: readonly CheckedFile[],
): Promise<{ id: string }> {
  const nowMs = deps.now();
  const at = new Date(nowMs);
  return withPlacedFiles(deps.documents, files, (placed) => deps.db.transaction(async (tx) => {
    const t = await findThread(tx, threadId, true);
    if (!t) throw threadNotFound();
    authorize(actor, 'staff.drawer.write', placeOfThread(t));
    if (!allows('reply', t.state)) throw threadClosed();
    const id = await storeMessage(tx, { threadId, authorKind: 'staff', authorId: actor.userId, internal: m.internal, body: m.body, files, placed, at });
    if (!m.internal) {
      await tx.query('UPDATE drawer_thread SET first_answer_at = COALESCE(first_answer_at, $2) WHERE id = $1', [threadId, at]);
      await notifyConsultant(tx, threadId, 'drawer_answered', id, nowMs);
    }
    return { id };
  }));
}
