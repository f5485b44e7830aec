/** A message and its checked attachments, written in the caller's transaction. */
import type { CheckedFile } from '../documents/index.js';
import type { Queryable } from '../storage/db.js';

export async function storeMessage(
  tx: Queryable,
  m: { threadId: string; authorKind: 'consultant' | 'staff'; authorId: string; internal: boolean; body: string; files: readonly CheckedFile[]; at: Date },
): Promise<string> {
  const r = await tx.query<{ id: string }>(
    `INSERT INTO drawer_message (thread_id, author_kind, author_id, internal, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [m.threadId, m.authorKind, m.authorId, m.internal, m.body, m.at],
  );
  const id = r.rows[0]!.id;
  let ordinal = 0;
  for (const f of m.files) {
    ordinal++;
    await tx.query(
      `INSERT INTO drawer_attachment (message_id, thread_id, ordinal, name, media_type, size, sha256, scanned_by, content, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, m.threadId, ordinal, f.name, f.mediaType, f.size, f.sha256, f.scannedBy, f.bytes, m.at],
    );
  }
  await tx.query('UPDATE drawer_thread SET last_activity_at = GREATEST(last_activity_at, $2) WHERE id = $1', [m.threadId, m.at]);
  return id;
}
