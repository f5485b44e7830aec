import type { Queryable } from '../storage/db.js';

export interface DeskDocument {
  key: string;
  it: string;
  en: string;
}

/** The documents a desk may ask a citizen for (desk.documents), and how to send them. */
export async function deskDocuments(q: Queryable, deskId: string): Promise<DeskDocument[]> {
  return (await deskDocumentLists(q, [deskId])).get(deskId)?.documents ?? [];
}

export async function deskDocumentLists(q: Queryable, deskIds: string[]): Promise<Map<string, { documents: DeskDocument[]; sendIt: string; sendEn: string }>> {
  if (!deskIds.length) return new Map();
  const r = await q.query<{ id: string; documents: unknown; send_it: string; send_en: string }>(
    'SELECT id, documents, documents_send_it AS send_it, documents_send_en AS send_en FROM desk WHERE id = ANY($1::uuid[])', [deskIds],
  );
  const valid = (d: unknown): d is DeskDocument =>
    !!d && typeof d === 'object' && typeof (d as DeskDocument).key === 'string' && typeof (d as DeskDocument).it === 'string' && typeof (d as DeskDocument).en === 'string';
  return new Map(r.rows.map((x) => [x.id, { documents: Array.isArray(x.documents) ? x.documents.filter(valid) : [], sendIt: x.send_it, sendEn: x.send_en }]));
}
