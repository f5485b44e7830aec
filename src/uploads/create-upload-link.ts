/**
 * The one-time, expiring upload link of a booking whose call ended in "documents needed",
 * created in the caller's transaction (the outcome's). The token is returned once — it goes to
 * the citizen in the documents_needed notice — and only its SHA-256 is kept.
 */
import { createHash } from 'node:crypto';
import { randomToken } from '../platform/crypto.js';
import { UPLOAD_LINK_MS } from '../domain/documents/upload-link.js';
import type { Queryable } from '../storage/db.js';

export interface NewUploadLink {
  id: string;
  token: string;
  expiresAt: Date;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export async function createUploadLink(tx: Queryable, bookingId: string, documents: readonly { it: string; en: string }[], nowMs: number): Promise<NewUploadLink> {
  const token = randomToken(24);
  const expiresAt = new Date(nowMs + UPLOAD_LINK_MS);
  // One link per booking: an outcome is recorded once, but a link left from an earlier attempt is replaced (never reused).
  const r = await tx.query<{ id: string }>(
    `INSERT INTO booking_upload_link (booking_id, token_sha256, created_at, expires_at, documents) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (booking_id) DO UPDATE SET token_sha256 = EXCLUDED.token_sha256, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
       documents = EXCLUDED.documents
       WHERE booking_upload_link.used_at IS NULL
     RETURNING id`,
    [bookingId, tokenHash(token), new Date(nowMs), expiresAt, JSON.stringify(documents.map((d) => ({ it: d.it, en: d.en })))],
  );
  if (!r.rows[0]) throw new Error('createUploadLink: the booking already used its upload link');
  return { id: r.rows[0].id, token, expiresAt };
}
