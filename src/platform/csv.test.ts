import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_EXCEL_IT, CSV_PLAIN, csvDocument, csvLines } from './csv.js';

describe('csvLines', () => {
  it('quotes what needs quoting and round-trips through a CSV parser', () => {
    const rows = [['a;b', 'say "hi"', 'line\nbreak', 'plain', 1.5, null]];
    const text = csvLines(rows, CSV_EXCEL_IT);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text, { delimiter: ';' })).toEqual([['a;b', 'say "hi"', 'line\nbreak', 'plain', '1,5', '']]);
  });

  it('never lets a cell run as a spreadsheet formula, also after leading blanks; numbers stay numbers', () => {
    const rows = [['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\t=1', '  =1+1', '\u00a0@x', 'ok', -3, 2.25]];
    const [cells] = parse(csvLines(rows, CSV_PLAIN), { delimiter: ',' }) as string[][];
    expect(cells!.slice(0, 8).every((c) => c.startsWith("'") || c === 'ok')).toBe(true);
    expect(cells!.filter((c) => c.startsWith("'"))).toHaveLength(7);
    expect(cells!.slice(8)).toEqual(['-3', '2.25']);
  });

  it('writes arrays joined, objects as JSON and a BOM with the header row for a document', () => {
    const doc = csvDocument(['x', 'y'], [[['a', 'b'], { k: 1 }]], CSV_PLAIN);
    expect(doc.startsWith('\uFEFFx,y\r\n')).toBe(true);
    expect(parse(doc.slice(1), { delimiter: ',' })).toEqual([['x', 'y'], ['a b', '{"k":1}']]);
  });
});
