// Monitoring figures from a known sequence of activity, on both databases: live (today), history
// by day / ISO week / month in Europe/Rome across the DST change of 29 March 2026, drill-down
// children, scoping by grants, the slot-length report, and daily rollups equal to raw figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpDays } from '../../src/monitoring/roll-up-days.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';
import { createStaff } from './identity-support.js';
import { addBooking, addContact, loadTree, startMonitoringServer, type MonitoringServer } from './monitoring-support.js';

// Wednesday 1 April 2026, 12:00 in Rome (CEST, +02:00).
const NOW = Date.parse('2026-04-01T10:00:00Z');

const f = (x: Partial<Record<string, unknown>>) => ({
  offered: 0, booked: 0, served: 0, noAnswer: 0, cancelled: 0, fillRate: 0, noAnswerRate: 0, calls: 0,
  meanCallSec: null, p90CallSec: null, overrunRate: 0, contacts: 0, ...x,
});

describe.each(testDatabases)('monitoring figures on $name', (database) => {
  let db: Db;
  let s: MonitoringServer;
  let desks: Awaited<ReturnType<typeof loadTree>>;
  let region: Record<string, string>;
  const get = async (path: string, headers: Record<string, string> = region) => {
    const res = await fetch(s.url + path, { headers });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text, headers: res.headers };
  };

  beforeAll(async () => {
    db = await database.open();
    desks = await loadTree(db);
    const { A, B, C } = desks;
    s = await startMonitoringServer(db, NOW);
    region = await s.as('urp.regione', [{ role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } }]);
    const agent = await createStaff(db, { username: 'agente.tt', grants: [{ role: 'reception_agent', scope: { kind: 'province', code: 'TT' } }] });
    const op1 = await createStaff(db, { username: 'operatore.uno', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'TT01' } }] });
    const op2 = await createStaff(db, { username: 'operatore.due', grants: [{ role: 'desk_operator', scope: { kind: 'office', code: 'TT01' } }] });

    // Friday 27 March (CET, +01:00), desk A (8-minute slots): 3 booked, 1 cancelled.
    const b1 = await addBooking(db, A, '2026-03-27T08:00:00Z', 8, { outcome: 'resolved', talk: 300 });
    await addBooking(db, A, '2026-03-27T08:08:00Z', 8, { outcome: 'resolved', talk: 500 }); // overruns 480 s
    await addBooking(db, A, '2026-03-27T08:16:00Z', 8, { outcome: 'no_answer', unanswered: true });
    await addBooking(db, A, '2026-03-27T08:24:00Z', 8, { status: 'cancelled' });
    // Sunday 29 March, the DST change: 00:32 in Rome is 23:32 UTC of Saturday 28.
    await addBooking(db, A, '2026-03-28T23:32:00Z', 8, { outcome: 'resolved', talk: 200 });
    await addBooking(db, A, '2026-03-29T07:00:00Z', 8, { outcome: 'needs_documents', talk: 481 }); // 09:00 CEST, overruns
    // Monday 30 March, desk B (10-minute slots): 600 s fits, 601 s overruns; 1 cancelled.
    await addBooking(db, B, '2026-03-30T07:00:00Z', 10, { outcome: 'resolved', talk: 600 });
    await addBooking(db, B, '2026-03-30T07:10:00Z', 10, { outcome: 'second_level', talk: 601 });
    await addBooking(db, B, '2026-03-30T07:20:00Z', 10, { status: 'cancelled' });
    // Tuesday 31 March, desk C: one no-answer, one wrong number (answered for 30 s).
    await addBooking(db, C, '2026-03-31T07:00:00Z', 8, { outcome: 'no_answer', unanswered: true });
    await addBooking(db, C, '2026-03-31T07:08:00Z', 8, { outcome: 'wrong_number', talk: 30 });
    // Today, desk A: one served (420 s), one call under way now (flagged identity check), one cancelled.
    await addBooking(db, A, '2026-04-01T07:00:00Z', 8, { outcome: 'resolved', talk: 420 });
    await addBooking(db, A, '2026-04-01T07:08:00Z', 8, { inCallBy: op1, flagged: true });
    await addBooking(db, A, '2026-04-01T07:16:00Z', 8, { status: 'cancelled' });
    await db.query("INSERT INTO duty (desk_id, user_id, day, status) VALUES ($1, $2, '2026-04-01', 'on'), ($1, $3, '2026-04-01', 'on')", [A.deskId, op1, op2]);
    // Reception contacts: TT 27 March ×2 (one naming b1 of desk A), 01:30 CEST of 30 March (23:30 UTC of 29), today; UU 31 March.
    await addContact(db, agent, 'TT', 'booked', '2026-03-27T09:00:00Z', b1.code);
    await addContact(db, agent, 'TT', 'other', '2026-03-27T10:00:00Z');
    await addContact(db, agent, 'TT', 'moved', '2026-03-29T23:30:00Z');
    await addContact(db, agent, 'TT', 'redirected', '2026-04-01T08:00:00Z');
    await addContact(db, agent, 'UU', 'cancelled', '2026-03-31T08:00:00Z');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await db?.close();
  });

  it('live: today in the region, what happens now, provinces with their first free slot', async () => {
    const r = await get('/api/monitoring/live');
    expect(r.status).toBe(200);
    expect(r.body.scope).toEqual({ level: 'region', id: 'LOM', name: 'Lombardia', parents: [] });
    expect(r.body.day).toBe('2026-04-01');
    expect(r.body.figures).toEqual(f({ offered: 21, booked: 2, served: 1, cancelled: 1, fillRate: 2 / 21, calls: 1, meanCallSec: 420, p90CallSec: 420, contacts: 1 }));
    expect(r.body.now).toEqual({ callsInProgress: 1, operatorsOnDuty: 2, operatorsOnCall: 1, operatorsIdle: 1, flaggedIdentityChecks: 1, slotMinutes: null });
    expect(r.body.contactsByReason).toEqual([{ reason: 'redirected', count: 1 }]);
    expect(r.body.children).toEqual([
      { level: 'province', id: 'TT', name: 'Prova', ...f({ offered: 16, booked: 2, served: 1, cancelled: 1, fillRate: 2 / 16, calls: 1, meanCallSec: 420, p90CallSec: 420, contacts: 1 }),
        firstFreeSlot: '2026-04-02T07:00:00.000Z', leadTimeWorkingDays: 1 },
      // Desk C is closed 2–10 April: first free Saturday 11 April, 6 working days (Easter Monday 6 April is a holiday).
      { level: 'province', id: 'UU', name: 'Altra', ...f({ offered: 5 }), firstFreeSlot: '2026-04-11T07:00:00.000Z', leadTimeWorkingDays: 6 },
    ]);
    expect(r.body.alerts).toEqual([]);
  });

  it('live at a desk: its slot length; another day', async () => {
    const r = await get(`/api/monitoring/live?scope=desk:${desks.A.deskId}`);
    expect(r.body.scope.parents.map((p: { level: string }) => p.level)).toEqual(['region', 'province', 'office']);
    expect(r.body.now).toEqual({ callsInProgress: 1, operatorsOnDuty: 2, operatorsOnCall: 1, operatorsIdle: 1, flaggedIdentityChecks: 1, slotMinutes: 8 });
    expect(r.body.children).toEqual([]);
    const sunday = await get(`/api/monitoring/live?scope=desk:${desks.A.deskId}&day=2026-03-29`);
    expect(sunday.body.figures).toEqual(f({ offered: 20, booked: 2, served: 2, fillRate: 0.1, calls: 2, meanCallSec: 340.5, p90CallSec: 481, overrunRate: 0.5 }));
  });

  it('history by day, with every day present', async () => {
    const r = await get('/api/monitoring/history?from=2026-03-27&to=2026-04-01&granularity=day');
    expect(r.status).toBe(200);
    expect(r.body.rows).toEqual([
      { period: '2026-03-27', ...f({ offered: 21, booked: 3, served: 2, noAnswer: 1, cancelled: 1, fillRate: 3 / 21, noAnswerRate: 1 / 3, calls: 2, meanCallSec: 400, p90CallSec: 500, overrunRate: 0.5, contacts: 2 }) },
      { period: '2026-03-28', ...f({ offered: 21 }) },
      { period: '2026-03-29', ...f({ offered: 31, booked: 2, served: 2, fillRate: 2 / 31, calls: 2, meanCallSec: 340.5, p90CallSec: 481, overrunRate: 0.5 }) },
      { period: '2026-03-30', ...f({ offered: 21, booked: 2, served: 2, cancelled: 1, fillRate: 2 / 21, calls: 2, meanCallSec: 600.5, p90CallSec: 601, overrunRate: 0.5, contacts: 1 }) },
      { period: '2026-03-31', ...f({ offered: 21, booked: 2, noAnswer: 1, fillRate: 2 / 21, noAnswerRate: 1, calls: 1, meanCallSec: 30, p90CallSec: 30, contacts: 1 }) },
      { period: '2026-04-01', ...f({ offered: 21, booked: 2, served: 1, cancelled: 1, fillRate: 2 / 21, calls: 1, meanCallSec: 420, p90CallSec: 420, contacts: 1 }) },
    ]);
  });

  it('history by ISO week (the week of the DST change) and by month', async () => {
    const w = await get('/api/monitoring/history?from=2026-03-27&to=2026-04-01&granularity=week');
    expect(w.body.rows).toEqual([
      { period: '2026-03-23', ...f({ offered: 73, booked: 5, served: 4, noAnswer: 1, cancelled: 1, fillRate: 5 / 73, noAnswerRate: 0.2, calls: 4, meanCallSec: 370.25, p90CallSec: 500, overrunRate: 0.5, contacts: 2 }) },
      { period: '2026-03-30', ...f({ offered: 63, booked: 6, served: 3, noAnswer: 1, cancelled: 2, fillRate: 6 / 63, noAnswerRate: 0.25, calls: 4, meanCallSec: 412.75, p90CallSec: 601, overrunRate: 0.25, contacts: 3 }) },
    ]);
    const m = await get('/api/monitoring/history?from=2026-03-27&to=2026-04-01&granularity=month');
    expect(m.body.rows).toEqual([
      { period: '2026-03-01', ...f({ offered: 115, booked: 9, served: 6, noAnswer: 2, cancelled: 2, fillRate: 9 / 115, noAnswerRate: 0.25, calls: 7, meanCallSec: 2712 / 7, p90CallSec: 601, overrunRate: 3 / 7, contacts: 4 }) },
      { period: '2026-04-01', ...f({ offered: 21, booked: 2, served: 1, cancelled: 1, fillRate: 2 / 21, calls: 1, meanCallSec: 420, p90CallSec: 420, contacts: 1 }) },
    ]);
  });

  it('drill-down: region → provinces → offices → desks, totals over the range', async () => {
    const range = 'from=2026-03-27&to=2026-04-01';
    const r = await get(`/api/monitoring/history?${range}&granularity=month`);
    const TT = f({ offered: 106, booked: 9, served: 7, noAnswer: 1, cancelled: 3, fillRate: 9 / 106, noAnswerRate: 1 / 8, calls: 7, meanCallSec: 3102 / 7, p90CallSec: 601, overrunRate: 3 / 7, contacts: 4 });
    expect(r.body.children).toEqual([
      { level: 'province', id: 'TT', name: 'Prova', ...TT },
      { level: 'province', id: 'UU', name: 'Altra', ...f({ offered: 30, booked: 2, noAnswer: 1, fillRate: 2 / 30, noAnswerRate: 1, calls: 1, meanCallSec: 30, p90CallSec: 30, contacts: 1 }) },
    ]);
    const p = await get(`/api/monitoring/history?${range}&scope=province:TT`);
    expect(p.body.scope.parents).toEqual([{ level: 'region', id: 'LOM', name: 'Lombardia', open: true }]);
    // An office counts the contacts that name one of its bookings (1), not the province's.
    expect(p.body.children).toEqual([{ level: 'office', id: desks.A.officeId, name: 'Sede TT01', ...TT, contacts: 1 }]);
    const o = await get(`/api/monitoring/history?${range}&scope=office:${desks.A.officeId}`);
    expect(o.body.children).toEqual([
      { level: 'desk', id: desks.A.deskId, name: 'Sportello A', ...f({ offered: 70, booked: 7, served: 5, noAnswer: 1, cancelled: 2, fillRate: 0.1, noAnswerRate: 1 / 6, calls: 5, meanCallSec: 380.2, p90CallSec: 500, overrunRate: 0.4, contacts: 1 }) },
      { level: 'desk', id: desks.B.deskId, name: 'Sportello B', ...f({ offered: 36, booked: 2, served: 2, cancelled: 1, fillRate: 2 / 36, calls: 2, meanCallSec: 600.5, p90CallSec: 601, overrunRate: 0.5 }) },
    ]);
    const d = await get(`/api/monitoring/history?${range}&scope=desk:${desks.B.deskId}`);
    expect(d.body.children).toEqual([]);
    expect(d.body.rows.map((x: { booked: number }) => x.booked)).toEqual([0, 0, 0, 2, 0, 0]);
  });

  it('slot-length report per desk', async () => {
    const r = await get('/api/monitoring/slot-length?from=2026-03-27&to=2026-04-01');
    expect(r.status).toBe(200);
    const [a, b, c] = r.body.desks;
    expect(a).toEqual({
      deskId: desks.A.deskId, deskName: 'Sportello A', officeName: 'Sede TT01', slotMinutes: 8,
      calls: 5, meanSec: 380.2, p50Sec: 420, p90Sec: 500, overrunShare: 0.4, minutesCovering90: 9,
      histogram: [0, 0, 0, 1, 0, 1, 0, 1, 2].map((count, i) => ({ fromMin: i, toMin: i + 1, count })),
    });
    expect(b).toMatchObject({ slotMinutes: 10, calls: 2, p50Sec: 600, p90Sec: 601, overrunShare: 0.5, minutesCovering90: 11 });
    expect(b.histogram).toHaveLength(11);
    expect(b.histogram[10]).toEqual({ fromMin: 10, toMin: 11, count: 2 });
    expect(c).toMatchObject({ calls: 1, p90Sec: 30, overrunShare: 0, minutesCovering90: 1, histogram: [{ fromMin: 0, toMin: 1, count: 1 }] });
  });

  it('scopes: default to the grant, 403 outside it, 404 unknown, 400 malformed or too long', async () => {
    const como = await s.as('urp.uu', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'UU' } }]);
    const mine = await get('/api/monitoring/live', como);
    expect(mine.body.scope).toMatchObject({ level: 'province', id: 'UU' });
    expect(mine.body.figures.offered).toBe(5);
    expect((await get('/api/monitoring/live?scope=province:TT', como)).body.code).toBe('forbidden');
    expect((await get('/api/monitoring/live?scope=region:LOM', como)).status).toBe(403);
    expect((await get(`/api/monitoring/history?from=2026-03-27&to=2026-04-01&scope=desk:${desks.A.deskId}`, como)).status).toBe(403);
    const admin = await s.as('admin.tt01', [{ role: 'office_admin', scope: { kind: 'office', code: 'TT01' } }]);
    expect((await get('/api/monitoring/live', admin)).body.scope).toMatchObject({ level: 'office', id: desks.A.officeId });
    expect((await get('/api/monitoring/live?scope=province:ZZ')).body).toMatchObject({ status: 404, code: 'scope_not_found' });
    expect((await get('/api/monitoring/live?scope=office:00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/api/monitoring/live?scope=nation:IT')).body).toMatchObject({ status: 400, code: 'invalid_request' });
    expect((await get('/api/monitoring/history?from=2025-01-01&to=2026-04-01')).body).toMatchObject({ status: 400, code: 'range_too_long' });
    expect((await get('/api/monitoring/history?from=2026-04-02&to=2026-04-01')).status).toBe(400);
  });

  it('daily rollups give the same figures as the raw tables', async () => {
    const paths = [
      '/api/monitoring/history?from=2026-03-27&to=2026-04-01&granularity=day',
      '/api/monitoring/history?from=2026-03-27&to=2026-04-01&granularity=week',
      `/api/monitoring/history?from=2026-03-20&to=2026-04-01&granularity=month&scope=office:${desks.A.officeId}`,
      `/api/monitoring/history?from=2026-03-27&to=2026-04-01&scope=desk:${desks.A.deskId}`,
      '/api/monitoring/slot-length?from=2026-03-27&to=2026-04-01',
    ];
    const raw = await Promise.all(paths.map((p) => get(p)));
    const rolled = await rollUpDays(s.deps, '2026-03-25', '2026-03-31');
    expect(rolled.days).toBe(7);
    const state = await db.query<{ a: string; b: string }>("SELECT to_char(rolled_from, 'YYYY-MM-DD') AS a, to_char(rolled_through, 'YYYY-MM-DD') AS b FROM monitoring_rollup_state");
    expect(state.rows[0]).toEqual({ a: '2026-03-25', b: '2026-03-31' });
    const day = await db.query<{ offered: number; booked: number; calls: number; overrun: number }>(
      "SELECT sum(offered)::int AS offered, sum(booked)::int AS booked, sum(calls)::int AS calls, sum(overrun)::int AS overrun FROM monitoring_day WHERE day BETWEEN '2026-03-27' AND '2026-03-31'");
    expect(day.rows[0]).toEqual({ offered: 115, booked: 9, calls: 7, overrun: 3 });
    const after = await Promise.all(paths.map((p) => get(p)));
    for (let i = 0; i < paths.length; i++) expect(after[i]!.body, paths[i]).toEqual(raw[i]!.body);
    // The rolled-up days are read from the rollups: a row changed there shows (and is put back).
    await db.query("UPDATE monitoring_day SET booked = booked + 100 WHERE desk_id = $1 AND day = '2026-03-30'", [desks.B.deskId]);
    const changed = await get(paths[0]!);
    expect(changed.body.rows[3].booked).toBe(102);
    await rollUpDays(s.deps, '2026-03-30', '2026-03-30');
    expect((await get(paths[0]!)).body).toEqual(raw[0]!.body);
  });
});
