/**
 * The citizen sends the documents through the link: the files were read and checked whole
 * (type by content, size, name, hidden archives, antivirus) before this; here, in one
 * transaction, the link is taken (locked: two uploads at once, one wins) and closed, the
 * documents are recorded, and the booking's history gets a step. A link used already or
 * expired, or any refusal: nothing stored.
 */
import { databaseStore, placeAll, type CheckedFile } from '../documents/index.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { UploadsDeps } from './deps.js';
import { noFiles } from './errors.js';
import { assertOpen, findLink } from './open-upload-link.js';
import type { z } from 'zod';
import type { received } from './routes.schema.js';

export async function receiveDocuments(deps: UploadsDeps, id: string, token: string, files: readonly CheckedFile[]): Promise<z.output<typeof received>> {
  if (!files.length) throw noFiles();
  // Refuse a used or expired link before writing anything anywhere (the transaction checks again).
  assertOpen(await findLink(deps.db, id, token), deps.now());
  const store = deps.documents.store ?? databaseStore;
  const placed = await placeAll(store, files, 'bookings');
  try {
    return await deps.db.transaction(async (tx) => {
      const link = await findLink(tx, id, token, true);
      const nowMs = deps.now();
      assertOpen(link, nowMs);
      const at = new Date(nowMs);
      await tx.query('UPDATE booking_upload_link SET used_at = $2 WHERE id = $1', [link.id, at]);
      const stored = [];
      for (const [i, f] of files.entries()) {
        const p = placed[i]!;
        await tx.query(
          `INSERT INTO booking_document (booking_id, link_id, ordinal, name, media_type, size, sha256, scanned_by, storage, content, object_key, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [link.bookingId, link.id, i + 1, f.name, f.mediaType, f.size, f.sha256, f.scannedBy, p.storage, p.content, p.objectKey, at],
        );
        stored.push({ name: f.name, mediaType: f.mediaType, size: f.size, sha256: f.sha256 });
      }
      await tx.query("INSERT INTO booking_event (booking_id, kind, actor, detail) VALUES ($1, 'documents_received', 'citizen:upload-link', $2)",
        [link.bookingId, files.map((f) => f.name).join(', ').slice(0, 1000)]);
      return { receivedAt: toIsoWithOffset(nowMs), files: stored };
    });
  } catch (err) {
    await store.discard(placed);
    throw err;
  }
}
