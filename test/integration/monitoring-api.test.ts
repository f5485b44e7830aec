// Monitoring over HTTP, on both databases: the live stream read by a real HTTP client, CSV and
// XLSX exports (parsed back), alert settings and the alert job e-mailing an alert once through
// the e-mail channel to a real SMTP server, /metrics (loopback, bearer token, hidden).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailChannel } from '../../src/notifications/channels/email.js';
import { evaluateAlerts } from '../../src/monitoring/evaluate-alerts.js';
import type { Db } from '../../src/storage/db.js';
import { holdHeaders } from '../support/challenge.js';
import { testDatabases } from '../support/databases.js';
import { taxCodeFor } from '../support/test-desk.js';
import { addBooking, loadTree, startMonitoringServer, type MonitoringServer } from './monitoring-support.js';
import { startSmtp, type TestSmtp } from './notifications-support.js';

const NOW = Date.parse('2026-04-01T10:00:00Z'); // Wednesday 1 April 2026, 12:00 in Rome
const TOKEN = 'metrics-token-0123456789';

/** Reads Server-Sent Events from a fetch body until `n` events of `name` arrived. */
async function readEvents(res: Response, name: string, n: number, onEvent?: (i: number) => Promise<void>): Promise<unknown[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const out: unknown[] = [];
  while (out.length < n) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event === name && data) {
        out.push(JSON.parse(data));
        if (onEvent) await onEvent(out.length);
      }
    }
  }
  await reader.cancel();
  return out;
}

describe.each(testDatabases)('monitoring API on $name', (database) => {
  let db: Db;
  let s: MonitoringServer;
  let desks: Awaited<ReturnType<typeof loadTree>>;
  let urp: Record<string, string>;
  let smtp: TestSmtp;

  beforeAll(async () => {
    db = await database.open();
    desks = await loadTree(db);
    s = await startMonitoringServer(db, NOW, { pushSeconds: 1, metricsToken: TOKEN });
    urp = await s.as('urp.regione', [{ role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } }]);
    smtp = await startSmtp();
    // Today at desk B: 3 served and 2 unanswered (40 % no answer); 27 March at desk A: 2 served.
    for (let i = 0; i < 5; i++) {
      await addBooking(db, desks.B, `2026-04-01T07:${String(i * 10).padStart(2, '0')}:00Z`, 10, i < 3 ? { outcome: 'resolved', talk: 100 + i } : { outcome: 'no_answer', unanswered: true });
    }
    await addBooking(db, desks.A, '2026-03-27T08:00:00Z', 8, { outcome: 'resolved', talk: 300 });
    await addBooking(db, desks.A, '2026-03-27T08:08:00Z', 8, { outcome: 'resolved', talk: 500 });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await smtp?.close();
    await db?.close();
  });

  it('live stream: figures at once, then again with what changed', async () => {
    const res = await fetch(`${s.url}/api/monitoring/live/stream?scope=desk:${desks.A.deskId}`, { headers: { ...urp, accept: 'text/event-stream' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await readEvents(res, 'figures', 2, async (i) => {
      if (i === 1) await addBooking(db, desks.A, '2026-04-01T07:00:00Z', 8, {});
    })) as { scope: { id: string }; figures: { booked: number; offered: number } }[];
    expect(events[0]!.scope.id).toBe(desks.A.deskId);
    expect(events[0]!.figures).toMatchObject({ offered: 10, booked: 0 });
    expect(events[1]!.figures).toMatchObject({ offered: 10, booked: 1 });
    // A scope outside the grants is refused before the stream starts.
    const other = await s.as('urp.uu', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'UU' } }]);
    const denied = await fetch(`${s.url}/api/monitoring/live/stream?scope=province:TT`, { headers: { ...other, accept: 'text/event-stream' } });
    expect(denied.status).toBe(403);
    expect((await denied.json()).code).toBe('forbidden');
  });

  it('exports history as CSV (BOM, semicolons, decimal comma) and XLSX (parsed back)', async () => {
    const q = `scope=desk:${desks.A.deskId}&from=2026-03-27&to=2026-03-28&granularity=day`;
    const csv = await fetch(`${s.url}/api/monitoring/export?table=history&format=csv&${q}`, { headers: urp });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="sportello-storico-2026-03-27-2026-03-28\.csv"$/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Periodo;Posti offerti;Prenotati;Serviti;Senza risposta;Annullati;Tasso di riempimento;Tasso senza risposta;Chiamate;Durata media (s);Durata 90° percentile (s);Quota oltre lo slot;Contatti reception');
    expect(lines[1]).toBe('2026-03-27;10;2;2;0;0;0,2;0;2;400;500;0,5;0');
    expect(lines[2]).toBe('2026-03-28;10;0;0;0;0;0;0;0;;;0;0');
    expect(lines).toHaveLength(3);

    const xlsx = await fetch(`${s.url}/api/monitoring/export?table=history&format=xlsx&${q}`, { headers: urp });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(3);
    expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['Periodo', 'Posti offerti', 'Prenotati']);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['2026-03-27', 10, 2, 2, 0, 0, 0.2, 0, 2, 400, 500, 0.5, 0]);
    expect(ws.getCell('G2').numFmt).toBe('0.0%');

    const slot = await fetch(`${s.url}/api/monitoring/export?table=slot-length&format=xlsx&scope=office:${desks.A.officeId}&from=2026-03-27&to=2026-04-01`, { headers: urp });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(await slot.arrayBuffer());
    const rows = wb2.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows).toEqual([
      ['Sede', 'Sportello', 'Durata slot (min)', 'Chiamate', 'Durata media (s)', 'Mediana (s)', '90° percentile (s)', 'Quota oltre lo slot', 'Minuti che coprono il 90%'],
      ['Sede TT01', 'Sportello A', 8, 2, 400, 300, 500, 0.5, 9],
      ['Sede TT01', 'Sportello B', 10, 3, 101, 101, 102, 0, 2],
    ]);
    const live = await fetch(`${s.url}/api/monitoring/export?table=live&format=csv`, { headers: urp });
    const liveLines = (await live.text()).trimEnd().split('\r\n');
    expect(liveLines).toHaveLength(4); // the header, the region and its two provinces
    expect(liveLines[1]).toMatch(/^Regione;Lombardia;21;6;3;2;0;/);
    expect(liveLines[3]).toMatch(/^Provincia;Altra;5;0;0;0;0;0;0;0;;;0;0;2026-04-11T07:00:00.000Z;6$/);
  });

  it('alert settings: defaults, set for a province, inherited below; only managers may set them', async () => {
    const get = async (scope: string, h = urp) => (await fetch(`${s.url}/api/monitoring/alert-settings?scope=${scope}`, { headers: h })).json();
    expect(await get('region:LOM')).toEqual({ scope: 'region:LOM', inheritedFrom: null, leadTimeDays: 10, noAnswerRate: 0.2, overrunRate: 0.3, emails: [] });
    const put = await fetch(`${s.url}/api/monitoring/alert-settings?scope=province:UU`, {
      method: 'PUT', headers: { ...urp, 'content-type': 'application/json' },
      body: JSON.stringify({ leadTimeDays: 5, noAnswerRate: 0.5, overrunRate: 0.3, emails: ['URP.Lombardia@example.test'] }),
    });
    expect(put.status).toBe(200);
    expect(await get(`desk:${desks.C.deskId}`)).toEqual({ scope: `desk:${desks.C.deskId}`, inheritedFrom: 'province:UU', leadTimeDays: 5, noAnswerRate: 0.5, overrunRate: 0.3, emails: ['urp.lombardia@example.test'] });
    const admin = await s.as('admin.tt01', [{ role: 'office_admin', scope: { kind: 'office', code: 'TT01' } }]);
    const refused = await fetch(`${s.url}/api/monitoring/alert-settings?scope=office:${desks.A.officeId}`, {
      method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ leadTimeDays: 5, noAnswerRate: 0.5, overrunRate: 0.3, emails: [] }),
    });
    expect(refused.status).toBe(403);
    const bad = await fetch(`${s.url}/api/monitoring/alert-settings?scope=region:LOM`, {
      method: 'PUT', headers: { ...urp, 'content-type': 'application/json' }, body: JSON.stringify({ leadTimeDays: 0, noAnswerRate: 2, overrunRate: 0.3, emails: ['x'] }),
    });
    expect(bad.status).toBe(400);
  });

  it('the alert job opens alerts, e-mails each once, and ends them when they no longer hold', async () => {
    const email = emailChannel({ url: smtp.url, from: 'INPS Sportello <noreply@sportello.test>' });
    await fetch(`${s.url}/api/monitoring/alert-settings?scope=region:LOM`, {
      method: 'PUT', headers: { ...urp, 'content-type': 'application/json' },
      body: JSON.stringify({ leadTimeDays: 10, noAnswerRate: 0.2, overrunRate: 0.3, emails: ['urp.regione@example.test'] }),
    });
    // Desk C (UU, lead time 5): first free slot in 6 working days. Desk B: 2 of 5 calls unanswered today.
    const first = await evaluateAlerts(s.deps, email);
    expect(first).toEqual({ open: 2, phoneInstead: 0, started: 2, ended: 0, emailed: 2 });
    await smtp.waitFor(2);
    const mails = smtp.messages.map((m) => ({ to: m.to && 'text' in m.to ? m.to.text : '', subject: m.subject ?? '', text: m.text ?? '' }));
    expect(mails).toContainEqual({ to: 'urp.lombardia@example.test', subject: '[Sportello] Avviso: Sede UU01 — Sportello C: primo posto libero tra 6 giorni lavorativi (soglia 5).', text: expect.stringContaining('first free place in 6 working days (threshold 5)') });
    expect(mails).toContainEqual({ to: 'urp.regione@example.test', subject: '[Sportello] Allarme: Sede TT01 — Sportello B: 40 % di chiamate senza risposta oggi (soglia 20 %).', text: expect.any(String) });

    const again = await evaluateAlerts(s.deps, email);
    expect(again).toEqual({ open: 2, phoneInstead: 0, started: 0, ended: 0, emailed: 0 });
    expect(smtp.messages).toHaveLength(2);

    const open = await (await fetch(`${s.url}/api/monitoring/alerts`, { headers: urp })).json();
    expect(open.alerts.map((a: { code: string; scope: { name: string }; level: string; value: number; threshold: number }) => [a.code, a.scope.name, a.level, a.value, a.threshold]).sort()).toEqual([
      ['lead_time', 'Sportello C', 'warning', 6, 5],
      ['no_answer_rate', 'Sportello B', 'danger', 0.4, 0.2],
    ]);
    expect(open.alerts[0].since).toBe(new Date(NOW).toISOString());
    const uu = await s.as('urp.uu2', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'UU' } }]);
    expect((await (await fetch(`${s.url}/api/monitoring/alerts`, { headers: uu })).json()).alerts.map((a: { code: string }) => a.code)).toEqual(['lead_time']);
    const live = await (await fetch(`${s.url}/api/monitoring/live`, { headers: urp })).json();
    expect(live.alerts.map((a: { code: string }) => a.code).sort()).toEqual(['lead_time', 'no_answer_rate']);

    await fetch(`${s.url}/api/monitoring/alert-settings?scope=province:UU`, {
      method: 'PUT', headers: { ...urp, 'content-type': 'application/json' },
      body: JSON.stringify({ leadTimeDays: 6, noAnswerRate: 0.5, overrunRate: 0.3, emails: [] }),
    });
    expect(await evaluateAlerts(s.deps, email)).toEqual({ open: 1, phoneInstead: 0, started: 0, ended: 1, emailed: 0 });
    expect((await (await fetch(`${s.url}/api/monitoring/alerts`, { headers: urp })).json()).alerts).toHaveLength(1);
    await email.close();
  });

  it('/metrics: loopback reads, a proxied request needs the bearer token; counters by route, status and code', async () => {
    const eventCount = (text: string, kind: string) => Number(new RegExp(`sportello_booking_events_total\\{kind="${kind}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    const before = await (await fetch(`${s.url}/metrics`)).text();
    // A booking through the public API: hold, then book.
    const hold = await (await fetch(`${s.url}/api/desks/${desks.B.deskId}/holds`, {
      method: 'POST', headers: await holdHeaders(s.url, desks.B.deskId), body: JSON.stringify({ start: '2026-04-02T09:00:00+02:00', channel: 'phone' }),
    })).json();
    const booked = await fetch(`${s.url}/api/bookings`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hold: { id: hold.holdId, token: hold.holdToken }, taxCode: taxCodeFor(7), fullName: 'Persona Sette', phone: '+39 347 1234567', channel: 'phone', language: 'it', consent: true }),
    });
    expect(booked.status).toBe(201);
    const bad = await fetch(`${s.url}/api/monitoring/live?scope=nation:IT`, { headers: urp });
    expect(bad.status).toBe(400);

    const m = await fetch(`${s.url}/metrics`);
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await m.text();
    expect(text).toContain('sportello_bookings_total{event="created"} 1');
    expect(text).toMatch(/sportello_http_requests_total\{method="POST",route="\/api\/bookings",status="201"\} 1/);
    expect(text).toMatch(/sportello_http_request_duration_seconds_bucket\{le="\+Inf",method="POST",route="\/api\/bookings",status="201"\} 1/);
    expect(text).toMatch(/sportello_errors_total\{route="\/api\/monitoring\/live",status="400",code="invalid_request"\} 1/);
    expect(text).toMatch(/sportello_calls_in_progress 0/);
    expect(text).toMatch(/sportello_process_cpu_seconds_total/);
    // History steps come from the database, whatever wrote them: the API's hold and booking…
    expect([eventCount(text, 'held') - eventCount(before, 'held'), eventCount(text, 'booked') - eventCount(before, 'booked')]).toEqual([1, 1]);
    // …and a cancellation written outside the API (as a calendar change or an erasure would), counted once.
    await db.query("UPDATE booking SET status = 'cancelled', cancelled_at = now() WHERE id = $1", [hold.holdId]);
    const after = await (await fetch(`${s.url}/metrics`)).text();
    expect(eventCount(after, 'cancelled') - eventCount(text, 'cancelled')).toBe(1);
    expect(eventCount(after, 'booked')).toBe(eventCount(text, 'booked'));
    expect(eventCount(await (await fetch(`${s.url}/metrics`)).text(), 'cancelled')).toBe(eventCount(after, 'cancelled'));

    const proxied = await fetch(`${s.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(401);
    expect((await proxied.json()).code).toBe('metrics_token_required');
    expect((await fetch(`${s.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

    const noToken = await startMonitoringServer(db, NOW);
    try {
      expect((await fetch(`${noToken.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404);
      expect((await fetch(`${noToken.url}/metrics`)).status).toBe(200);
    } finally {
      await noToken.close();
    }
  });
});
