/**
 * `npm run bench:drawer [-- --pglite]`: the two-way drawer at size. On a scratch database of the
 * local PostgreSQL server (PGlite in-process with --pglite): 10,000 requests across the demo
 * offices (a third of them in Milano's office), 30,000 stored documents (2 KB each), then
 *   - the office queue of Milano's operator (open and in charge, nearest deadline first),
 *   - searches (matricola, area, dates, assignee, protocol, closed by recency; the region's admin too),
 *   - uploads of a 10 MB PDF through the real multipart route (stored in PostgreSQL as bytea),
 * over HTTP against the real server. JSON last line: queueP99Ms, searchP99Ms, uploadMBps; ok when
 * both p99 < 100 ms and the upload ≥ 50 MB/s.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { seedDemo } from '../src/app.js';
import { bookingDeps, deriveBookingSecret } from '../src/booking/deps.js';
import { buildServer } from '../src/http/server.js';
import { createSession } from '../src/auth/sessions.js';
import { defaultIdentitySettings, DEV_AUTH_SECRET } from '../src/auth/settings.js';
import { createUser, replaceGrants, resolveGrantRefs } from '../src/users/staff.repository.js';
import type { GrantRef } from '../src/users/role-mapping.js';
import { migrate } from '../src/storage/migrate.js';
import { openPglite } from '../src/storage/pglite.js';
import { openPostgres } from '../src/storage/postgres.js';
import type { Db } from '../src/storage/db.js';
import { hiddenContent } from '../src/domain/documents/attachment.js';
import { threadPageSql } from '../src/drawer/drawer.repository.js';
import { latencySummary, MACHINE, onCleanup, pool, round1, runBench, scratchDatabase, waitForQuiet } from './support.js';

const PGLITE = process.argv.includes('--pglite');
const THREADS = Number(process.env.BENCH_DRAWER_THREADS ?? 10_000);
const ATTACHMENTS = Number(process.env.BENCH_DRAWER_ATTACHMENTS ?? 30_000);
const QUEUE_REQUESTS = 400;
/** Requests in flight at once (a few staff members at the same time). */
const CONCURRENCY = Number(process.env.BENCH_DRAWER_CONCURRENCY ?? 2);
const SEARCH_REQUESTS = 600;
const UPLOADS = 5;
const UPLOAD_BYTES = 10 * 1024 * 1024;

async function user(db: Db, username: string, grants: GrantRef[]): Promise<string> {
  return db.transaction(async (tx) => {
    const id = await createUser(tx, { username, displayName: username, passwordHash: null, totpSecret: null });
    await replaceGrants(tx, id, (await resolveGrantRefs(tx, grants)).grants, 'local');
    return id;
  });
}

/** Bulk data in a few set-based statements (the use cases are measured, not used to load). */
async function load(db: Db, consultantId: string, operatorId: string, nowMs: number): Promise<void> {
  const now = new Date(nowMs);
  // 600 companies: a third competent to Milano's main office, the rest spread over all offices.
  await db.query(`
    INSERT INTO drawer_company (matricola, name, office_id)
    SELECT lpad((4000000000 + i)::text, 10, '0'), 'Azienda ' || i,
           CASE WHEN i % 3 = 0 THEN (SELECT id FROM office WHERE code = 'MI01')
                ELSE (SELECT id FROM office ORDER BY code OFFSET (i % (SELECT count(*) FROM office)) LIMIT 1) END
      FROM generate_series(1, 600) i`);
  await db.query('INSERT INTO drawer_delegation (company_id, consultant_id) SELECT id, $1 FROM drawer_company', [consultantId]);
  // Threads: registered over the last 120 days; a third closed, a third in charge (assigned), a third open.
  await db.query(`
    WITH c AS (SELECT id, office_id, row_number() OVER (ORDER BY matricola) - 1 AS k, count(*) OVER () AS n FROM drawer_company),
         s AS (SELECT id, row_number() OVER (ORDER BY position) - 1 AS k, count(*) OVER () AS n FROM drawer_subject WHERE level = 2),
         t AS (SELECT i, $1::timestamptz - make_interval(mins => (i * 1031) % (120 * 24 * 60)) AS reg FROM generate_series(1, $2::int) i)
    INSERT INTO drawer_thread (protocol, company_id, consultant_id, subject_id, title, office_id, state, assignee_id, outcome,
                               registered_at, due_at, taken_at, first_answer_at, closed_at, last_activity_at)
    SELECT 'BENCH-' || extract(year FROM $1::timestamptz)::int || '-' || lpad(t.i::text, 6, '0'),
           c.id, $3, s.id, 'Richiesta di prova ' || t.i, c.office_id,
           (ARRAY['open', 'in_charge', 'closed'])[1 + t.i % 3],
           CASE WHEN t.i % 3 = 0 THEN NULL ELSE $4::uuid END,
           CASE WHEN t.i % 3 = 2 THEN 'resolved' END,
           t.reg, t.reg + interval '14 days',
           CASE WHEN t.i % 3 = 0 THEN NULL ELSE t.reg + interval '1 day' END,
           CASE WHEN t.i % 3 = 0 THEN NULL ELSE t.reg + interval '2 days' END,
           CASE WHEN t.i % 3 = 2 THEN t.reg + interval '5 days' END,
           t.reg + interval '5 days'
      FROM t JOIN c ON c.k = t.i % c.n JOIN s ON s.k = t.i % s.n`,
    [now, THREADS, consultantId, operatorId]);
  await db.query(`
    INSERT INTO drawer_message (thread_id, author_kind, author_id, body, created_at)
    SELECT id, 'consultant', consultant_id, 'Testo della richiesta.', registered_at FROM drawer_thread`);
  // Attachments: ATTACHMENTS spread over the first messages, at most 5 per message, 2 KB each.
  await db.query(`
    WITH m AS (SELECT id, thread_id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n FROM drawer_message)
    INSERT INTO drawer_attachment (message_id, thread_id, ordinal, name, media_type, size, sha256, scanned_by, content, created_at)
    SELECT m.id, m.thread_id, 1 + (a.j / m.n)::int, 'documento-' || a.j || '.pdf', 'application/pdf', 2048,
           encode(sha256(convert_to(a.j::text, 'UTF8')), 'hex'), 'none',
           convert_to(rpad('%PDF-1.4 ' || a.j, 2048, 'x'), 'UTF8'), $1
      FROM generate_series(0, $2::int - 1) a(j) JOIN m ON m.k = a.j % m.n`,
    [now, ATTACHMENTS]);
  await db.query('ANALYZE');
}

function pdfOf(bytes: number): Buffer {
  for (;;) {
    const b = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes - 16), Buffer.from('\n%%EOF\n')]);
    if (!hiddenContent(b, 'application/pdf')) return b;
  }
}

await runBench('drawer', async () => {
  const db = PGLITE ? await openPglite() : await openPostgres((await scratchDatabase('sportello_drawer')).url);
  onCleanup(() => db.close());
  await migrate(db);
  await seedDemo(db);
  const nowMs = Date.now();
  const consultantId = await user(db, 'bench.consulente', [{ role: 'labour_consultant', scope: { kind: 'region', code: 'LOM' } }]);
  const operatorId = await user(db, 'bench.operatore', [{ role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } }]);
  const adminId = await user(db, 'bench.regione', [{ role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } }]);
  const t0 = performance.now();
  await load(db, consultantId, operatorId, nowMs);
  const loadS = (performance.now() - t0) / 1000;
  const counts = (await db.query<{ t: number; a: number; mi: number }>(
    `SELECT (SELECT count(*)::int FROM drawer_thread) AS t, (SELECT count(*)::int FROM drawer_attachment) AS a,
            (SELECT count(*)::int FROM drawer_thread t JOIN office o ON o.id = t.office_id WHERE o.code = 'MI01') AS mi`)).rows[0]!;
  console.log(`loaded ${counts.t} threads (${counts.mi} in MI01) and ${counts.a} attachments in ${round1(loadS)} s`);

  const settings = defaultIdentitySettings();
  const secret = deriveBookingSecret(DEV_AUTH_SECRET);
  const app = await buildServer({ db, booking: bookingDeps(db, secret), identity: settings, documents: { maxBytes: 12 * 1024 * 1024 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  onCleanup(() => app.close());
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const session = async (userId: string) => {
    const s = await createSession(db, settings, { kind: 'staff', userId, method: 'password' });
    return { cookie: `sportello_session=${s.token}`, 'x-csrf-token': s.csrfToken };
  };
  const op = await session(operatorId);
  const admin = await session(adminId);
  const consultant = await session(consultantId);
  const get = async (headers: Record<string, string>, path: string): Promise<number> => {
    const start = performance.now();
    const res = await fetch(base + path, { headers });
    const body = (await res.json()) as { items?: unknown[] };
    if (res.status !== 200 || !Array.isArray(body.items)) throw new Error(`${path}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    return performance.now() - start;
  };

  // The machine may be shared: wait for it to calm down (as the other benchmarks do), and report its load.
  const backgroundCpuPct = await waitForQuiet();
  const loadBefore = round1(loadavg()[0]!);
  // The floor: a request that reads the session and one small table (what every request pays).
  for (let i = 0; i < 20; i++) await get(op, '/api/drawer/subjects');
  const floor: number[] = [];
  await pool(200, CONCURRENCY, async () => {
    floor.push(await get(op, '/api/drawer/subjects'));
  });
  if (process.env.BENCH_DRAWER_EXPLAIN === '1') {
    const mi = (await db.query<{ id: string }>("SELECT id FROM office WHERE code = 'MI01'")).rows[0]!.id;
    for (const sql of [
      `SELECT count(*) FROM drawer_thread t WHERE t.office_id = $1 AND t.state = ANY('{open,in_charge}')`,
      `SELECT t.id FROM drawer_thread t WHERE t.office_id = $1 AND t.state = ANY('{open,in_charge}') ORDER BY t.due_at, t.id LIMIT 50`,
      threadPageSql(`SELECT t.id FROM drawer_thread t WHERE t.office_id = $1 AND t.state = ANY('{open,in_charge}') ORDER BY t.due_at, t.id LIMIT 50`, 't.due_at, t.id'),
    ]) console.log((await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ANALYZE ${sql}`, [mi])).rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  // Warm-up, then the queue.
  for (let i = 0; i < 20; i++) await get(op, '/api/staff/drawer/threads?state=open,in_charge');
  const queue: number[] = [];
  await pool(QUEUE_REQUESTS, CONCURRENCY, async (i) => {
    queue.push(await get(op, `/api/staff/drawer/threads?state=open,in_charge&limit=50&offset=${(i % 4) * 50}`));
  });

  const area = (await db.query<{ id: string }>("SELECT id FROM drawer_subject WHERE level = 1 AND region_code = 'LOM' ORDER BY position LIMIT 1")).rows[0]!.id;
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const monthAgo = new Date(nowMs - 30 * 86_400_000).toISOString().slice(0, 10);
  const searches: [Record<string, string>, (i: number) => string][] = [
    [op, (i) => `/api/staff/drawer/threads?matricola=${String(4000000000 + 3 * (1 + (i % 200)))}&state=open,in_charge,closed&sort=recent`],
    [op, () => `/api/staff/drawer/threads?subjectId=${area}&state=open,in_charge`],
    [op, () => `/api/staff/drawer/threads?from=${monthAgo}&to=${today}&sort=recent`],
    [op, () => '/api/staff/drawer/threads?assignee=me&state=in_charge'],
    [op, () => '/api/staff/drawer/threads?state=closed&sort=recent'],
    [op, () => '/api/staff/drawer/threads?overdue=true'],
    [op, (i) => `/api/staff/drawer/threads?q=BENCH-${new Date(nowMs).getUTCFullYear()}-${String(1 + ((i * 37) % THREADS)).padStart(6, '0')}&state=open,in_charge,closed`],
    [admin, (i) => `/api/staff/drawer/threads?matricola=${String(4000000001 + (i % 600))}&state=open,in_charge,closed&sort=recent`],
    [admin, () => '/api/staff/drawer/threads?state=open,in_charge'],
    [consultant, (i) => `/api/drawer/threads?matricola=${String(4000000001 + (i % 600))}`],
  ];
  for (const [who, path] of searches) await get(who, path(0));
  const search: number[] = [];
  await pool(SEARCH_REQUESTS, CONCURRENCY, async (i) => {
    const [who, path] = searches[i % searches.length]!;
    search.push(await get(who, path(i)));
  });

  // Uploads of a 10 MB PDF through the real route (the consultant's new request with one document).
  const company = (await db.query<{ id: string }>("SELECT c.id FROM drawer_company c JOIN office o ON o.id = c.office_id WHERE o.code = 'MI01' LIMIT 1")).rows[0]!.id;
  const subject = (await db.query<{ id: string }>("SELECT id FROM drawer_subject WHERE level = 2 AND key = 'uniemens'")).rows[0]!.id;
  const file = pdfOf(UPLOAD_BYTES);
  const rates: number[] = [];
  for (let i = 0; i < UPLOADS + 1; i++) {
    const form = new FormData();
    form.append('companyId', company);
    form.append('subjectId', subject);
    form.append('title', `Documento grande ${i}`);
    form.append('body', 'In allegato il documento.');
    form.append('files', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'grande.pdf');
    const start = performance.now();
    const res = await fetch(`${base}/api/drawer/threads`, { method: 'POST', headers: consultant, body: form });
    const text = await res.text();
    const s = (performance.now() - start) / 1000;
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${text.slice(0, 300)}`);
    if (i > 0) rates.push(file.length / 1048576 / s); // the first one warms up
  }
  const stored = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM drawer_attachment WHERE size = $1', [file.length])).rows[0]!.n;
  if (stored !== UPLOADS + 1) throw new Error(`expected ${UPLOADS + 1} stored uploads, found ${stored}`);
  rates.sort((a, b) => a - b);
  const q = latencySummary(queue);
  const f = latencySummary(floor);
  const sr = latencySummary(search);
  const uploadMBps = round1(rates[Math.floor(rates.length / 2)]!);
  console.log(`floor (session + subjects): ${JSON.stringify(f)} ms`);
  console.log(`queue: ${JSON.stringify(q)} ms; search: ${JSON.stringify(sr)} ms; upload MB/s: ${rates.map(round1).join(', ')}`);
  return {
    bench: 'drawer', machine: MACHINE, date: new Date().toISOString().slice(0, 10), database: PGLITE ? 'pglite' : 'postgres',
    threads: counts.t, attachments: counts.a, officeThreads: counts.mi, concurrency: CONCURRENCY, backgroundCpuPct,
    loadAvg1Before: loadBefore, loadAvg1After: round1(loadavg()[0]!),
    floorP50Ms: f.p50, floorP99Ms: f.p99, queueP50Ms: q.p50, queueP99Ms: q.p99, searchP50Ms: sr.p50, searchP99Ms: sr.p99, uploadMBps, uploadMinMBps: round1(rates[0]!),
    ok: q.p99 < 100 && sr.p99 < 100 && uploadMBps >= 50,
  };
});
