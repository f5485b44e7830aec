import { parse } from 'csv-parse/sync';
import type { FieldProblem } from '../domain/errors.js';

/**
 * CSV office files: one row per opening interval, office and desk columns repeated on
 * each row of the same desk. The provinces must already exist in the database (or be
 * given by a JSON/YAML file). Columns (header row required; the first nine are mandatory):
 *
 *   province, office_code, office_kind, office_name, town, desk_key, desk_number,
 *   desk_name_it, desk_name_en, address, reception_phone, local_holidays, description_it,
 *   description_en, channels, slot_minutes, horizon_days, min_notice_minutes,
 *   weekday, from, to, places, latitude, longitude
 *
 * `weekday` is 1–7 (Monday = 1), a list `1,3` or a range `1-5`; `local_holidays` is
 * `MM-DD Name|MM-DD Name`; `channels` is `phone` or `phone video`. A desk row may leave
 * the opening columns empty (a desk with no opening yet). `latitude` and `longitude` are the
 * office's WGS84 position in decimal degrees (`45.464`, `9.190`), both or neither.
 */
export const CSV_REQUIRED = [
  'province', 'office_code', 'office_kind', 'office_name', 'town',
  'desk_key', 'desk_number', 'desk_name_it', 'desk_name_en',
] as const;
const CSV_OPTIONAL = [
  'address', 'reception_phone', 'local_holidays', 'description_it', 'description_en', 'channels',
  'slot_minutes', 'horizon_days', 'min_notice_minutes', 'weekday', 'from', 'to', 'places', 'latitude', 'longitude',
] as const;

type Row = Record<string, string>;

export interface CsvConversion {
  /** null when the file cannot be read at all (header problems); else the rows as an office file. */
  file: unknown;
  problems: FieldProblem[];
  lineOf: (path: string) => number | undefined;
}

export function csvToOfficeFile(text: string): CsvConversion {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as {
    record: Row;
    info: { lines: number };
  }[];
  const problems: FieldProblem[] = [];
  const lines = new Map<string, number>();
  const header = records[0] ? Object.keys(records[0].record) : [];
  for (const col of CSV_REQUIRED) {
    if (!header.includes(col)) {
      problems.push({ path: col, line: 1, code: 'missing_column', it: `Colonna obbligatoria mancante: ${col}`, en: `Required column missing: ${col}` });
    }
  }
  for (const col of header) {
    if (!(CSV_REQUIRED as readonly string[]).includes(col) && !(CSV_OPTIONAL as readonly string[]).includes(col)) {
      problems.push({ path: col, line: 1, code: 'unknown_column', it: `Colonna sconosciuta: ${col}`, en: `Unknown column: ${col}` });
    }
  }
  if (records.length === 0) {
    problems.push({ path: '(file)', code: 'empty', it: 'Il file non contiene righe.', en: 'The file has no rows.' });
  }
  if (problems.length) return { file: null, problems, lineOf: () => undefined };

  const offices: Record<string, unknown>[] = [];
  const officeIndex = new Map<string, number>();
  const deskIndex = new Map<string, number>();
  for (const { record: r, info } of records) {
    const line = info.lines;
    const cell = (col: string) => r[col] ?? '';
    let oi = officeIndex.get(cell('office_code'));
    if (oi === undefined) {
      oi = offices.length;
      officeIndex.set(cell('office_code'), oi);
      offices.push({
        code: cell('office_code'),
        province: cell('province'),
        kind: cell('office_kind'),
        name: cell('office_name'),
        town: cell('town'),
        ...(cell('address') ? { address: cell('address') } : {}),
        ...(cell('reception_phone') ? { receptionPhone: cell('reception_phone') } : {}),
        ...(cell('latitude') ? { latitude: decimal(cell('latitude')) } : {}),
        ...(cell('longitude') ? { longitude: decimal(cell('longitude')) } : {}),
        localHolidays: holidays(cell('local_holidays')),
        desks: [],
      });
      lines.set(`offices[${oi}]`, line);
    }
    const office = offices[oi] as { desks: Record<string, unknown>[] };
    const deskId = `${cell('office_code')}/${cell('desk_key')}`;
    let di = deskIndex.get(deskId);
    if (di === undefined) {
      di = office.desks.length;
      deskIndex.set(deskId, di);
      office.desks.push({
        key: cell('desk_key'),
        number: num(cell('desk_number')),
        name: cell('desk_name_it'),
        nameEn: cell('desk_name_en'),
        ...(cell('description_it') ? { description: cell('description_it') } : {}),
        ...(cell('description_en') ? { descriptionEn: cell('description_en') } : {}),
        ...(cell('channels') ? { channels: cell('channels').split(/[\s,;]+/).filter(Boolean) } : {}),
        ...(cell('slot_minutes') ? { slotMinutes: num(cell('slot_minutes')) } : {}),
        ...(cell('horizon_days') ? { horizonDays: num(cell('horizon_days')) } : {}),
        ...(cell('min_notice_minutes') ? { minNoticeMinutes: num(cell('min_notice_minutes')) } : {}),
        weekly: [],
      });
      lines.set(`offices[${oi}].desks[${di}]`, line);
    }
    const desk = office.desks[di] as { weekly: unknown[] };
    if (cell('weekday') || cell('from') || cell('to') || cell('places')) {
      const days = weekdays(cell('weekday'));
      if (!days) {
        problems.push({ path: 'weekday', line, code: 'invalid_weekday', it: `Giorno non valido: "${cell('weekday')}" (usa 1–7, 1,3 oppure 1-5)`, en: `Invalid weekday: "${cell('weekday')}" (use 1–7, 1,3 or 1-5)` });
        continue;
      }
      for (const weekday of days) {
        lines.set(`offices[${oi}].desks[${di}].weekly[${desk.weekly.length}]`, line);
        desk.weekly.push({ weekday, from: cell('from'), to: cell('to'), places: num(cell('places')) });
      }
    }
  }
  const lineOf = (path: string): number | undefined => {
    // The longest known prefix of the path: a field of an interval points at its row.
    let best: number | undefined;
    let bestLen = -1;
    for (const [prefix, line] of lines) {
      if ((path === prefix || path.startsWith(prefix + '.') || path.startsWith(prefix + '[')) && prefix.length > bestLen) {
        best = line;
        bestLen = prefix.length;
      }
    }
    return best;
  };
  return { file: { offices }, problems, lineOf };
}

/** A number, or the original text so that schema validation reports it as not a number. */
function num(s: string): number | string {
  return /^-?\d+$/.test(s) ? Number(s) : s;
}

/** A decimal number (a comma is read as the point), or the original text for the schema to report. */
function decimal(s: string): number | string {
  const t = s.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : s;
}

function weekdays(s: string): number[] | null {
  const out = new Set<number>();
  for (const part of s.split(',').map((p) => p.trim())) {
    const range = /^([1-7])-([1-7])$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (a > b) return null;
      for (let d = a; d <= b; d++) out.add(d);
    } else if (/^[1-7]$/.test(part)) out.add(Number(part));
    else return null;
  }
  return [...out];
}

function holidays(s: string): { date: string; name: string }[] {
  return s
    .split('|')
    .map((h) => h.trim())
    .filter(Boolean)
    .map((h) => {
      const [date = '', ...name] = h.split(/\s+/);
      return { date, name: name.join(' ') };
    });
}
