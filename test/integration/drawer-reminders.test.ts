// The drawer's SLA timer (issue 19 §2), on both databases: a request near its deadline gets
// one "due soon" reminder and, once past it, one "overdue" reminder, to its assignee or — not
// assigned — to the office's desk operators and admins, by e-mail through the queue; closed
// requests none; two runs at once remind once; the scheduled job runs on one instance at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindDeadlines } from '../../src/drawer/index.js';
import { buildMessage, loadContexts } from '../../src/notifications/message.js';
import { defaultTemplate } from '../../src/notifications/templates.js';
import { takeJobTurn } from '../../src/platform/job-lease.js';
import { testDatabases } from '../support/databases.js';
import { SAMPLES, startDrawerServer, subjectId, type DrawerServer, type User } from './drawer-support.js';

describe.each(testDatabases)('drawer deadline reminders on $name', (database) => {
  let s: DrawerServer;
  let consultant: User;
  let op: User;
  let op2: User;
  let companyId: string;
  let subject: string;

  beforeAll(async () => {
    s = await startDrawerServer(database);
    consultant = await s.user('rem.consulente', [{ role: 'labour_consultant', scope: { kind: 'province', code: 'MI' } }], 'studio@example.it');
    op = await s.user('rem.op1', [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }], 'op1@inps.example');
    op2 = await s.user('rem.op2', [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }], 'op2@inps.example');
    await s.user('rem.op.co', [{ role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } }], 'opco@inps.example');
    companyId = await s.company('5550001112', 'Promemoria srl', 'MI01', [consultant.id]);
    subject = await subjectId(s.db, 'uniemens');
    await s.db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'email'");
  }, 180_000);
  afterAll(async () => s?.close());

  const open = async (title: string) => {
    const r = await consultant.post('/api/drawer/threads', { companyId, subjectId: subject, title, body: 'Testo.' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const jobs = async (threadId: string) => (await s.db.query<{ id: string; staff_user_id: string; data: any }>(
    "SELECT id, staff_user_id, data FROM notification_job WHERE drawer_thread_id = $1 AND kind = 'drawer_deadline' ORDER BY created_at", [threadId])).rows;

  it('reminds the queue before the deadline and the assignee after it, each once', async () => {
    const unassigned = await open('Senza assegnatario');
    const assigned = await open('Con assegnatario');
    const closed = await open('Chiusa');
    expect((await op2.post(`/api/staff/drawer/threads/${assigned}/assign`, {})).status).toBe(200);
    expect((await op.post(`/api/staff/drawer/threads/${closed}/close`, { outcome: 'resolved' })).status).toBe(204);
    const due = (await s.db.query<{ due_at: Date }>('SELECT due_at FROM drawer_thread WHERE id = $1', [unassigned])).rows[0]!.due_at.getTime();

    // Long before: nothing.
    expect((await remindDeadlines(s.db, due - 3 * 24 * 3600_000)).reminders).toBe(0);
    // Within a day: "due soon", twice at once → once.
    const [a, b] = await Promise.all([remindDeadlines(s.db, due - 3600_000), remindDeadlines(s.db, due - 3600_000)]);
    expect(a.reminders + b.reminders).toBeGreaterThanOrEqual(2);
    const soonQueue = await jobs(unassigned);
    expect(soonQueue.map((j) => j.staff_user_id).sort()).toEqual([op.id, op2.id].sort()); // the office's operators, not Como's
    expect(soonQueue.every((j) => j.data.stage === 'due_soon')).toBe(true);
    expect((await jobs(assigned)).map((j) => j.staff_user_id)).toEqual([op2.id]);
    expect(await jobs(closed)).toEqual([]);
    // The e-mail goes to the staff member, not to the consultant.
    const ctx = (await loadContexts(s.db, [soonQueue[0]!.id])).get(soonQueue[0]!.id)!;
    expect(ctx.email).toMatch(/@inps\.example$/);
    const msg = buildMessage({ id: soonQueue[0]!.id, kind: 'drawer_deadline', channel: 'email', data: soonQueue[0]!.data }, ctx, defaultTemplate('drawer_deadline', 'it', 'email'), 'https://sportello.example');
    expect(msg.subject).toMatch(/^In scadenza: richiesta MI01-/);
    expect(msg.text).toContain(`https://sportello.example/cassetto/pratiche/${unassigned}`);

    // Again within the day: nothing new. After the deadline: "overdue", once.
    await remindDeadlines(s.db, due - 60_000);
    expect(await jobs(unassigned)).toHaveLength(2);
    await remindDeadlines(s.db, due + 60_000);
    await remindDeadlines(s.db, due + 120_000);
    const all = await jobs(assigned);
    expect(all.map((j) => j.data.stage)).toEqual(['due_soon', 'overdue']);
    const overdue = all[1]!;
    const octx = (await loadContexts(s.db, [overdue.id])).get(overdue.id)!;
    expect(buildMessage({ id: overdue.id, kind: 'drawer_deadline', channel: 'email', data: overdue.data }, octx, defaultTemplate('drawer_deadline', 'en', 'email'), undefined).subject)
      .toMatch(/^Overdue: drawer request/);
    const rows = (await s.db.query<{ stage: string; recipients: number }>('SELECT stage, recipients FROM drawer_reminder WHERE thread_id = $1 ORDER BY reminded_at', [assigned])).rows;
    expect(rows).toEqual([{ stage: 'due_soon', recipients: 1 }, { stage: 'overdue', recipients: 1 }]);
    void SAMPLES;
  });

  it('the URP exports the search as CSV: figures, no contents; another province sees none of it', async () => {
    const urp = await s.user('rem.urp', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'MI' } }]);
    const urpCo = await s.user('rem.urp.co', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'CO' } }]);
    const r = await urp.get(`/api/staff/drawer/export?matricola=5550001112`);
    expect(r.status, r.bytes.toString()).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = r.bytes.toString('utf8');
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^protocollo;sede;codice_sede;matricola;azienda/);
    expect(lines).toHaveLength(4); // header + three requests
    expect(text).toContain('Promemoria srl');
    expect(text).not.toContain('Senza assegnatario'); // titles are contents
    const other = await urpCo.get(`/api/staff/drawer/export?matricola=5550001112`);
    expect(other.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n')).toHaveLength(1);
    expect((await consultant.get('/api/staff/drawer/export')).status).toBe(403);
  });

  it('the scheduled job runs on one instance at a time (job lease)', async () => {
    expect(await takeJobTurn(s.db, 'drawer-reminders-test', 60_000, 'instance-a')).toBe(true);
    expect(await takeJobTurn(s.db, 'drawer-reminders-test', 60_000, 'instance-b')).toBe(false);
    expect(await takeJobTurn(s.db, 'drawer-reminders-test', 60_000, 'instance-a')).toBe(true);
  });
});
