// The two-way drawer on both databases: a request's whole life (registered, routed, taken in
// charge, answered, internal notes, closed), notices queued, who sees what (a consultant
// never sees another's company; a revoked delegation shuts the door), protocol numbers under
// concurrency, search and SLA figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailChannel } from '../../src/notifications/channels/email.js';
import { NotificationWorker } from '../../src/notifications/worker.js';
import { testDatabases } from '../support/databases.js';
import { startSmtp } from './notifications-support.js';
import { startDrawerServer, subjectId, type DrawerServer, type User } from './drawer-support.js';

describe.each(testDatabases)('drawer on $name', (database) => {
  let s: DrawerServer;
  let alice: User; // consultant of company A
  let bruno: User; // another consultant (company B)
  let opMi: User; // desk operator, office MI01
  let opCo: User; // desk operator, office CO01
  let adminMi: User;
  let urp: User;
  let companyA: string;
  let companyB: string;
  let uniemens: string;

  beforeAll(async () => {
    s = await startDrawerServer(database);
    await s.db.query(`UPDATE notification_channel SET enabled = true WHERE channel = 'email'`);
    alice = await s.user('d.alice', [{ role: 'labour_consultant', scope: { kind: 'province', code: 'MI' } }], 'studio.alice@pec.example.it');
    bruno = await s.user('d.bruno', [{ role: 'labour_consultant', scope: { kind: 'province', code: 'MI' } }], 'bruno@example.it');
    opMi = await s.user('d.op-mi', [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }]);
    opCo = await s.user('d.op-co', [{ role: 'desk_operator', scope: { kind: 'office', code: 'CO01' } }]);
    adminMi = await s.user('d.admin-mi', [{ role: 'office_admin', scope: { kind: 'office', code: 'MI01' } }]);
    urp = await s.user('d.urp-mi', [{ role: 'urp_monitor', scope: { kind: 'province', code: 'MI' } }]);
    companyA = await s.company('1234567890', 'Officine Alfa srl', 'MI01', [alice.id]);
    companyB = await s.company('2234567890', 'Beta spa', 'MI01', [bruno.id]);
    uniemens = await subjectId(s.db, 'uniemens');
  }, 120_000);
  afterAll(async () => s?.close());

  it('lives a whole request: registered, routed, taken in charge, answered, noted, closed', async () => {
    const subjects = await alice.get('/api/drawer/subjects');
    expect(subjects.status).toBe(200);
    expect(subjects.body.items.length).toBeGreaterThanOrEqual(3);
    expect(subjects.body.items.every((a: any) => a.subjects.length > 0)).toBe(true);

    const mine = await alice.get('/api/drawer/companies');
    expect(mine.body.items.map((c: any) => c.matricola)).toEqual(['1234567890']);

    const made = await alice.post('/api/drawer/threads', { companyId: companyA, subjectId: uniemens, title: 'Denuncia di marzo scartata', body: 'La denuncia UniEmens di marzo risulta scartata: potete verificare?' });
    expect(made.status).toBe(201);
    expect(made.body.protocol).toMatch(/^MI01-\d{4}-000001$/);
    const id = made.body.id as string;

    const queue = await opMi.get('/api/staff/drawer/threads?state=open');
    expect(queue.status).toBe(200);
    const row = queue.body.items.find((t: any) => t.id === id);
    expect(row).toMatchObject({ state: 'open', office: { code: 'MI01' }, company: { matricola: '1234567890' }, overdue: false });
    expect(row.desk?.it).toMatch(/assicurato/i); // routed to the desk the subject names
    expect(new Date(row.dueAt).getTime()).toBeGreaterThan(new Date(row.registeredAt).getTime());

    expect((await opMi.post(`/api/staff/drawer/threads/${id}/assign`, {})).body).toEqual({ state: 'in_charge', assigneeId: opMi.id });
    expect((await opMi.post(`/api/staff/drawer/threads/${id}/messages`, { body: 'Il consulente ha già scritto a marzo: verificare il flusso.', internal: true })).status).toBe(201);
    expect((await opMi.post(`/api/staff/drawer/threads/${id}/messages`, { body: 'Abbiamo riaperto la denuncia: reinviatela entro venerdì.' })).status).toBe(201);
    expect((await alice.post(`/api/drawer/threads/${id}/messages`, { body: 'Reinviata, grazie.' })).status).toBe(201);

    const seen = await alice.get(`/api/drawer/threads/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.state).toBe('in_charge');
    expect(seen.body.messages.map((m: any) => m.body)).toEqual([
      'La denuncia UniEmens di marzo risulta scartata: potete verificare?', 'Abbiamo riaperto la denuncia: reinviatela entro venerdì.', 'Reinviata, grazie.',
    ]);
    expect(JSON.stringify(seen.body)).not.toContain('verificare il flusso'); // the internal note never reaches the consultant
    expect(seen.body.assignee).toBeNull();
    expect(seen.body.messages[1].authorName).toBeNull();

    const office = await opMi.get(`/api/staff/drawer/threads/${id}`);
    expect(office.body.messages).toHaveLength(4);
    expect(office.body.messages.filter((m: any) => m.internal)).toHaveLength(1);
    expect(office.body.firstAnswerAt).not.toBeNull();

    expect((await opMi.post(`/api/staff/drawer/threads/${id}/close`, { outcome: 'resolved', note: 'Denuncia acquisita.' })).status).toBe(204);
    const closed = await alice.get(`/api/drawer/threads/${id}`);
    expect(closed.body).toMatchObject({ state: 'closed', outcome: 'resolved', outcomeNote: 'Denuncia acquisita.' });
    const late = await alice.post(`/api/drawer/threads/${id}/messages`, { body: 'Ancora una cosa' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('thread_closed');
    expect((await opMi.post(`/api/staff/drawer/threads/${id}/close`, { outcome: 'rejected' })).body.code).toBe('thread_closed');

    // Notices to the consultant's (PEC) address, through the queue: registered, in charge, answered, closed.
    const jobs = await s.db.query<{ kind: string }>('SELECT kind FROM notification_job WHERE drawer_thread_id = $1 ORDER BY created_at', [id]);
    expect(jobs.rows.map((j) => j.kind)).toEqual(['drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed']);
    // And the staff read was audited.
    const audit = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'staff.drawer.read' AND actor_id = $1 AND outcome = 'success'`, [opMi.id]);
    expect(audit.rows[0]!.n).toBeGreaterThan(0);
  });

  it('sends the notices by e-mail through the notification worker, without internal notes', async () => {
    const smtp = await startSmtp();
    const worker = new NotificationWorker({
      db: s.db, adapters: { email: emailChannel({ url: smtp.url, from: 'INPS Sportello <noreply@sportello.test>' }) },
      publicUrl: 'https://sportello.example', now: s.now,
    });
    try {
      await worker.drain();
      const mails = smtp.messages.filter((m) => (m.to && 'text' in m.to ? m.to.text : '').includes('studio.alice@pec.example.it'));
      const bySubject = (p: RegExp) => mails.find((m) => p.test(m.subject ?? ''))!;
      expect(mails.map((m) => (m.subject ?? '').replace(/ – .*/, '')).sort()).toEqual(['Nuova risposta', 'Richiesta chiusa', 'Richiesta presa in carico', 'Richiesta registrata']);
      expect(bySubject(/^Richiesta registrata/).subject).toMatch(/protocollo MI01-\d{4}-000001$/);
      expect(bySubject(/^Richiesta chiusa/).text).toContain('Esito: risolta');
      expect(bySubject(/^Richiesta registrata/).text).toContain('Officine Alfa srl (matricola 1234567890)');
      expect(bySubject(/^Nuova risposta/).text).toMatch(/https:\/\/sportello\.example\/cassetto\/pratiche\/[0-9a-f-]{36}/);
      for (const m of mails) expect(m.text).not.toContain('verificare il flusso');
      const states = await s.db.query<{ state: string }>('SELECT DISTINCT state FROM notification_job WHERE drawer_thread_id IS NOT NULL');
      expect(states.rows).toEqual([{ state: 'sent' }]);
      // The notification admin sees them too, named by the protocol number.
      const admin = await s.user('d.region', [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }]);
      const listed = await admin.get('/api/staff/notifications/jobs?state=sent&limit=50');
      expect(listed.status).toBe(200);
      expect(listed.body.items.filter((j: any) => j.kind.startsWith('drawer_')).map((j: any) => j.bookingCode)).toEqual(Array(4).fill(expect.stringMatching(/^MI01-\d{4}-000001$/)));
    } finally {
      await worker.close();
      await smtp.close();
    }
  });

  it('never shows a consultant another consultant’s company, nor another office its queue', async () => {
    const t = await alice.post('/api/drawer/threads', { companyId: companyA, subjectId: uniemens, title: 'Rateazione', body: 'Chiediamo una rateazione.' });
    expect(t.status).toBe(201);
    const theirs = await bruno.get(`/api/drawer/threads/${t.body.id}`);
    expect(theirs.status).toBe(403);
    expect((await bruno.post(`/api/drawer/threads/${t.body.id}/messages`, { body: 'x' })).status).toBe(403);
    expect((await bruno.post('/api/drawer/threads', { companyId: companyA, subjectId: uniemens, title: 'Intrusione', body: 'x' })).status).toBe(403);
    expect((await bruno.get('/api/drawer/threads')).body.items.every((x: any) => x.company.id === companyB)).toBe(true);
    expect((await bruno.get(`/api/drawer/threads?companyId=${companyA}`)).body.items).toEqual([]);
    expect((await opCo.get(`/api/staff/drawer/threads/${t.body.id}`)).status).toBe(403);
    expect((await opCo.get('/api/staff/drawer/threads')).body.items).toEqual([]);
    expect((await opCo.post(`/api/staff/drawer/threads/${t.body.id}/assign`, {})).status).toBe(403);
    // A consultant may not use the office's routes at all.
    expect((await alice.get(`/api/staff/drawer/threads/${t.body.id}`)).status).toBe(403);
    // Assigning to someone who cannot work on this office's requests is refused.
    const bad = await opMi.post(`/api/staff/drawer/threads/${t.body.id}/assign`, { assigneeId: opCo.id });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('invalid_assignee');
    // To a colleague who can: the request is theirs, in charge, and in their own queue.
    const colleague = await s.user('d.op-mi-2', [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }]);
    // The page's picker: who can work on it (the caller first), never someone of another office.
    const pick = await opMi.get(`/api/staff/drawer/threads/${t.body.id}/assignees`);
    expect(pick.status).toBe(200);
    expect(pick.body.items[0]).toMatchObject({ id: opMi.id, me: true });
    const ids = pick.body.items.map((x: any) => x.id);
    expect(ids).toEqual(expect.arrayContaining([colleague.id, adminMi.id]));
    expect(ids).not.toContain(opCo.id);
    expect(ids).not.toContain(alice.id);
    expect((await opCo.get(`/api/staff/drawer/threads/${t.body.id}/assignees`)).status).toBe(403);
    expect((await alice.get(`/api/staff/drawer/threads/${t.body.id}/assignees`)).status).toBe(403);
    const given = await opMi.post(`/api/staff/drawer/threads/${t.body.id}/assign`, { assigneeId: colleague.id });
    expect(given.status).toBe(200);
    expect(given.body).toEqual({ state: 'in_charge', assigneeId: colleague.id });
    expect((await colleague.get('/api/staff/drawer/threads?assignee=me')).body.items.map((x: any) => x.id)).toContain(t.body.id);
    expect((await opMi.get('/api/staff/drawer/threads?assignee=me')).body.items.map((x: any) => x.id)).not.toContain(t.body.id);
  });

  it('shuts the door when an office admin revokes the delegation', async () => {
    const c = await s.company('3234567890', 'Gamma snc', 'MI01', []);
    const granted = await adminMi.post('/api/staff/drawer/delegations', { companyId: c, consultantId: alice.id });
    expect(granted.status).toBe(201);
    expect((await adminMi.post('/api/staff/drawer/delegations', { companyId: c, consultantId: alice.id })).body.code).toBe('delegation_exists');
    expect((await adminMi.post('/api/staff/drawer/delegations', { companyId: c, consultantId: opMi.id })).body.code).toBe('not_a_consultant');
    const t = await alice.post('/api/drawer/threads', { companyId: c, subjectId: uniemens, title: 'Variazione', body: 'Variazione sede legale.' });
    expect(t.status).toBe(201);
    const list = await adminMi.get('/api/staff/drawer/delegations?matricola=3234567890&active=true');
    expect(list.body.items).toHaveLength(1);
    expect((await adminMi.post(`/api/staff/drawer/delegations/${granted.body.id}/revoke`)).status).toBe(204);
    expect((await adminMi.post(`/api/staff/drawer/delegations/${granted.body.id}/revoke`)).body.code).toBe('delegation_revoked');
    expect((await alice.get(`/api/drawer/threads/${t.body.id}`)).status).toBe(403);
    expect((await alice.get('/api/drawer/companies')).body.items.map((x: any) => x.id)).not.toContain(c);
    // An admin of another office cannot touch Milano's companies.
    const adminCo = await s.user('d.admin-co', [{ role: 'office_admin', scope: { kind: 'office', code: 'CO01' } }]);
    expect((await adminCo.post('/api/staff/drawer/delegations', { companyId: c, consultantId: alice.id })).status).toBe(403);
    expect((await adminCo.get('/api/staff/drawer/delegations')).body.items).toEqual([]);
    const made = await adminMi.post('/api/staff/drawer/companies', { matricola: '4234567890', name: 'Delta srl', officeId: (await s.db.query<{ id: string }>("SELECT id FROM office WHERE code = 'MI01'")).rows[0]!.id });
    expect(made.status).toBe(201);
    expect((await adminMi.post('/api/staff/drawer/companies', { matricola: '4234567890', name: 'Delta srl', officeId: (await s.db.query<{ id: string }>("SELECT id FROM office WHERE code = 'MI01'")).rows[0]!.id })).body.code).toBe('company_exists');
    // The admin screen's lists: the office's companies with their active delegations, the consultants who may get one.
    const companies = (await adminMi.get('/api/staff/drawer/companies')).body.items;
    const byMatricola = new Map(companies.map((x: any) => [x.matricola, x.activeDelegations]));
    expect(byMatricola.get('3234567890')).toBe(0); // revoked above
    expect(byMatricola.get('4234567890')).toBe(0);
    expect(byMatricola.get('1234567890')).toBe(1);
    expect(companies.every((x: any) => x.officeName.length > 0)).toBe(true);
    expect((await adminCo.get('/api/staff/drawer/companies')).body.items.map((x: any) => x.matricola)).not.toContain('1234567890');
    const consultants = (await adminMi.get('/api/staff/drawer/consultants')).body.items.map((x: any) => x.id);
    expect(consultants).toEqual(expect.arrayContaining([alice.id, bruno.id]));
    expect(consultants).not.toContain(opMi.id);
    expect((await adminCo.get('/api/staff/drawer/consultants')).body.items.map((x: any) => x.id)).not.toContain(alice.id); // their grant is Milan's
    expect((await opMi.get('/api/staff/drawer/companies')).status).toBe(403);
    expect((await alice.get('/api/staff/drawer/consultants')).status).toBe(403);
  });

  it('draws protocol numbers without gaps or repeats under concurrency', async () => {
    const c = await s.company('5234567890', 'Epsilon srl', 'MI02', [alice.id]);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      alice.post('/api/drawer/threads', { companyId: c, subjectId: uniemens, title: `Richiesta ${i}`, body: 'Testo.' })));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const numbers = results.map((r) => Number(String(r.body.protocol).slice(-6))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('searches by company, subject, state, dates and assignee, and gives SLA figures to the URP', async () => {
    const byCompany = await opMi.get('/api/staff/drawer/threads?matricola=1234567890&sort=recent');
    expect(byCompany.body.total).toBeGreaterThanOrEqual(2);
    expect(byCompany.body.items.every((t: any) => t.company.matricola === '1234567890')).toBe(true);
    const area = (await s.db.query<{ id: string }>("SELECT parent_id AS id FROM drawer_subject WHERE id = $1", [uniemens])).rows[0]!.id;
    expect((await opMi.get(`/api/staff/drawer/threads?subjectId=${area}`)).body.total).toBe((await opMi.get(`/api/staff/drawer/threads?subjectId=${uniemens}`)).body.total);
    const mineClosed = await opMi.get('/api/staff/drawer/threads?assignee=me&state=closed');
    expect(mineClosed.body.items.length).toBe(1);
    const today = new Date(s.now()).toISOString().slice(0, 10);
    const day = await opMi.get(`/api/staff/drawer/threads?from=${today}&to=${today}`);
    expect(day.body.total).toBeGreaterThan(0);
    const none = await opMi.get('/api/staff/drawer/threads?from=2001-01-01&to=2001-01-02');
    expect(none.body.total).toBe(0);
    const unassigned = await opMi.get('/api/staff/drawer/threads?assignee=none&state=open,in_charge');
    expect(unassigned.body.items.every((t: any) => t.assignee === null)).toBe(true);

    const sla = await urp.get(`/api/staff/drawer/sla?from=${today}&to=${today}`);
    expect(sla.status).toBe(200);
    expect(sla.body.total.registered).toBeGreaterThanOrEqual(3);
    expect(sla.body.total.closed).toBe(1);
    expect(sla.body.total.medianCloseHours).not.toBeNull();
    expect(sla.body.total.medianFirstAnswerHours).not.toBeNull();
    expect(sla.body.offices.map((o: any) => o.officeCode)).toContain('MI01');
    // URP reads figures, never thread contents.
    expect((await urp.get('/api/staff/drawer/threads')).status).toBe(403);
    expect((await opCo.get(`/api/staff/drawer/sla?from=${today}&to=${today}`)).status).toBe(403);
  });

  it('keeps its states whole when two operators, a close and a reply race', async () => {
    const opMi2 = await s.user('d.op-mi2', [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }]);
    const c = await s.company('8234567890', 'Corsa srl', 'MI01', [alice.id]);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await alice.post('/api/drawer/threads', { companyId: c, subjectId: uniemens, title: `Gara ${i}`, body: 'Testo.' })).body.id);
    const results = await Promise.all(ids.flatMap((id) => [
      opMi.post(`/api/staff/drawer/threads/${id}/assign`, {}),
      opMi2.post(`/api/staff/drawer/threads/${id}/assign`, {}),
      opMi.post(`/api/staff/drawer/threads/${id}/close`, { outcome: 'resolved' }),
      alice.post(`/api/drawer/threads/${id}/messages`, { body: 'Ancora io.' }),
    ]));
    expect(results.every((r) => [200, 201, 204, 409].includes(r.status))).toBe(true);
    const rows = await s.db.query<{ id: string; state: string; assignee_id: string; taken_at: Date | null; closed_at: Date | null; replies: number; in_charge: number; closed: number }>(
      `SELECT t.id, t.state, t.assignee_id, t.taken_at, t.closed_at,
              (SELECT count(*)::int FROM drawer_message m WHERE m.thread_id = t.id AND m.body = 'Ancora io.') AS replies,
              (SELECT count(*)::int FROM notification_job j WHERE j.drawer_thread_id = t.id AND j.kind = 'drawer_in_charge') AS in_charge,
              (SELECT count(*)::int FROM notification_job j WHERE j.drawer_thread_id = t.id AND j.kind = 'drawer_closed') AS closed
         FROM drawer_thread t WHERE t.id = ANY($1::uuid[])`, [ids]);
    for (const [i, id] of ids.entries()) {
      const r = rows.rows.find((x) => x.id === id)!;
      expect(r.state).toBe('closed'); // the close never loses
      expect([opMi.id, opMi2.id]).toContain(r.assignee_id);
      expect(r.taken_at).not.toBeNull();
      expect(r.closed).toBe(1);
      expect(r.in_charge).toBeLessThanOrEqual(1); // taken in charge once at most (a close may come first)
      // A reply either went in before the close (201) or was refused after it (409): never lost, never after.
      const reply = results[i * 4 + 3]!;
      expect(r.replies).toBe(reply.status === 201 ? 1 : 0);
      if (reply.status === 409) expect(reply.body.code).toBe('thread_closed');
    }
  });

  it('refuses bad input with problem+json', async () => {
    const r = await alice.post('/api/drawer/threads', { companyId: companyA, subjectId: companyA, title: 'ab', body: '' });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const area = (await s.db.query<{ id: string }>("SELECT parent_id AS id FROM drawer_subject WHERE id = $1", [uniemens])).rows[0]!.id;
    const notLeaf = await alice.post('/api/drawer/threads', { companyId: companyA, subjectId: area, title: 'Titolo', body: 'Testo' });
    expect(notLeaf.status).toBe(422);
    expect(notLeaf.body.code).toBe('invalid_subject');
    expect((await opMi.get('/api/staff/drawer/threads?state=nonsense')).status).toBe(400);
  });
});
