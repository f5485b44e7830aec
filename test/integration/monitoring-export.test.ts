// Three exports, on both databases. Reception contacts by reason (table=contacts): known contacts
// in two provinces, some naming a booking of a desk, around the range's edges and the DST change;
// the CSV rows (reason in Italian and its code) and counts, the XLSX parsed back, scopes. The
// children's totals over a range of the history view (table=history-children): known bookings,
// outcomes and talk times around the range's edges and the DST change; exact rows per child in
// the CSV and the XLSX. The slot-length report's histograms (table=slot-length-histogram): known
// talk times on the edges of the 1-minute bins, of the slot and of the range; exact rows per desk
// in the CSV and the XLSX. All give the same answer from the rollups; bad requests.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpDays } from '../../src/monitoring/roll-up-days.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';
import { createStaff } from './identity-support.js';
import { addBooking, addContact, loadTree, startMonitoringServer, type MonitoringServer } from './monitoring-support.js';

const NOW = Date.parse('2026-04-01T10:00:00Z'); // Wednesday 1 April 2026, 12:00 in Rome: default range 3 March – 1 April

describe.each(testDatabases)('monitoring exports: contacts by reason, history children, slot-length histograms on $name', (database) => {
  let db: Db;
  let s: MonitoringServer;
  let desks: Awaited<ReturnType<typeof loadTree>>;
  let region: Record<string, string>;

  /** The CSV of an export: status, file name and the lines after the BOM. */
  /** The export as XLSX (200, the spreadsheet type checked): its download name, first sheet and rows (values from column A). */
  const xlsx = async (query: string, table: string) => {
    const res = await fetch(`${s.url}/api/monitoring/export?table=${table}&format=xlsx${query ? `&${query}` : ''}`, { headers: region });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const name = res.headers.get('content-disposition');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    return { name, ws, rows: ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1)) };
  };
  const csv = async (query: string, headers = region, table = 'contacts') => {
    const res = await fetch(`${s.url}/api/monitoring/export?table=${table}&format=csv&${query}`, { headers });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return { name: res.headers.get('content-disposition'), lines: new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n') };
  };

  beforeAll(async () => {
    db = await database.open();
    desks = await loadTree(db);
    s = await startMonitoringServer(db, NOW);
    region = await s.as('urp.regione', [{ role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } }]);
    const agent = await createStaff(db, { username: 'agente.tt', grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'TT' } }] });
    const bA = await addBooking(db, desks.A, '2026-03-27T08:00:00Z', 8);
    const bB = await addBooking(db, desks.B, '2026-03-27T07:00:00Z', 10);
    const bC = await addBooking(db, desks.C, '2026-03-31T07:00:00Z', 8);
    // Province TT (office TT01: desks A and B).
    await addContact(db, agent, 'TT', 'booked', '2026-03-27T09:00:00Z', bA.code);
    await addContact(db, agent, 'TT', 'booked', '2026-03-27T09:05:00Z', bB.code);
    await addContact(db, agent, 'TT', 'booked', '2026-03-27T09:10:00Z');
    await addContact(db, agent, 'TT', 'booked', '2026-03-30T08:00:00Z', bA.code);
    await addContact(db, agent, 'TT', 'other', '2026-03-27T10:00:00Z');
    await addContact(db, agent, 'TT', 'moved', '2026-03-29T23:30:00Z'); // 01:30 CEST of Monday 30 March
    await addContact(db, agent, 'TT', 'moved', '2026-04-01T08:00:00Z', bA.code); // today
    await addContact(db, agent, 'TT', 'cancelled', '2026-04-01T07:00:00Z', bA.code); // today
    await addContact(db, agent, 'TT', 'redirected', '2026-03-02T22:30:00Z'); // 23:30 of 2 March: before the default range
    await addContact(db, agent, 'TT', 'redirected', '2026-03-02T23:30:00Z'); // 00:30 of 3 March: its first day
    // Province UU (office UU01: desk C).
    await addContact(db, agent, 'UU', 'cancelled', '2026-03-31T08:00:00Z', bC.code);
    await addContact(db, agent, 'UU', 'cancelled', '2026-03-31T08:30:00Z');
    await addContact(db, agent, 'UU', 'other', '2026-03-31T09:00:00Z');
    await addContact(db, agent, 'UU', 'other', '2026-03-31T09:30:00Z'); // same province, day and reason: one row of n = 2
    // Calls for the history children, range 27–31 March (bA, bB and bC above are booked, no call).
    await addBooking(db, desks.A, '2026-03-27T08:08:00Z', 8, { outcome: 'resolved', talk: 300 });
    await addBooking(db, desks.A, '2026-03-30T07:00:00Z', 8, { outcome: 'resolved', talk: 600 }); // over the 8-minute slot
    await addBooking(db, desks.A, '2026-03-30T07:08:00Z', 8, { outcome: 'no_answer', unanswered: true }); // a failed attempt is no call
    await addBooking(db, desks.A, '2026-03-28T23:10:00Z', 8); // 00:10 CET of Sunday 29 March: in the range
    await addBooking(db, desks.A, '2026-03-26T22:30:00Z', 8, { outcome: 'resolved', talk: 100 }); // 23:30 of 26 March: before it
    await addBooking(db, desks.B, '2026-03-28T08:00:00Z', 10, { outcome: 'resolved', talk: 200 });
    await addBooking(db, desks.B, '2026-03-31T07:00:00Z', 10, { status: 'cancelled' });
    await addBooking(db, desks.B, '2026-03-31T07:10:00Z', 10, { outcome: 'wrong_number' }); // booked, neither served nor unanswered
    await addBooking(db, desks.C, '2026-03-31T07:08:00Z', 8, { outcome: 'no_answer' });
    await addBooking(db, desks.C, '2026-03-31T07:16:00Z', 8, { outcome: 'resolved', talk: 420 });
    await addBooking(db, desks.C, '2026-03-31T22:10:00Z', 8, { outcome: 'resolved', talk: 900 }); // 00:10 CEST of 1 April: after it
    // Calls for the slot-length histograms, range 16–20 March (CET): each bin holds b×60 to b×60 + 59 s.
    await addBooking(db, desks.A, '2026-03-16T08:00:00Z', 8, { outcome: 'resolved', talk: 59 }); // bin 0
    await addBooking(db, desks.A, '2026-03-16T08:08:00Z', 8, { outcome: 'resolved', talk: 60 }); // bin 1
    await addBooking(db, desks.A, '2026-03-17T08:00:00Z', 8, { outcome: 'resolved', talk: 119 }); // bin 1
    await addBooking(db, desks.A, '2026-03-17T08:08:00Z', 8, { outcome: 'resolved', talk: 480 }); // bin 8: exactly the slot, not over it
    await addBooking(db, desks.A, '2026-03-18T08:00:00Z', 8, { outcome: 'resolved', talk: 481 }); // bin 8: over the slot
    await addBooking(db, desks.A, '2026-03-18T08:08:00Z', 8, { outcome: 'resolved', talk: 545 }); // bin 9
    await addBooking(db, desks.A, '2026-03-18T08:16:00Z', 8, { outcome: 'no_answer', unanswered: true }); // no call
    await addBooking(db, desks.A, '2026-03-20T22:30:00Z', 8, { outcome: 'resolved', talk: 200 }); // 23:30 of 20 March: bin 3
    await addBooking(db, desks.A, '2026-03-15T22:30:00Z', 8, { outcome: 'resolved', talk: 1200 }); // 23:30 of 15 March: before the range
    await addBooking(db, desks.A, '2026-03-20T23:10:00Z', 8, { outcome: 'resolved', talk: 1500 }); // 00:10 of 21 March: after it
    await addBooking(db, desks.B, '2026-03-19T08:00:00Z', 10, { outcome: 'resolved', talk: 30 }); // bin 0
    await addBooking(db, desks.B, '2026-03-19T08:10:00Z', 10, { outcome: 'resolved', talk: 150 }); // bin 2
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await db?.close();
  });

  const CHILDREN_HEADER = 'Livello;Nome;Posti offerti;Prenotati;Serviti;Senza risposta;Annullati;Tasso di riempimento;Tasso senza risposta;Chiamate;Durata media (s);Durata 90° percentile (s);Quota oltre lo slot;Contatti reception';
  // 27–31 March. Offered: A 10 a day + 10 on 29 March, B 6 a day, C 5 a day. Calls: A 300 and
  // 600 s (slot 480 s), B 200 s (slot 600 s), C 420 s (slot 480 s); p90 nearest rank. Contacts of
  // a province where they were logged (TT 6, UU 4), of a desk by the booking named (A 2, B 1).
  const REGION_CHILDREN = [
    CHILDREN_HEADER,
    'Provincia;Prova;90;8;3;1;1;0,0889;0,25;3;366,7;600;0,3333;6',
    'Provincia;Altra;25;3;1;1;0;0,12;0,5;1;420;420;0;4',
  ];
  const OFFICE_CHILDREN = [
    CHILDREN_HEADER,
    'Sportello;Sportello A;60;5;2;1;0;0,0833;0,3333;2;450;600;0,5;2',
    'Sportello;Sportello B;30;3;1;0;1;0,1;0;1;200;200;0;1',
  ];
  const RANGE = 'from=2026-03-27&to=2026-03-31';

  const HIST_HEADER = 'Sede;Sportello;Durata slot (min);Da minuto;A minuto (escluso);Chiamate;Quota;Oltre lo slot';
  // 16–20 March. Desk A (8-minute slot): 59, 60, 119, 200, 480, 481, 545 s — 7 calls, bins 0 to
  // 9; desk B (10-minute slot): 30 and 150 s; desk C: no calls, no rows. 'Oltre lo slot' from the
  // bin starting at the slot length (as the dashboard marks it). Quota: of the desk's calls.
  const HIST_A = [
    'Sede TT01;Sportello A;8;0;1;1;0,1429;no',
    'Sede TT01;Sportello A;8;1;2;2;0,2857;no',
    'Sede TT01;Sportello A;8;2;3;0;0;no',
    'Sede TT01;Sportello A;8;3;4;1;0,1429;no',
    'Sede TT01;Sportello A;8;4;5;0;0;no',
    'Sede TT01;Sportello A;8;5;6;0;0;no',
    'Sede TT01;Sportello A;8;6;7;0;0;no',
    'Sede TT01;Sportello A;8;7;8;0;0;no',
    'Sede TT01;Sportello A;8;8;9;2;0,2857;sì',
    'Sede TT01;Sportello A;8;9;10;1;0,1429;sì',
  ];
  const HIST_B = ['Sede TT01;Sportello B;10;0;1;1;0,5;no', 'Sede TT01;Sportello B;10;1;2;0;0;no', 'Sede TT01;Sportello B;10;2;3;1;0,5;no'];
  const HIST_RANGE = 'from=2026-03-16&to=2026-03-20';

  const REGION_LINES = [
    'Motivo;Codice;Contatti;Quota',
    'Prenotato;booked;4;0,3077',
    'Annullato;cancelled;3;0,2308',
    'Altro;other;3;0,2308',
    'Spostato;moved;2;0,1538',
    'Indirizzato altrove;redirected;1;0,0769',
    'Totale;;13;1',
  ];

  it('CSV: contacts by reason over the last 30 days, most first, with their share and a total', async () => {
    const r = await csv('');
    expect(r.name).toBe('attachment; filename="sportello-contatti-2026-03-03-2026-04-01.csv"');
    expect(r.lines).toEqual(REGION_LINES);
  });

  it('a range: days in Europe/Rome, the contact of 01:30 CEST on 30 March is not in 27–29 March', async () => {
    expect((await csv('from=2026-03-27&to=2026-03-29')).lines).toEqual(['Motivo;Codice;Contatti;Quota', 'Prenotato;booked;3;0,75', 'Altro;other;1;0,25', 'Totale;;4;1']);
    expect((await csv('from=2026-03-02&to=2026-03-02')).lines).toEqual(['Motivo;Codice;Contatti;Quota', 'Indirizzato altrove;redirected;1;1', 'Totale;;1;1']);
    expect((await csv('from=2026-03-10&to=2026-03-20')).lines).toEqual(['Motivo;Codice;Contatti;Quota', 'Totale;;0;0']);
  });

  it('scopes: a province by where the contact was logged, an office or a desk by the booking it names', async () => {
    expect((await csv('scope=province:TT')).lines).toEqual([
      'Motivo;Codice;Contatti;Quota', 'Prenotato;booked;4;0,4444', 'Spostato;moved;2;0,2222', 'Annullato;cancelled;1;0,1111', 'Altro;other;1;0,1111', 'Indirizzato altrove;redirected;1;0,1111', 'Totale;;9;1',
    ]);
    expect((await csv(`scope=office:${desks.A.officeId}`)).lines).toEqual(['Motivo;Codice;Contatti;Quota', 'Prenotato;booked;3;0,6', 'Annullato;cancelled;1;0,2', 'Spostato;moved;1;0,2', 'Totale;;5;1']);
    expect((await csv(`scope=desk:${desks.A.deskId}`)).lines).toEqual(['Motivo;Codice;Contatti;Quota', 'Prenotato;booked;2;0,5', 'Annullato;cancelled;1;0,25', 'Spostato;moved;1;0,25', 'Totale;;4;1']);
    expect((await csv(`scope=desk:${desks.B.deskId}`)).lines).toEqual(['Motivo;Codice;Contatti;Quota', 'Prenotato;booked;1;1', 'Totale;;1;1']);
    // A monitor of UU: by default the province of the grant; TT is refused.
    const uu = await s.as('urp.uu', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'UU' } }]);
    expect((await csv('', uu)).lines).toEqual(['Motivo;Codice;Contatti;Quota', 'Annullato;cancelled;2;0,5', 'Altro;other;2;0,5', 'Totale;;4;1']);
    const denied = await fetch(`${s.url}/api/monitoring/export?table=contacts&scope=province:TT`, { headers: uu });
    expect(denied.status).toBe(403);
    expect((await denied.json()).code).toBe('forbidden');
  });

  it('XLSX: parsed back, the same counts, shares formatted as percentages', async () => {
    const { name, ws, rows } = await xlsx('', 'contacts');
    expect(name).toBe('attachment; filename="sportello-contatti-2026-03-03-2026-04-01.xlsx"');
    expect(ws.name).toBe('contatti-2026-03-03-2026-04-01');
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['Motivo', 'Codice', 'Contatti'],
      ['Prenotato', 'booked', 4], ['Annullato', 'cancelled', 3], ['Altro', 'other', 3], ['Spostato', 'moved', 2], ['Indirizzato altrove', 'redirected', 1],
      ['Totale', undefined, 13],
    ]);
    expect(rows[0]![3]).toBe('Quota');
    const shares = rows.slice(1).map((r) => r[3] as number);
    [4, 3, 3, 2, 1, 13].forEach((n, i) => expect(shares[i]).toBeCloseTo(n / 13, 10));
    expect(ws.getCell('D2').numFmt).toBe('0.0%');
    expect(ws.getCell('C2').numFmt).not.toBe('0.0%');
  });

  it('history children, CSV: each child\'s totals over the range, the same as the history view\'s', async () => {
    const r = await csv(RANGE, region, 'history-children');
    expect(r.name).toBe('attachment; filename="sportello-dettaglio-2026-03-27-2026-03-31.csv"');
    expect(r.lines).toEqual(REGION_CHILDREN);
    // The granularity changes nothing: the totals are over the whole range.
    expect((await csv(`${RANGE}&granularity=week`, region, 'history-children')).lines).toEqual(REGION_CHILDREN);
    expect((await csv(`scope=office:${desks.A.officeId}&${RANGE}`, region, 'history-children')).lines).toEqual(OFFICE_CHILDREN);
    expect((await csv(`scope=province:TT&${RANGE}`, region, 'history-children')).lines).toEqual([
      CHILDREN_HEADER, 'Sede;Sede TT01;90;8;3;1;1;0,0889;0,25;3;366,7;600;0,3333;3',
    ]);
    // A desk has no children: the header alone. The default range: the last 30 days.
    expect((await csv(`scope=desk:${desks.A.deskId}&${RANGE}`, region, 'history-children')).lines).toEqual([CHILDREN_HEADER]);
    expect((await csv('', region, 'history-children')).name).toBe('attachment; filename="sportello-dettaglio-2026-03-03-2026-04-01.csv"');
    // The same figures as the JSON the history view shows.
    const h = await (await fetch(`${s.url}/api/monitoring/history?scope=office:${desks.A.officeId}&${RANGE}&granularity=day`, { headers: region })).json();
    expect(h.children.map((c: { name: string; booked: number; served: number; p90CallSec: number }) => [c.name, c.booked, c.served, c.p90CallSec])).toEqual([
      ['Sportello A', 5, 2, 600], ['Sportello B', 3, 1, 200],
    ]);
    // A monitor of UU may not export the children of TT.
    const uu = await s.as('urp.uu.storico', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'UU' } }]);
    const denied = await fetch(`${s.url}/api/monitoring/export?table=history-children&scope=province:TT&${RANGE}`, { headers: uu });
    expect(denied.status).toBe(403);
  });

  it('history children, XLSX: parsed back, the same rows, shares formatted as percentages', async () => {
    const { name, ws, rows } = await xlsx(RANGE, 'history-children');
    expect(name).toBe('attachment; filename="sportello-dettaglio-2026-03-27-2026-03-31.xlsx"');
    expect(ws.name).toBe('dettaglio-2026-03-27-2026-03-31');
    expect(rows[0]).toEqual(CHILDREN_HEADER.split(';'));
    // Shares (columns 8, 9 and 13) unrounded in the sheet; the rest exactly as in the CSV.
    const shares = (r: unknown[]) => [r[7], r[8], r[12]];
    const others = (r: unknown[]) => r.filter((_, i) => ![7, 8, 12].includes(i));
    expect(rows.slice(1).map(others)).toEqual([
      ['Provincia', 'Prova', 90, 8, 3, 1, 1, 3, 366.7, 600, 6],
      ['Provincia', 'Altra', 25, 3, 1, 1, 0, 1, 420, 420, 4],
    ]);
    const expected = [[8 / 90, 1 / 4, 1 / 3], [3 / 25, 1 / 2, 0]];
    expect(rows).toHaveLength(3);
    rows.slice(1).forEach((r, i) => shares(r).forEach((x, j) => expect(x as number).toBeCloseTo(expected[i]![j]!, 10)));
    for (const cell of ['H2', 'I2', 'M2']) expect(ws.getCell(cell).numFmt).toBe('0.0%');
    expect(ws.getCell('J2').numFmt).not.toBe('0.0%');
  });

  it('slot-length histograms, CSV: one row per minute bin of every desk, the same bins as the report', async () => {
    const r = await csv(HIST_RANGE, region, 'slot-length-histogram');
    expect(r.name).toBe('attachment; filename="sportello-durate-2026-03-16-2026-03-20.csv"');
    expect(r.lines).toEqual([HIST_HEADER, ...HIST_A, ...HIST_B]);
    expect((await csv(`scope=desk:${desks.B.deskId}&${HIST_RANGE}`, region, 'slot-length-histogram')).lines).toEqual([HIST_HEADER, ...HIST_B]);
    expect((await csv(`scope=office:${desks.A.officeId}&${HIST_RANGE}`, region, 'slot-length-histogram')).lines).toEqual([HIST_HEADER, ...HIST_A, ...HIST_B]);
    // Desk C had no calls: the header alone. One day: only that day's calls (A: 481 and 545 s).
    expect((await csv(`scope=province:UU&${HIST_RANGE}`, region, 'slot-length-histogram')).lines).toEqual([HIST_HEADER]);
    expect((await csv(`scope=desk:${desks.A.deskId}&from=2026-03-18&to=2026-03-18`, region, 'slot-length-histogram')).lines).toEqual([
      HIST_HEADER,
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((b) => `Sede TT01;Sportello A;8;${b};${b + 1};0;0;no`),
      'Sede TT01;Sportello A;8;8;9;1;0,5;sì',
      'Sede TT01;Sportello A;8;9;10;1;0,5;sì',
    ]);
    // The default range: the last 30 days (3 March – 1 April), with the calls of 15, 21, 26–31 March and 1 April.
    const all = await csv('', region, 'slot-length-histogram');
    expect(all.name).toBe('attachment; filename="sportello-durate-2026-03-03-2026-04-01.csv"');
    const calls = (d: string) => all.lines.filter((l) => l.split(';')[1] === d).reduce((n, l) => n + Number(l.split(';')[5]), 0);
    expect([calls('Sportello A'), calls('Sportello B'), calls('Sportello C')]).toEqual([12, 3, 2]);
    // The same bins as the JSON of the report.
    const rep = await (await fetch(`${s.url}/api/monitoring/slot-length?scope=desk:${desks.A.deskId}&${HIST_RANGE}`, { headers: region })).json();
    expect(rep.desks[0].histogram.map((b: { count: number }) => b.count)).toEqual([1, 2, 0, 1, 0, 0, 0, 0, 2, 1]);
    // A monitor of UU may not export the histograms of TT.
    const uu = await s.as('urp.uu.durate', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'UU' } }]);
    const denied = await fetch(`${s.url}/api/monitoring/export?table=slot-length-histogram&scope=province:TT&${HIST_RANGE}`, { headers: uu });
    expect(denied.status).toBe(403);
  });

  it('slot-length histograms, XLSX: parsed back, the same rows, shares formatted as percentages', async () => {
    const { name, ws, rows } = await xlsx(HIST_RANGE, 'slot-length-histogram');
    expect(name).toBe('attachment; filename="sportello-durate-2026-03-16-2026-03-20.xlsx"');
    expect(ws.name).toBe('durate-2026-03-16-2026-03-20');
    expect(rows[0]).toEqual(HIST_HEADER.split(';'));
    // Every column but the share (7) as in the CSV, numbers as numbers; the share unrounded.
    const expected = [...HIST_A, ...HIST_B].map((l) => l.split(';').map((c, i) => (i >= 2 && i <= 5 ? Number(c) : c)));
    expect(rows.slice(1).map((r) => r.filter((_, i) => i !== 6))).toEqual(expected.map((r) => r.filter((_, i) => i !== 6)));
    const shares = [1 / 7, 2 / 7, 0, 1 / 7, 0, 0, 0, 0, 2 / 7, 1 / 7, 1 / 2, 0, 1 / 2];
    expect(rows).toHaveLength(1 + shares.length);
    rows.slice(1).forEach((r, i) => expect(r[6] as number).toBeCloseTo(shares[i]!, 10));
    expect(ws.getCell('G2').numFmt).toBe('0.0%');
    expect(ws.getCell('F2').numFmt).not.toBe('0.0%');
  });

  it('the same answer once the closed days are rolled up', async () => {
    await rollUpDays(s.deps, '2026-03-02', '2026-03-31');
    // The raw rows of the rolled days are no longer read: removing them changes nothing…
    const kept = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM monitoring_day_contact WHERE day BETWEEN '2026-03-02' AND '2026-03-31'");
    expect(kept.rows[0]!.n).toBeGreaterThan(0);
    await db.query("DELETE FROM reception_contact WHERE created_at < '2026-03-31T22:00:00Z'");
    expect((await csv('')).lines).toEqual(REGION_LINES);
    expect((await csv(`scope=office:${desks.A.officeId}`)).lines).toEqual(['Motivo;Codice;Contatti;Quota', 'Prenotato;booked;3;0,6', 'Annullato;cancelled;1;0,2', 'Spostato;moved;1;0,2', 'Totale;;5;1']);
    expect((await csv('from=2026-03-27&to=2026-03-29')).lines).toEqual(['Motivo;Codice;Contatti;Quota', 'Prenotato;booked;3;0,75', 'Altro;other;1;0,25', 'Totale;;4;1']);
    expect((await csv(RANGE, region, 'history-children')).lines).toEqual(REGION_CHILDREN);
    expect((await csv(`scope=office:${desks.A.officeId}&${RANGE}`, region, 'history-children')).lines).toEqual(OFFICE_CHILDREN);
    // The histograms of 16–20 March: the same rows with the calls' raw rows of 15–21 March gone (read from the rollups).
    const raw = "FROM call WHERE requested_at >= '2026-03-15T00:00:00Z' AND requested_at < '2026-03-22T00:00:00Z'";
    expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n ${raw}`)).rows[0]!.n).toBe(12); // 11 answered and 1 failed
    await db.query(`DELETE ${raw}`);
    expect((await csv(HIST_RANGE, region, 'slot-length-histogram')).lines).toEqual([HIST_HEADER, ...HIST_A, ...HIST_B]);
    expect((await csv(`scope=desk:${desks.B.deskId}&${HIST_RANGE}`, region, 'slot-length-histogram')).lines).toEqual([HIST_HEADER, ...HIST_B]);
  });

  it('bad requests: an unknown table, bad dates, a range too long', async () => {
    const get = async (q: string) => {
      const res = await fetch(`${s.url}/api/monitoring/export?${q}`, { headers: region });
      return { status: res.status, body: await res.json() };
    };
    const bogus = await get('table=contatti&format=csv');
    expect(bogus.status).toBe(400);
    expect(bogus.body.code).toBe('invalid_input');
    expect(bogus.body.fields?.[0]?.path).toMatch(/table/);
    expect(await get('table=contacts&from=2026-04-02&to=2026-04-01')).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    // A date that does not exist is refused by the one localDate schema (issue 16), naming the field.
    expect(await get('table=contacts&from=2026-02-30&to=2026-03-01')).toMatchObject({ status: 400, body: { code: 'invalid_input', fields: [{ path: 'querystring.from' }] } });
    expect(await get('table=contacts&from=2025-01-01&to=2026-04-01')).toMatchObject({ status: 400, body: { code: 'range_too_long' } });
    expect((await get('table=contacts&format=pdf')).status).toBe(400);
    const underscore = await get('table=history_children&format=csv');
    expect(underscore.status).toBe(400);
    expect(underscore.body.code).toBe('invalid_input');
    expect(underscore.body.fields?.[0]?.path).toMatch(/table/);
    expect(await get('table=history-children&from=2026-04-02&to=2026-04-01')).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect(await get('table=history-children&from=2025-01-01&to=2026-04-01')).toMatchObject({ status: 400, body: { code: 'range_too_long' } });
    const histogram = await get('table=slot-length-histograms&format=csv');
    expect(histogram.status).toBe(400);
    expect(histogram.body.code).toBe('invalid_input');
    expect(histogram.body.fields?.[0]?.path).toMatch(/table/);
    expect(await get('table=slot-length-histogram&from=2026-04-02&to=2026-04-01')).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect(await get('table=slot-length-histogram&from=2025-01-01&to=2026-04-01')).toMatchObject({ status: 400, body: { code: 'range_too_long' } });
  });
});
