/**
 * The citizen's side of an upload link (no session: the link's id and token are the key):
 * what the office asked for, until when, and whether the link can still be used.
 */
import { timingSafeEqual } from 'node:crypto';
import { uploadLinkState, type UploadLinkState } from '../domain/documents/upload-link.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Queryable } from '../storage/db.js';
import { linkExpired, linkNotFound, linkUsed } from './errors.js';
import { tokenHash } from './create-upload-link.js';
import type { z } from 'zod';
import type { linkView } from './routes.schema.js';

export interface LinkRow {
  id: string;
  bookingId: string;
  tokenSha256: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** The link when `token` is its token (compared in constant time), else 404 — an unknown id and a wrong token look the same. */
export async function findLink(q: Queryable, id: string, token: string, forUpdate = false): Promise<LinkRow> {
  const r = await q.query<LinkRow>(
    `SELECT id, booking_id AS "bookingId", token_sha256 AS "tokenSha256", expires_at AS "expiresAt", used_at AS "usedAt"
       FROM booking_upload_link WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  const link = r.rows[0];
  if (!link) throw linkNotFound();
  const given = Buffer.from(tokenHash(token), 'hex');
  if (!timingSafeEqual(given, Buffer.from(link.tokenSha256, 'hex'))) throw linkNotFound();
  return link;
}

export function stateOf(link: LinkRow, nowMs: number): UploadLinkState {
  return uploadLinkState({ expiresAtMs: link.expiresAt.getTime(), usedAtMs: link.usedAt ? link.usedAt.getTime() : null }, nowMs);
}

/** 410 when the link cannot take an upload any more. */
export function assertOpen(link: LinkRow, nowMs: number): void {
  const state = stateOf(link, nowMs);
  if (state === 'used') throw linkUsed();
  if (state === 'expired') throw linkExpired();
}

/** The link as the routes' `linkView` shows it (the limits are the route's). */
export async function openUploadLink(deps: { db: Queryable; now: () => number }, id: string, token: string): Promise<Omit<z.output<typeof linkView>, 'maxFiles' | 'maxBytes'>> {
  const link = await findLink(deps.db, id, token);
  const nowMs = deps.now();
  const r = await deps.db.query<{ code: string; desk_it: string; desk_en: string; office: string; documents: { it: string; en: string }[] }>(
    `SELECT b.code, d.name_it AS desk_it, d.name_en AS desk_en, o.name AS office, l.documents
       FROM booking_upload_link l JOIN booking b ON b.id = l.booking_id JOIN desk d ON d.id = b.desk_id JOIN office o ON o.id = d.office_id WHERE l.id = $1`,
    [link.id],
  );
  const b = r.rows[0]!;
  const received = await deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM booking_document WHERE link_id = $1', [link.id]);
  return {
    state: stateOf(link, nowMs),
    code: b.code,
    desk: b.desk_it,
    deskEn: b.desk_en,
    office: b.office,
    documents: b.documents.map((d) => ({ it: String(d.it ?? ''), en: String(d.en ?? '') })),
    expiresAt: toIsoWithOffset(link.expiresAt.getTime()),
    usedAt: link.usedAt ? toIsoWithOffset(link.usedAt.getTime()) : null,
    received: received.rows[0]!.n,
  };
}
