import ExcelJS from 'exceljs';
import type { Figures, Granularity } from '../domain/monitoring/figures.js';
import type { Actor } from '../policy/index.js';
import type { MonitoringDeps } from './deps.js';
import { listOpenAlerts } from './evaluate-alerts.js';
import { getHistory } from './get-history.js';
import { getLiveFigures, todayOf } from './get-live-figures.js';
import { getSlotLengthReport } from './get-slot-length-report.js';
import { addDays } from '../domain/schedule/time.js';

export type Table = 'live' | 'history' | 'slot-length' | 'alerts';
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
  if (input.table === 'slot-length') {
    const r = await getSlotLengthReport(deps, actor, { scope: input.scope, from, to });
    return {
      name: `durata-slot-${r.from}-${r.to}`,
      headers: ['Sede', 'Sportello', 'Durata slot (min)', 'Chiamate', 'Durata media (s)', 'Mediana (s)', '90° percentile (s)', 'Quota oltre lo slot', 'Minuti che coprono il 90%'],
      percentColumns: [8],
      rows: r.desks.map((d) => [d.officeName, d.deskName, d.slotMinutes, d.calls, d.meanSec === null ? null : Math.round(d.meanSec * 10) / 10, d.p50Sec, d.p90Sec, d.overrunShare, d.minutesCovering90]),
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

/** CSV for Excel in Italy: UTF-8 with BOM, `;` between fields, decimal comma, CRLF. */
export function toCsv(t: TableData): string {
  const field = (v: Cell): string => {
    if (v === null) return '';
    const s = typeof v === 'number' ? String(Math.round(v * 10000) / 10000).replace('.', ',') : v;
    return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + [t.headers, ...t.rows].map((r) => r.map(field).join(';')).join('\r\n') + '\r\n';
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
