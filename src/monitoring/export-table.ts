import ExcelJS from 'exceljs';
import { CSV_EXCEL_IT, csvDocument } from '../platform/csv.js';
import type { Figures, Granularity } from '../domain/monitoring/figures.js';
import type { Actor } from '../policy/index.js';
import type { MonitoringDeps } from './deps.js';
import { listOpenAlerts } from './evaluate-alerts.js';
import { checkRange, getHistory } from './get-history.js';
import { getLiveFigures, todayOf } from './get-live-figures.js';
import { getSlotLengthReport } from './get-slot-length-report.js';
import { loadActivityFast, reasonsOf } from './load-activity.js';
import { desksUnder } from './monitoring.repository.js';
import { resolveScope, scopeView } from './resolve-scope.js';
import { addDays } from '../domain/schedule/time.js';
import { CONTACT_REASON_LABELS } from '../reception/index.js';

export type Table = 'live' | 'history' | 'history-children' | 'slot-length' | 'slot-length-histogram' | 'alerts' | 'contacts';
export type Cell = string | number | null;

export interface TableData {
  name: string;
  headers: string[];
  /** 1-based columns holding shares (0..1): the XLSX formats them as %. */
  percentColumns: number[];
  rows: Cell[][];
}

const FIGURE_HEADERS = [
  'Posti offerti', 'Prenotati', 'Serviti', 'Senza risposta', 'Annullati', 'Tasso di riempimento', 'Tasso senza risposta',
  'Chiamate', 'Durata media (s)', 'Durata 90° percentile (s)', 'Quota oltre lo slot', 'Contatti reception',
];
const figureCells = (f: Figures): Cell[] => [
  f.offered, f.booked, f.served, f.noAnswer, f.cancelled, f.fillRate, f.noAnswerRate, f.calls,
  f.meanCallSec === null ? null : Math.round(f.meanCallSec * 10) / 10, f.p90CallSec, f.overrunRate, f.contacts,
];
const LEVEL_IT = { region: 'Regione', province: 'Provincia', office: 'Sede', desk: 'Sportello' } as const;
/** A reason code in Italian (the database admits only the known codes; any other stays as it is). */
const reasonIt = (code: string): string => (CONTACT_REASON_LABELS as Partial<Record<string, { it: string }>>)[code]?.it ?? code;

/**
 * The reception contacts of a node over [from, to] by reason, most first (then by code): the
 * same contacts the figures count (`reasonsOf`), read like the history (rollups and raw rows).
 * Reasons are the reception module's codes (`CONTACT_REASONS`; words in `CONTACT_REASON_LABELS`).
 */
export async function contactsByReason(deps: MonitoringDeps, actor: Actor, input: { scope?: string | undefined; from: string; to: string }) {
  checkRange(input.from, input.to);
  const node = await resolveScope(deps.db, actor, 'staff.monitoring.read', input.scope);
  const desks = await desksUnder(deps.db, node.level, node.id);
  const activity = await loadActivityFast(deps, desks, input.from, input.to, { rolledDurations: false });
  const reasons = reasonsOf(activity.contacts, node.level, node.id, new Map(desks.map((d) => [d.deskId, d])));
  return { scope: scopeView(node), from: input.from, to: input.to, total: reasons.reduce((n, r) => n + r.count, 0), reasons };
}

export interface ExportInput {
  table: Table;
  scope?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  day?: string | undefined;
  granularity?: Granularity | undefined;
}

/** The rows of one dashboard table, with Italian headers: the same figures the JSON routes give. */
export async function tableData(deps: MonitoringDeps, actor: Actor, input: ExportInput): Promise<TableData> {
  const to = input.to ?? todayOf(deps.now());
  const from = input.from ?? addDays(to, -29);
  if (input.table === 'live') {
    const live = await getLiveFigures(deps, actor, { scope: input.scope, day: input.day });
    const rows: Cell[][] = [[LEVEL_IT[live.scope.level], live.scope.name, ...figureCells(live.figures), null, null]];
    for (const c of live.children) rows.push([LEVEL_IT[c.level], c.name, ...figureCells(c), c.firstFreeSlot, c.leadTimeWorkingDays]);
    return { name: `oggi-${live.day}`, headers: ['Livello', 'Nome', ...FIGURE_HEADERS, 'Primo posto libero', 'Giorni lavorativi di attesa'], percentColumns: [8, 9, 13], rows };
  }
  if (input.table === 'history') {
    const h = await getHistory(deps, actor, { scope: input.scope, from, to, granularity: input.granularity ?? 'day' });
    return {
      name: `storico-${h.from}-${h.to}`,
      headers: ['Periodo', ...FIGURE_HEADERS],
      percentColumns: [7, 8, 12],
      rows: h.rows.map((r) => [r.period, ...figureCells(r)]),
    };
  }
  if (input.table === 'history-children') {
    // The children's totals over the range do not depend on the granularity: months are the fewest periods.
    const h = await getHistory(deps, actor, { scope: input.scope, from, to, granularity: 'month' });
    return {
      name: `dettaglio-${h.from}-${h.to}`, // 31 characters: the whole of it names the XLSX sheet
      headers: ['Livello', 'Nome', ...FIGURE_HEADERS],
      percentColumns: [8, 9, 13],
      rows: h.children.map((c) => [LEVEL_IT[c.level], c.name, ...figureCells(c)]),
    };
  }
  if (input.table === 'slot-length') {
    const r = await getSlotLengthReport(deps, actor, { scope: input.scope, from, to });
    return {
      name: `durata-slot-${r.from}-${r.to}`,
      headers: ['Sede', 'Sportello', 'Durata slot (min)', 'Chiamate', 'Durata media (s)', 'Mediana (s)', '90° percentile (s)', 'Quota oltre lo slot', 'Minuti che coprono il 90%'],
      percentColumns: [8],
      rows: r.desks.map((d) => [d.officeName, d.deskName, d.slotMinutes, d.calls, d.meanSec === null ? null : Math.round(d.meanSec * 10) / 10, d.p50Sec, d.p90Sec, d.overrunShare, d.minutesCovering90]),
    };
  }
  if (input.table === 'slot-length-histogram') {
    // The report's per-desk histograms as one long table: bin b holds the calls of b×60 to
    // b×60 + 59 seconds, every bin from 0 to the longest call (a desk without calls: no rows).
    // 'Oltre lo slot' as the dashboard marks a bin: from the slot length on (the first such bin
    // may hold calls of exactly the slot length, which the overrun share does not count).
    const r = await getSlotLengthReport(deps, actor, { scope: input.scope, from, to });
    return {
      name: `durate-${r.from}-${r.to}`,
      headers: ['Sede', 'Sportello', 'Durata slot (min)', 'Da minuto', 'A minuto (escluso)', 'Chiamate', 'Quota', 'Oltre lo slot'],
      percentColumns: [7],
      rows: r.desks.flatMap((d) =>
        d.histogram.map((b): Cell[] => [
          d.officeName, d.deskName, d.slotMinutes, b.fromMin, b.toMin, b.count, d.calls === 0 ? 0 : b.count / d.calls, b.fromMin >= d.slotMinutes ? 'sì' : 'no',
        ]),
      ),
    };
  }
  if (input.table === 'contacts') {
    const c = await contactsByReason(deps, actor, { scope: input.scope, from, to });
    const share = (n: number) => (c.total === 0 ? 0 : n / c.total);
    return {
      name: `contatti-${c.from}-${c.to}`,
      headers: ['Motivo', 'Codice', 'Contatti', 'Quota'],
      percentColumns: [4],
      rows: [
        ...c.reasons.map((r): Cell[] => [reasonIt(r.reason), r.reason, r.count, share(r.count)]),
        ['Totale', null, c.total, share(c.total)],
      ],
    };
  }
  const a = await listOpenAlerts(deps, actor, input.scope);
  return {
    name: 'avvisi',
    headers: ['Tipo', 'Livello', 'Sportello', 'Valore', 'Soglia', 'Messaggio', 'Dal'],
    percentColumns: [],
    rows: a.alerts.map((x) => [x.code, x.level === 'danger' ? 'allarme' : 'avviso', x.scope.name, x.value, x.threshold, x.message.it, x.since]),
  };
}

/** CSV for Excel in Italy: UTF-8 with BOM, `;` between fields, decimal comma, CRLF, formulas guarded. */
export function toCsv(t: TableData): string {
  return csvDocument(t.headers, t.rows, CSV_EXCEL_IT);
}

/** XLSX (exceljs): one sheet, bold header row, shares formatted as percentages. */
export async function toXlsx(t: TableData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sportello';
  const ws = wb.addWorksheet(t.name.slice(0, 31));
  ws.addRow(t.headers).font = { bold: true };
  for (const r of t.rows) ws.addRow(r);
  for (const c of t.percentColumns) ws.getColumn(c).numFmt = '0.0%';
  ws.columns.forEach((col, i) => {
    col.width = Math.min(40, Math.max(10, (t.headers[i]?.length ?? 10) + 2));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
