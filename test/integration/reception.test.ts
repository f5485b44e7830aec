import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentitySettings } from '../../src/auth/settings.js';
import { testDatabases } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createStaff, sessionCookie } from './identity-support.js';

type Who = { cookie: string; csrf: string };

describe.each(testDatabases)('reception line on $name', (database) => {
  let server: TestServer;
  let urp: Who;
  let agent: Who;
  let agentBS: Who;
  const settings = defaultIdentitySettings();
  const call = async (method: string, path: string, who: Who, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    server = await startTestServer({ database });
    const mk = async (username: string, role: string, code: string, kind: 'province' | 'region' = 'province') =>
      sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username, grants: [{ role: role as never, scope: { kind, code } }] }) });
    urp = await mk('urp.bg', 'urp_monitor', 'BG');
    agent = await mk('agente.bg', 'reception_agent', 'BG');
    agentBS = await mk('agente.bs', 'reception_agent', 'BS');
  });
  afterAll(async () => server.close());

  it('finds answers in Italian full text: "pensioni" finds "pensione", best matches first, province and region-wide', async () => {
    const made = [];
    for (const a of [
      { title: 'Domanda di pensione di vecchiaia', body: "Si presenta online con SPID o tramite patronato. Serve l'estratto conto aggiornato.", tags: ['pensione'], provinceCode: 'BG' },
      { title: 'Cedolino', body: 'Il cedolino della pensione si scarica dal sito con SPID.', tags: [], provinceCode: 'BG' },
      { title: 'Assegno unico', body: "L'assegno unico si chiede una volta e si rinnova con l'ISEE.", tags: ['famiglia'], provinceCode: null },
      { title: 'Orari della sede di Brescia', body: 'La sede di Brescia riceve solo su prenotazione.', tags: [], provinceCode: 'BS' },
    ]) {
      const r = await call('POST', '/api/staff/answers', urp, a);
      if (a.provinceCode === 'BS' || a.provinceCode === null) {
        expect([r.status, r.body.code]).toEqual([403, 'forbidden']); // URP of Bergamo writes Bergamo's only
        const admin = await sessionCookie(server.db, settings, { userId: await createStaff(server.db, { username: `admin.${made.length}`, grants: [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }] }) });
        made.push((await call('POST', '/api/staff/answers', admin, a)).body);
      } else {
        expect(r.status).toBe(201);
        made.push(r.body);
      }
    }
    const search = async (q: string, who = agent) => (await call('GET', `/api/staff/answers?q=${encodeURIComponent(q)}`, who)).body.items.map((a: any) => a.title);
    expect(await search('pensioni')).toEqual(['Domanda di pensione di vecchiaia', 'Cedolino']);
    expect((await search('pension vecchia'))[0]).toBe('Domanda di pensione di vecchiaia'); // every word counts, any word finds
    expect(await search('assegni')).toEqual(['Assegno unico']);
    // Another province's written answer stays hidden; the office's own data (public) comes first for both.
    expect(await search('sede brescia')).toEqual(['Sede di Brescia: orari e indirizzo']);
    expect(await search('sede brescia', agentBS)).toEqual(['Sede di Brescia: orari e indirizzo', 'Orari della sede di Brescia']);
    expect(await search('&|!():*')).toEqual(expect.any(Array));
  });

  it('lets the URP edit and retire with history, and agents only read', async () => {
    const created = (await call('POST', '/api/staff/answers', urp, { title: 'NASpI: quando arriva', body: 'Il primo pagamento arriva di solito entro 30 giorni.', tags: ['naspi'], provinceCode: 'BG' })).body;
    const edited = await call('PATCH', `/api/staff/answers/${created.id}`, urp, { version: 1, body: 'Il primo pagamento arriva di solito entro un mese dalla domanda.' });
    expect([edited.status, edited.body.version]).toEqual([200, 2]);
    const stale = await call('PATCH', `/api/staff/answers/${created.id}`, urp, { version: 1, title: 'Vecchio' });
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([409, 'answer_changed', 2]);
    expect((await call('PATCH', `/api/staff/answers/${created.id}`, agent, { version: 2, title: 'Agente' })).status).toBe(403);
    expect((await call('POST', '/api/staff/answers', agent, { title: 'Agente', body: 'x', provinceCode: 'BG' })).status).toBe(403);
    const retired = await call('PATCH', `/api/staff/answers/${created.id}`, urp, { version: 2, status: 'retired' });
    expect(retired.body.status).toBe('retired');
    const history = await call('GET', `/api/staff/answers/${created.id}/history`, agent);
    expect(history.body.items.map((v: any) => `${v.version} ${v.status} ${v.changedBy}`)).toEqual(['3 retired urp.bg', '2 active urp.bg', '1 active urp.bg']);
    expect((await call('GET', '/api/staff/answers?q=naspi', agent)).body.items).toEqual([]);
    expect((await call('GET', '/api/staff/answers?q=naspi&status=retired', urp)).body.items.map((a: any) => a.id)).toEqual([created.id]);
    expect((await call('GET', '/api/staff/answers?status=retired', agent)).status).toBe(403);
    expect((await call('GET', `/api/staff/answers/${created.id}`, agent)).body.version).toBe(3);
    const back = await call('PATCH', `/api/staff/answers/${created.id}`, urp, { version: 3, status: 'active' });
    expect([back.body.status, back.body.version]).toEqual(['active', 4]);
  });

  it('logs contacts in one request each, and sums up the day for the agent and for the URP', async () => {
    const answer = (await call('GET', '/api/staff/answers?q=cedolino', agent)).body.items[0];
    const logs = [
      { reason: 'booked', bookingCode: 'BG01-1-7KQ3X', durationSeconds: 95 },
      { reason: 'short_answer', shortAnswerId: answer.id, durationSeconds: 40 },
      { reason: 'short_answer', shortAnswerId: answer.id, durationSeconds: 50 },
      { reason: 'redirected', durationSeconds: 15, note: 'Chiede del bollo auto: ACI' },
    ];
    for (const l of logs) expect((await call('POST', '/api/staff/contacts', agent, l)).status).toBe(201);
    // A retry with the same key logs the call once.
    const retry = async () => (await fetch(server.url + '/api/staff/contacts', {
      method: 'POST', headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': 'application/json', 'idempotency-key': 'contact-retry-01' },
      body: JSON.stringify({ reason: 'other', durationSeconds: 5 }),
    })).json();
    expect((await retry()).id).toBe((await retry()).id);
    await server.db.query("DELETE FROM reception_contact WHERE reason = 'other'");
    const bad = await call('POST', '/api/staff/contacts', agent, { reason: 'short_answer', durationSeconds: 10 });
    expect([bad.status, bad.body.code]).toEqual([422, 'answer_required']);
    const mine = (await call('GET', '/api/staff/contacts/mine', agent)).body;
    expect([mine.total, mine.totalSeconds, mine.averageSeconds, mine.byReason.short_answer, mine.byReason.booked]).toEqual([4, 200, 50, 2, 1]);
    expect(mine.answers).toEqual([{ id: answer.id, title: 'Cedolino', uses: 2 }]);
    const forUrp = (await call('GET', '/api/staff/contacts/summary', urp)).body;
    expect([forUrp.total, forUrp.agents.map((a: any) => a.username)]).toEqual([4, ['agente.bg']]);
    expect((await call('GET', '/api/staff/contacts/summary?province=BS', urp)).status).toBe(403);
    expect((await call('GET', '/api/staff/contacts/summary', agent)).status).toBe(403);
  });
});
