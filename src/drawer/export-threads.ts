/**
 * The URP's export of the drawer search (CSV, through the project's one CSV writer): the same
 * filters as the search, the requests of the offices in the caller's scope, with their dates,
 * state, outcome and SLA figures — no message, title or person (the URP sees figures, not
 * contents). At most EXPORT_MAX_ROWS rows; more: narrow the search (422).
 */
import { AppError } from '../domain/errors.js';
import { CSV_EXCEL_IT, csvDocument } from '../platform/csv.js';
import type { Actor } from '../policy/index.js';
import type { DrawerDeps } from './deps.js';
import { searchThreads, type ThreadQuery } from './search-threads.js';

export const EXPORT_MAX_ROWS = 20_000;

const HOURS = (from: string | null, to: string | null) =>
  from && to ? Math.round(((Date.parse(to) - Date.parse(from)) / 3600_000) * 10) / 10 : null;

export async function exportThreads(deps: DrawerDeps, actor: Extract<Actor, { kind: 'staff' }>, q: Omit<ThreadQuery, 'limit' | 'offset'>): Promise<{ csv: string; rows: number }> {
  const r = await searchThreads(deps, actor, 'staff', { ...q, offset: 0 }, { action: 'staff.drawer.report', maxRows: EXPORT_MAX_ROWS + 1 });
  if (r.total > EXPORT_MAX_ROWS) {
    throw new AppError(422, 'export_too_large', {
      it: `La ricerca trova ${r.total} richieste: al massimo ${EXPORT_MAX_ROWS} per esportazione. Restringi il periodo o i filtri.`,
      en: `The search finds ${r.total} requests: at most ${EXPORT_MAX_ROWS} per export. Narrow the period or the filters.`,
    });
  }
  const headers = [
    'protocollo', 'sede', 'codice_sede', 'matricola', 'azienda', 'area', 'argomento', 'stato', 'esito', 'registrata', 'scadenza', 'scaduta',
    'presa_in_carico', 'prima_risposta', 'chiusa', 'ore_alla_prima_risposta', 'ore_alla_chiusura',
  ];
  const rows = r.items.map((t) => [
    t.protocol, t.office.name, t.office.code, t.company.matricola, t.company.name, t.subject.areaIt, t.subject.it, t.state, t.outcome ?? '',
    t.registeredAt, t.dueAt, t.overdue ? 'sì' : 'no', t.takenAt ?? '', t.firstAnswerAt ?? '', t.closedAt ?? '',
    HOURS(t.registeredAt, t.firstAnswerAt), HOURS(t.registeredAt, t.closedAt),
  ]);
  return { csv: csvDocument(headers, rows, CSV_EXCEL_IT), rows: rows.length };
}
