import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { startDrawerServer, type DrawerServer, type User } from './drawer-support.js';

/**
 * The drawer's subject tree kept by the regional administrator (docs/drawer.md), over HTTP on
 * both databases: a new area and subject reach the consultants' form and route a request with
 * the subject's SLA and desk; renames and a new SLA apply; a subject named by a request cannot be
 * deleted, an unused one can; shapes and duplicates are refused with problem+json; nobody else
 * may change the tree.
 */
describe.each(testDatabases)('the drawer subject tree on $name', (database) => {
  let s: DrawerServer;
  let region: User;
  let officeAdmin: User;
  let consultant: User;
  let company: string;

  beforeAll(async () => {
    s = await startDrawerServer(database);
    region = await s.user('sub.region', [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }]);
    officeAdmin = await s.user('sub.admin-mi', [{ role: 'office_admin', scope: { kind: 'office', code: 'MI01' } }]);
    consultant = await s.user('sub.consulente', [{ role: 'labour_consultant', scope: { kind: 'province', code: 'MI' } }]);
    company = await s.company('5900112233', 'Argomenti srl', 'MI01', [consultant.id]);
  }, 120_000);
  afterAll(async () => s?.close());

  it('adds an area and a subject that consultants then use, with its SLA and desk', async () => {
    const before = await region.get('/api/staff/drawer/subjects');
    expect(before.status).toBe(200);
    expect(before.body.regionCode).toBe('LOM');
    const area = await region.post('/api/staff/drawer/subjects', { key: 'sostegno-reddito', it: 'Sostegno al reddito', en: 'Income support' });
    expect(area.status, JSON.stringify(area.body)).toBe(201);
    expect(area.body).toMatchObject({ level: 1, parentId: null, regionCode: 'LOM', slaDays: null, threads: 0 });
    const desk = (await s.db.query<{ key: string }>("SELECT d.key FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'MI01' ORDER BY d.number LIMIT 1")).rows[0]!.key;
    const leaf = await region.post('/api/staff/drawer/subjects', { parentId: area.body.id, key: 'cig-ordinaria', it: 'Cassa integrazione ordinaria', en: 'Ordinary wage guarantee', slaDays: 7, deskKey: desk });
    expect(leaf.status, JSON.stringify(leaf.body)).toBe(201);
    expect(leaf.body).toMatchObject({ level: 2, parentId: area.body.id, slaDays: 7, deskKey: desk });

    const tree = (await consultant.get('/api/drawer/subjects')).body.items;
    const shown = tree.find((a: any) => a.id === area.body.id);
    expect(shown.subjects).toEqual([expect.objectContaining({ id: leaf.body.id, it: 'Cassa integrazione ordinaria', slaDays: 7 })]);
    const made = await consultant.post('/api/drawer/threads', { companyId: company, subjectId: leaf.body.id, title: 'CIGO di marzo', body: 'Domanda di cassa integrazione ordinaria.' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const routed = (await s.db.query<{ desk_key: string | null }>('SELECT d.key AS desk_key FROM drawer_thread t LEFT JOIN desk d ON d.id = t.desk_id WHERE t.id = $1', [made.body.id])).rows[0]!;
    expect(routed.desk_key).toBe(desk);

    // Renamed, a new SLA, no desk: what the consultants see; the request keeps its subject.
    const changed = await region.send('PATCH', `/api/staff/drawer/subjects/${leaf.body.id}`, { it: 'CIG ordinaria', slaDays: 5, deskKey: null });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ it: 'CIG ordinaria', en: 'Ordinary wage guarantee', slaDays: 5, deskKey: null, threads: 1 });
    const again = (await consultant.get('/api/drawer/subjects')).body.items.find((a: any) => a.id === area.body.id);
    expect(again.subjects[0]).toMatchObject({ it: 'CIG ordinaria', slaDays: 5 });

    // In use: not deleted, neither it nor its area.
    for (const id of [leaf.body.id, area.body.id]) {
      const refused = await region.send('DELETE', `/api/staff/drawer/subjects/${id}`);
      expect([refused.status, refused.body.code]).toEqual([409, 'subject_in_use']);
      expect(refused.body.messages.en).toMatch(/renamed/);
    }
  });

  it('deletes an unused subject; refuses bad shapes, duplicates and strangers', async () => {
    const area = await region.post('/api/staff/drawer/subjects', { key: 'prova-area', it: 'Area di prova', en: 'Test area' });
    const leaf = await region.post('/api/staff/drawer/subjects', { parentId: area.body.id, key: 'prova', it: 'Prova', en: 'Test', slaDays: 3 });
    expect(leaf.status).toBe(201);
    const dup = await region.post('/api/staff/drawer/subjects', { parentId: area.body.id, key: 'prova', it: 'Doppione', en: 'Duplicate', slaDays: 3 });
    expect([dup.status, dup.body.code]).toEqual([409, 'subject_exists']);
    const noSla = await region.post('/api/staff/drawer/subjects', { parentId: area.body.id, key: 'senza-sla', it: 'Senza', en: 'Without' });
    expect([noSla.status, noSla.body.code]).toEqual([422, 'sla_required']);
    const areaSla = await region.post('/api/staff/drawer/subjects', { key: 'area-sla', it: 'Area', en: 'Area', slaDays: 4 });
    expect([areaSla.status, areaSla.body.code]).toEqual([422, 'area_without_sla']);
    const deep = await region.post('/api/staff/drawer/subjects', { parentId: leaf.body.id, key: 'terzo', it: 'Terzo', en: 'Third', slaDays: 2 });
    expect([deep.status, deep.body.code]).toEqual([422, 'invalid_parent']);
    const badKey = await region.post('/api/staff/drawer/subjects', { key: '../x', it: 'X', en: 'X' });
    expect(badKey.status).toBe(400);
    const otherRegion = await region.post('/api/staff/drawer/subjects', { regionCode: 'LAZ', key: 'altrove', it: 'Altrove', en: 'Elsewhere' });
    expect(otherRegion.status).toBe(403);
    expect((await region.send('PATCH', `/api/staff/drawer/subjects/${area.body.id}`, { slaDays: 3 })).body.code).toBe('area_without_sla');

    // Nobody but the regional administrator.
    expect((await officeAdmin.get('/api/staff/drawer/subjects')).status).toBe(403);
    expect((await officeAdmin.send('PATCH', `/api/staff/drawer/subjects/${leaf.body.id}`, { it: 'Furto' })).status).toBe(403);
    expect((await consultant.send('DELETE', `/api/staff/drawer/subjects/${leaf.body.id}`)).status).toBe(403);

    expect((await region.send('DELETE', `/api/staff/drawer/subjects/${area.body.id}`)).status).toBe(204);
    const gone = (await region.get('/api/staff/drawer/subjects')).body.items.map((x: any) => x.id);
    expect(gone).not.toContain(area.body.id);
    expect(gone).not.toContain(leaf.body.id); // with its area
    expect((await region.send('DELETE', `/api/staff/drawer/subjects/${leaf.body.id}`)).status).toBe(404);
  });
});
