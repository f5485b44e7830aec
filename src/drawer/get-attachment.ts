/** A document's bytes, for a download: the same access as the thread it belongs to (a note's documents: staff only). */
import { databaseStore, storageUnavailable } from '../documents/index.js';
import { authorize, type Actor } from '../policy/index.js';
import type { DrawerDeps } from './deps.js';
import { delegatedConsultant, findThread, placeOfThread } from './drawer.repository.js';
import { attachmentNotFound } from './errors.js';

export interface AttachmentContent {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  content: Buffer;
}

export async function getAttachment(deps: DrawerDeps, actor: Extract<Actor, { kind: 'staff' }>, id: string, audience: 'staff' | 'consultant'): Promise<AttachmentContent> {
  const r = await deps.db.query<Omit<AttachmentContent, 'content'> & { threadId: string; internal: boolean; storage: string; content: Buffer | null; objectKey: string | null }>(
    `SELECT a.thread_id AS "threadId", m.internal, a.name, a.media_type AS "mediaType", a.size, a.sha256, a.storage, a.content, a.object_key AS "objectKey"
       FROM drawer_attachment a JOIN drawer_message m ON m.id = a.message_id WHERE a.id = $1`,
    [id],
  );
  const a = r.rows[0];
  if (!a) throw attachmentNotFound();
  const t = (await findThread(deps.db, a.threadId))!;
  if (audience === 'staff') authorize(actor, 'staff.drawer.read', placeOfThread(t));
  else {
    authorize(actor, 'drawer.consultant', placeOfThread(t, await delegatedConsultant(deps.db, t.companyId, actor.userId)));
    if (a.internal) throw attachmentNotFound();
  }
  let content: Buffer;
  try {
    content = await (deps.documents.store ?? databaseStore).read(a);
  } catch (err) {
    throw storageUnavailable(err);
  }
  return { name: a.name, mediaType: a.mediaType, size: a.size, sha256: a.sha256, content };
}
