/**
 * A consultant opens a request for a company they hold a delegation for: a leaf subject of
 * the company's region, routed to the company's office and to the desk the subject names (if
 * the office has it); a protocol number drawn atomically; the SLA deadline in working days;
 * the first message with its documents; a notice "registered". All or nothing.
 */
import { authorize, type Actor } from '../policy/index.js';
import { protocolNumber, romeYear, slaDeadline } from '../domain/drawer/thread.js';
import type { CheckedFile } from '../documents/index.js';
import type { DrawerDeps } from './deps.js';
import { delegatedConsultant, findCompany, notifyConsultant, placeOfCompany } from './drawer.repository.js';
import { badSubject, companyNotFound } from './errors.js';
import { storeMessage, withPlacedFiles } from './store-message.js';

export interface NewThread {
  companyId: string;
  subjectId: string;
  title: string;
  body: string;
}

export async function registerThread(
  deps: DrawerDeps, actor: Extract<Actor, { kind: 'staff' }>, input: NewThread, files: readonly CheckedFile[],
): Promise<{ id: string; protocol: string }> {
  const nowMs = deps.now();
  const at = new Date(nowMs);
  return withPlacedFiles(deps.documents, files, (placed) => deps.db.transaction(async (tx) => {
    const company = await findCompany(tx, input.companyId);
    if (!company) throw companyNotFound();
    authorize(actor, 'drawer.consultant', placeOfCompany(company, await delegatedConsultant(tx, company.id, actor.userId, true)));
    const s = await tx.query<{ sla_days: number; desk_id: string | null }>(
      `SELECT s.sla_days, d.id AS desk_id FROM drawer_subject s
         LEFT JOIN desk d ON d.office_id = $3 AND d.key = s.desk_key AND d.active
        WHERE s.id = $1 AND s.level = 2 AND s.region_code = $2`,
      [input.subjectId, company.regionCode, company.officeId],
    );
    const subject = s.rows[0];
    if (!subject) throw badSubject();
    const year = romeYear(nowMs);
    const n = await tx.query<{ last: number }>(
      `INSERT INTO drawer_protocol_counter (office_id, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (office_id, year) DO UPDATE SET last = drawer_protocol_counter.last + 1 RETURNING last`,
      [company.officeId, year],
    );
    const protocol = protocolNumber(company.officeCode, year, n.rows[0]!.last);
    const t = await tx.query<{ id: string }>(
      `INSERT INTO drawer_thread (protocol, company_id, consultant_id, subject_id, title, office_id, desk_id, registered_at, due_at, last_activity_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) RETURNING id`,
      [protocol, company.id, actor.userId, input.subjectId, input.title, company.officeId, subject.desk_id, at, new Date(slaDeadline(nowMs, subject.sla_days))],
    );
    const id = t.rows[0]!.id;
    await storeMessage(tx, { threadId: id, authorKind: 'consultant', authorId: actor.userId, internal: false, body: input.body, files, placed, at });
    await notifyConsultant(tx, id, 'drawer_registered', id, nowMs);
    return { id, protocol };
  }));
}
