/** A message and its checked attachments, written in the caller's transaction (the bytes placed before it: `withPlacedFiles`). */
import { databaseStore, placeAll, type CheckedFile, type DocumentSettings, type Placed } from '../documents/index.js';
import type { Queryable } from '../storage/db.js';

export async function storeMessage(
  tx: Queryable,
  m: { threadId: string; authorKind: 'consultant' | 'staff'; authorId: string; internal: boolean; body: string; files: readonly CheckedFile[]; placed: readonly Placed[]; at: Date },
): Promise<string> {
  const r = await tx.query<{ id: string }>(
    `INSERT INTO drawer_message (thread_id, author_kind, author_id, internal, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [m.threadId, m.authorKind, m.authorId, m.internal, m.body, m.at],
  );
  const id = r.rows[0]!.id;
  let ordinal = 0;
  for (const f of m.files) {
    const p = m.placed[ordinal]!;
    ordinal++;
    await tx.query(
      `INSERT INTO drawer_attachment (message_id, thread_id, ordinal, name, media_type, size, sha256, scanned_by, storage, content, object_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [id, m.threadId, ordinal, f.name, f.mediaType, f.size, f.sha256, f.scannedBy, p.storage, p.content, p.objectKey, m.at],
    );
  }
  await tx.query('UPDATE drawer_thread SET last_activity_at = GREATEST(last_activity_at, $2) WHERE id = $1', [m.threadId, m.at]);
  return id;
}

/**
 * Puts the files' bytes where documents go (PostgreSQL: nothing to do before the row; S3: the
 * objects), runs `write` (the transaction recording them), and removes the objects when it fails.
 */
export async function withPlacedFiles<T>(documents: DocumentSettings, files: readonly CheckedFile[], write: (placed: readonly Placed[]) => Promise<T>): Promise<T> {
  const store = documents.store ?? databaseStore;
  const placed = await placeAll(store, files, 'drawer');
  try {
    return await write(placed);
  } catch (err) {
    await store.discard(placed);
    throw err;
  }
}
