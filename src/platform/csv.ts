import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined | readonly unknown[] | Record<string, unknown>;

export interface CsvDialect {
  /** Field separator: `;` for Excel in Italy (the decimal point is a comma), `,` otherwise. */
  delimiter: ';' | ',';
  /** Numbers written with a decimal comma (with the `;` separator). */
  decimalComma: boolean;
}

export const CSV_EXCEL_IT: CsvDialect = { delimiter: ';', decimalComma: true };
export const CSV_PLAIN: CsvDialect = { delimiter: ',', decimalComma: false };

/** Leading blanks before a formula sign: csv-stringify's guard looks at the first character only. */
const BLANKS_THEN_FORMULA = /^[\s\u00a0]+[=+\-@]/;

/**
 * CSV lines (CRLF, each ending with one), the one CSV writer of the project. Values that a
 * spreadsheet would run as a formula (`= + - @`, a tab or CR first, also after leading blanks)
 * get a `'` in front (CSV injection); numbers are left as numbers. Arrays are joined with a
 * space, objects written as JSON.
 */
export function csvLines(rows: readonly (readonly CsvCell[])[], dialect: CsvDialect = CSV_PLAIN): string {
  return stringify(rows as unknown[][], {
    delimiter: dialect.delimiter,
    record_delimiter: '\r\n',
    escape_formulas: true,
    // a lone LF or CR in a value is quoted too (the record delimiter is CRLF)
    quoted_match: /[\r\n]/,
    cast: {
      number: (v) => (dialect.decimalComma ? String(Math.round(v * 10000) / 10000).replace('.', ',') : String(v)),
      boolean: (v) => (v ? 'true' : 'false'),
      object: (v) => (Array.isArray(v) ? v.join(' ') : JSON.stringify(v)),
      string: (v) => (BLANKS_THEN_FORMULA.test(v) ? `'${v}` : v),
    },
  });
}

/** A whole CSV file for a spreadsheet: UTF-8 byte-order mark, header row, rows. */
export function csvDocument(headers: readonly string[], rows: readonly (readonly CsvCell[])[], dialect: CsvDialect = CSV_PLAIN): string {
  return '\uFEFF' + csvLines([headers, ...rows], dialect);
}
