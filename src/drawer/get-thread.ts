/**
 * One thread with its messages and documents' descriptions. The consultant's view has no
 * internal notes (filtered by the query, not by the screen) and no staff names.
 */
import { authorize, type Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import type { DrawerDeps } from './deps.js';
import { delegatedConsultant, findThread, placeOfThread } from './drawer.repository.js';
import { threadNotFound } from './errors.js';
import { iso, threadSummary, type ThreadView } from './present.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

interface MessageRow {
  id: string;
  authorKind: 'consultant' | 'staff';
  authorName: string | null;
  internal: boolean;
  body: string;
  createdAt: Date;
  attachments: { id: string; name: string; mediaType: string; size: number; sha256: string }[];
}

async function messagesOf(db: Queryable, threadId: string, withNotes: boolean): Promise<MessageRow[]> {
  const r = await db.query<MessageRow>(
    `SELECT m.id, m.author_kind AS "authorKind", u.display_name AS "authorName", m.internal, m.body, m.created_at AS "createdAt",
            COALESCE((SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'mediaType', a.media_type, 'size', a.size, 'sha256', a.sha256) ORDER BY a.ordinal)
                        FROM drawer_attachment a WHERE a.message_id = m.id), '[]'::json) AS attachments
       FROM drawer_message m LEFT JOIN staff_user u ON u.id = m.author_id
      WHERE m.thread_id = $1 AND ($2 OR NOT m.internal)
      ORDER BY m.created_at, m.id`,
    [threadId, withNotes],
  );
  return r.rows;
}

export async function getThreadForStaff(deps: DrawerDeps, actor: Staff, threadId: string): Promise<ThreadView> {
  const t = await findThread(deps.db, threadId);
  if (!t) throw threadNotFound();
  authorize(actor, 'staff.drawer.read', placeOfThread(t));
  const messages = await messagesOf(deps.db, threadId, true);
  return {
    ...threadSummary(t, deps.now(), 'staff'),
    messages: messages.map((m) => ({ ...m, createdAt: iso(m.createdAt)! })),
  };
}

export async function getThreadForConsultant(deps: DrawerDeps, actor: Staff, threadId: string): Promise<ThreadView> {
  const t = await findThread(deps.db, threadId);
  if (!t) throw threadNotFound();
  authorize(actor, 'drawer.consultant', placeOfThread(t, await delegatedConsultant(deps.db, t.companyId, actor.userId)));
  const messages = await messagesOf(deps.db, threadId, false);
  return {
    ...threadSummary(t, deps.now(), 'consultant'),
    messages: messages.map((m) => ({ ...m, authorName: m.authorKind === 'staff' ? null : m.authorName, createdAt: iso(m.createdAt)! })),
  };
}
