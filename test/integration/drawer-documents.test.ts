// Documents that travel safely, on both databases: accepted types read from the content,
// SHA-256 stored, names cleaned, downloads as attachments; every abuse refused with
// problem+json and nothing written; the ClamAV hook (a tiny local clamd speaking INSTREAM):
// clean files stored as scanned, infected ones refused, and no upload while it is unreachable.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { SAMPLES, startDrawerServer, subjectId, type DrawerServer, type User } from './drawer-support.js';

const MAX = 64 * 1024;
const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');

/** A clamd that reads INSTREAM chunks and answers FOUND when the stream holds the EICAR string. */
async function fakeClamd(): Promise<{ url: string; streams: number; close(): Promise<void> }> {
  const state = { streams: 0 };
  const server: Server = createServer((socket) => {
    let buf = Buffer.alloc(0);
    let commandRead = false;
    const data: Buffer[] = [];
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!commandRead) {
        const end = buf.indexOf(0);
        if (end === -1) return;
        if (buf.subarray(0, end).toString() !== 'zINSTREAM') return void socket.end('UNKNOWN COMMAND\0');
        buf = buf.subarray(end + 1);
        commandRead = true;
      }
      while (buf.length >= 4) {
        const len = buf.readUInt32BE(0);
        if (len === 0) {
          state.streams++;
          const all = Buffer.concat(data);
          socket.end(all.includes(EICAR) ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
          return;
        }
        if (buf.length < 4 + len) return;
        data.push(buf.subarray(4, 4 + len));
        buf = buf.subarray(4 + len);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `tcp://127.0.0.1:${port}`,
    get streams() { return state.streams; },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.each(testDatabases)('drawer documents on $name', (database) => {
  let s: DrawerServer;
  let alice: User;
  let op: User;
  let companyId: string;
  let subject: string;
  let clamd: Awaited<ReturnType<typeof fakeClamd>>;
  let scanned: DrawerServer;
  let scannedAlice: User;
  let scannedCompany: string;

  const counts = async (db = s.db) => (await db.query<{ t: number; m: number; a: number }>(
    'SELECT (SELECT count(*)::int FROM drawer_thread) AS t, (SELECT count(*)::int FROM drawer_message) AS m, (SELECT count(*)::int FROM drawer_attachment) AS a')).rows[0]!;

  beforeAll(async () => {
    s = await startDrawerServer(database, { documents: { maxBytes: MAX } });
    alice = await s.user('f.alice', [{ role: 'labour_consultant', scope: { kind: 'province', code: 'MI' } }]);
    op = await s.user('f.op', [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }]);
    companyId = await s.company('6234567890', 'Zeta srl', 'MI01', [alice.id]);
    subject = await subjectId(s.db, 'durc');
    clamd = await fakeClamd();
    scanned = await startDrawerServer(database, { documents: { maxBytes: MAX, clamdUrl: clamd.url } });
    scannedAlice = await scanned.user('f.alice2', [{ role: 'labour_consultant', scope: { kind: 'province', code: 'MI' } }]);
    scannedCompany = await scanned.company('7234567890', 'Eta srl', 'MI01', [scannedAlice.id]);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await scanned?.close();
    await clamd?.close();
  });

  const fields = () => ({ companyId, subjectId: subject, title: 'DURC irregolare', body: 'In allegato le quietanze.' });

  it('stores accepted documents with their SHA-256 and serves them as attachments', async () => {
    const r = await alice.upload('/api/drawer/threads', fields(), [
      { name: 'quietanza marzo.pdf', bytes: SAMPLES.pdf },
      { name: 'scansione.png', bytes: SAMPLES.png },
      { name: 'foto', bytes: SAMPLES.jpeg }, // no extension: the type's is added
      { name: 'contratto.pdf.p7m', bytes: SAMPLES.p7m },
      { name: 'Modello <F24>.pdf', bytes: SAMPLES.pdf },
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const t = await alice.get(`/api/drawer/threads/${r.body.id}`);
    const docs = t.body.messages[0].attachments;
    expect(docs.map((d: any) => [d.name, d.mediaType])).toEqual([
      ['quietanza marzo.pdf', 'application/pdf'], ['scansione.png', 'image/png'], ['foto.jpg', 'image/jpeg'],
      ['contratto.pdf.p7m', 'application/pkcs7-mime'], ['Modello _F24_.pdf', 'application/pdf'],
    ]);
    expect(docs[0].sha256).toBe(createHash('sha256').update(SAMPLES.pdf).digest('hex'));
    const dl = await alice.get(`/api/drawer/attachments/${docs[1].id}`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="scansione.png"; filename*=UTF-8''scansione.png`);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.bytes.equals(SAMPLES.png)).toBe(true);
    const staffDl = await op.get(`/api/staff/drawer/attachments/${docs[0].id}`);
    expect(staffDl.bytes.equals(SAMPLES.pdf)).toBe(true);
    // A document of an internal note stays with the office.
    const note = await op.upload(`/api/staff/drawer/threads/${r.body.id}/messages`, { body: 'Verifica interna', internal: 'true' }, [{ name: 'appunto.pdf', bytes: SAMPLES.pdf }]);
    expect(note.status).toBe(201);
    const noteDoc = (await op.get(`/api/staff/drawer/threads/${r.body.id}`)).body.messages[1].attachments[0];
    expect((await alice.get(`/api/drawer/attachments/${noteDoc.id}`)).status).toBe(404);
    expect((await op.get(`/api/staff/drawer/attachments/${noteDoc.id}`)).status).toBe(200);
    const scan = await s.db.query<{ scanned_by: string }>('SELECT DISTINCT scanned_by FROM drawer_attachment');
    expect(scan.rows).toEqual([{ scanned_by: 'none' }]);
  });

  it.each([
    ['too many files', () => Array.from({ length: 6 }, (_, i) => ({ name: `doc${i}.pdf`, bytes: SAMPLES.pdf })), 422, 'too_many_files'],
    ['an oversize file', () => [{ name: 'grande.pdf', bytes: Buffer.concat([SAMPLES.pdf, Buffer.alloc(MAX)]) }], 413, 'file_too_large'],
    ['a zip named .pdf', () => [{ name: 'fattura.pdf', bytes: SAMPLES.zip }], 415, 'file_type_not_allowed'],
    ['a PNG named .pdf', () => [{ name: 'fattura.pdf', bytes: SAMPLES.png }], 415, 'file_type_mismatch'],
    ['an executable', () => [{ name: 'setup.pdf', bytes: Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(200)]) }], 415, 'file_type_not_allowed'],
    ['a zip hidden in a PNG', () => [{ name: 'foto.png', bytes: Buffer.concat([SAMPLES.png, SAMPLES.zip]) }], 422, 'nested_archive'],
    ['a zip signed as P7M', () => [{ name: 'busta.p7m', bytes: Buffer.concat([SAMPLES.p7m, SAMPLES.zip]) }], 422, 'nested_archive'],
    ['a PDF carrying files', () => [{ name: 'pacco.pdf', bytes: Buffer.from('%PDF-1.7\n<< /Type /EmbeddedFile >>\n%%EOF') }], 422, 'nested_archive'],
    ['a path name', () => [{ name: '../../etc/passwd.pdf', bytes: SAMPLES.pdf }], 422, 'bad_file_name'],
    ['a hidden name', () => [{ name: '.htaccess', bytes: SAMPLES.pdf }], 422, 'bad_file_name'],
    ['an empty file', () => [{ name: 'vuoto.pdf', bytes: Buffer.alloc(0) }], 422, 'empty_file'],
  ])('refuses %s, storing nothing', async (_what, files, status, code) => {
    const before = await counts();
    const good = { name: 'buono.pdf', bytes: SAMPLES.pdf };
    const r = await alice.upload('/api/drawer/threads', fields(), [good, ...files()].slice(0, 7));
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.code).toBe(code);
    expect(r.body.messages.it).toBeTruthy();
    expect(r.body.messages.en).toBeTruthy();
    expect(await counts()).toEqual(before);
  });

  it('refuses unknown form fields and files in the wrong field', async () => {
    const before = await counts();
    expect((await alice.upload('/api/drawer/threads', { ...fields(), extra: 'x' }, [])).body.code).toBe('unknown_field');
    expect((await alice.upload('/api/drawer/threads', fields(), [{ name: 'a.pdf', bytes: SAMPLES.pdf, field: 'other' }])).body.code).toBe('unknown_field');
    expect(await counts()).toEqual(before);
  });

  it('scans with clamd when configured: clean stored as scanned, infected refused', async () => {
    const f = { companyId: scannedCompany, subjectId: await subjectId(scanned.db, 'durc'), title: 'Con antivirus', body: 'Documenti.' };
    const ok = await scannedAlice.upload('/api/drawer/threads', f, [{ name: 'a.pdf', bytes: SAMPLES.pdf }]);
    expect(ok.status).toBe(201);
    expect((await scanned.db.query<{ scanned_by: string }>('SELECT scanned_by FROM drawer_attachment')).rows).toEqual([{ scanned_by: 'clamav' }]);
    expect(clamd.streams).toBe(1);
    const before = await counts(scanned.db);
    const bad = await scannedAlice.upload('/api/drawer/threads', f, [{ name: 'b.pdf', bytes: Buffer.concat([SAMPLES.pdf, EICAR]) }]);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('file_infected');
    expect(await counts(scanned.db)).toEqual(before);
  });

  it('refuses uploads while the scanner is unreachable', async () => {
    await clamd.close();
    const before = await counts(scanned.db);
    const f = { companyId: scannedCompany, subjectId: await subjectId(scanned.db, 'durc'), title: 'Senza antivirus', body: 'Documenti.' };
    const r = await scannedAlice.upload('/api/drawer/threads', f, [{ name: 'a.pdf', bytes: SAMPLES.pdf }]);
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('scanner_unavailable');
    expect(await counts(scanned.db)).toEqual(before);
  });
});
