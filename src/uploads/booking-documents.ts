/**
 * What the citizen sent on a booking, for the office: the link (sent, until when, used) and
 * the documents; and one document's bytes. Same access as the booking's history in the
 * console (staff.agenda.read on the booking's desk); the routes audit every read.
 */
import { databaseStore, storageUnavailable } from '../documents/index.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { authorize, type Actor, type Resource } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import type { UploadsDeps } from './deps.js';
import { bookingNotFound, documentNotFound } from './errors.js';
import type { z } from 'zod';
import type { bookingDocuments } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;
const iso = (d: Date | null) => (d ? toIsoWithOffset(d.getTime()) : null);

async function placeOfBooking(q: Queryable, bookingId: string): Promise<Resource | null> {
  const r = await q.query<{ desk_id: string; office_id: string; province_code: string; region_code: string }>(
    `SELECT b.desk_id, d.office_id, o.province_code, p.region_code
       FROM booking b JOIN desk d ON d.id = b.desk_id JOIN office o ON o.id = d.office_id JOIN province p ON p.code = o.province_code WHERE b.id = $1`,
    [bookingId],
  );
  const x = r.rows[0];
  return x ? { deskId: x.desk_id, officeId: x.office_id, provinceCode: x.province_code, regionCode: x.region_code } : null;
}

/** The routes' `bookingDocuments`, with the booking's place for the audit (not sent). */
export async function listBookingDocuments(deps: UploadsDeps, actor: Staff, bookingId: string): Promise<z.output<typeof bookingDocuments> & { place: Resource }> {
  const place = await placeOfBooking(deps.db, bookingId);
  if (!place) throw bookingNotFound();
  authorize(actor, 'staff.agenda.read', place);
  const link = (await deps.db.query<{ created_at: Date; expires_at: Date; used_at: Date | null; sent_at: Date | null }>(
    `SELECT l.created_at, l.expires_at, l.used_at, n.sent_at
       FROM booking_upload_link l LEFT JOIN call_notice n ON n.booking_id = l.booking_id AND n.kind = 'documents_needed' WHERE l.booking_id = $1`,
    [bookingId],
  )).rows[0];
  const docs = await deps.db.query<{ id: string; name: string; media_type: string; size: number; sha256: string; scanned_by: string; created_at: Date }>(
    'SELECT id, name, media_type, size, sha256, scanned_by, created_at FROM booking_document WHERE booking_id = $1 ORDER BY created_at, ordinal',
    [bookingId],
  );
  return {
    place,
    link: link ? { createdAt: iso(link.created_at)!, expiresAt: iso(link.expires_at)!, usedAt: iso(link.used_at), noticeSentAt: iso(link.sent_at) } : null,
    items: docs.rows.map((d) => ({ id: d.id, name: d.name, mediaType: d.media_type, size: d.size, sha256: d.sha256, scannedBy: d.scanned_by, receivedAt: iso(d.created_at)! })),
  };
}

export async function getBookingDocument(deps: UploadsDeps, actor: Staff, id: string) {
  const r = await deps.db.query<{ booking_id: string; name: string; media_type: string; size: number; sha256: string; storage: string; content: Buffer | null; object_key: string | null }>(
    'SELECT booking_id, name, media_type, size, sha256, storage, content, object_key FROM booking_document WHERE id = $1',
    [id],
  );
  const d = r.rows[0];
  if (!d) throw documentNotFound();
  const place = (await placeOfBooking(deps.db, d.booking_id))!;
  authorize(actor, 'staff.agenda.read', place);
  let content: Buffer;
  try {
    content = await (deps.documents.store ?? databaseStore).read({ storage: d.storage, content: d.content, objectKey: d.object_key });
  } catch (err) {
    throw storageUnavailable(err);
  }
  return { place, name: d.name, mediaType: d.media_type, size: d.size, sha256: d.sha256, content };
}
