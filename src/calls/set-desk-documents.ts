import { AppError } from '../domain/errors.js';
import { authorize, type Actor } from '../policy/index.js';
import { deskPlace } from './calls.repository.js';
import { callErrors, type CallsDeps } from './deps.js';
import { deskDocumentLists, type DeskDocument } from './desk-documents.js';
import type { z } from 'zod';
import type { deskDocuments } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

export interface DeskDocumentsInput {
  documents: DeskDocument[];
  sendIt: string;
  sendEn: string;
}

/** A desk's list of documents the operator may ask for, and how citizens send them. */
export async function getDeskDocuments(deps: CallsDeps, actor: Staff, deskId: string): Promise<z.output<typeof deskDocuments>> {
  const place = await deskPlace(deps.db, deskId);
  if (!place) throw callErrors.deskNotFound();
  authorize(actor, 'staff.agenda.read', place);
  const d = (await deskDocumentLists(deps.db, [deskId])).get(deskId)!;
  return { deskId, documents: d.documents, sendIt: d.sendIt, sendEn: d.sendEn };
}

/** Sets a desk's document list (keys unique; a key already ticked in past outcomes keeps its meaning only if kept). */
export async function setDeskDocuments(deps: CallsDeps, actor: Staff, deskId: string, input: DeskDocumentsInput): Promise<z.output<typeof deskDocuments>> {
  const place = await deskPlace(deps.db, deskId);
  if (!place) throw callErrors.deskNotFound();
  authorize(actor, 'staff.catalog.write', place);
  const seen = new Set<string>();
  for (const [i, d] of input.documents.entries()) {
    if (seen.has(d.key)) {
      throw new AppError(422, 'invalid_input', { it: `Il documento "${d.key}" compare due volte.`, en: `Document "${d.key}" appears twice.` },
        [{ path: `documents[${i}].key`, code: 'duplicate', it: 'Chiave ripetuta.', en: 'Repeated key.' }]);
    }
    seen.add(d.key);
  }
  await deps.db.query(
    'UPDATE desk SET documents = $2::jsonb, documents_send_it = $3, documents_send_en = $4, updated_at = now() WHERE id = $1',
    [deskId, JSON.stringify(input.documents.map((d) => ({ key: d.key, it: d.it.trim(), en: d.en.trim() }))), input.sendIt.trim(), input.sendEn.trim()],
  );
  return getDeskDocuments(deps, actor, deskId);
}
