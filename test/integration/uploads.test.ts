// The citizen's documents after a "documents needed" call (issue 19 §3), on both databases:
// the outcome creates a one-time, expiring upload link for that booking and puts it in the
// documents_needed notice (the token erased from the job once sent); the public upload checks
// every file (type by content, size, names, hidden archives) and stores nothing on any
// refusal; the link works once, only for its booking, and not after its expiry; the operator
// sees what arrived on the booking and downloads it (audited), an operator of another office not.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage, loadContexts } from '../../src/notifications/message.js';
import { defaultTemplate } from '../../src/notifications/templates.js';
import { testDatabases } from '../support/databases.js';
import { atSlot, bookToday, operatorOf, setTelephony, staffClient, startCallsServer, type CallsServer, type Client } from './calls-support.js';
import { SAMPLES } from './drawer-support.js';

const MAX = 64 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(testDatabases)('citizen uploads after a call on $name', (database) => {
  let s: CallsServer;
  let op: Client;
  let otherOp: Client;
  let bookings: Awaited<ReturnType<typeof bookToday>>;
  const items = new Map<string, any>();
  let next = 0;

  beforeAll(async () => {
    s = await startCallsServer(database, { documents: { maxBytes: MAX } });
    op = await staffClient(s, 'up.op', operatorOf());
    otherOp = await staffClient(s, 'up.op.mi', operatorOf('MI01'));
    await setTelephony(s, 'manual');
    bookings = await bookToday(s, 8);
    await s.db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'sms'");
    expect((await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId })).status).toBe(200);
    for (const i of (await op.get('/api/staff/operator/agenda')).body.items) items.set(i.bookingId, i);
  });
  afterAll(async () => s?.close());

  /** The next booking: called, identity checked, outcome "documents needed"; its link from the queued notice. */
  async function documentsNeeded(): Promise<{ id: string; linkId: string; token: string; jobId: string }> {
    const b = bookings[next++]!;
    atSlot(s, items.get(b.id));
    const c = await op.send('POST', '/api/staff/calls', { bookingId: b.id, adapter: 'manual' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'answered' });
    expect((await op.send('POST', `/api/staff/agenda/bookings/${b.id}/identity`, { taxCode: b.taxCode, pin: b.pin })).body.verified).toBe(true);
    await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'ended' });
    const r = await op.send('POST', `/api/staff/agenda/bookings/${b.id}/outcome`, { outcome: 'needs_documents', documents: ['isee', 'medical'] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const job = (await s.db.query<{ id: string; data: any }>("SELECT id, data FROM notification_job WHERE booking_id = $1 AND kind = 'documents_needed' LIMIT 1", [b.id])).rows[0]!;
    return { id: b.id, linkId: job.data.uploadLinkId, token: job.data.uploadToken, jobId: job.id };
  }

  const status = async (linkId: string, token: string) => {
    const res = await fetch(`${s.url}/api/uploads/${linkId}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    return { status: res.status, body: await res.json() as any };
  };
  const upload = async (linkId: string, token: string | null, files: { name: string; bytes: Buffer }[]) => {
    const form = new FormData();
    if (token !== null) form.append('token', token);
    for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)], { type: 'application/octet-stream' }), f.name);
    const res = await fetch(`${s.url}/api/uploads/${linkId}`, { method: 'POST', body: form });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() as any };
  };
  const stored = async (bookingId: string) => (await s.db.query('SELECT 1 FROM booking_document WHERE booking_id = $1', [bookingId])).rows.length;

  let first: Awaited<ReturnType<typeof documentsNeeded>>;

  it('"documents needed" gives the citizen a one-time link in the notice, valid seven days, for that booking only', async () => {
    first = await documentsNeeded();
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const row = (await s.db.query<{ token_sha256: string; expires_at: Date; created_at: Date }>('SELECT token_sha256, expires_at, created_at FROM booking_upload_link WHERE id = $1', [first.linkId])).rows[0]!;
    expect(row.token_sha256).toBe(createHash('sha256').update(first.token).digest('hex'));
    expect(row.token_sha256).not.toContain(first.token);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(7 * 24 * 3600_000);
    const ctx = (await loadContexts(s.db, [first.jobId])).get(first.jobId)!;
    const data = (await s.db.query<{ data: any }>('SELECT data FROM notification_job WHERE id = $1', [first.jobId])).rows[0]!.data;
    const msg = buildMessage({ id: first.jobId, kind: 'documents_needed', channel: 'email', data }, ctx, defaultTemplate('documents_needed', 'it', 'email'), 'https://sportello.example');
    expect(msg.text).toContain(`https://sportello.example/documenti/${first.linkId}#${first.token}`);
    const sms = buildMessage({ id: first.jobId, kind: 'documents_needed', channel: 'sms', data }, ctx, defaultTemplate('documents_needed', 'it', 'sms'), 'https://sportello.example');
    expect(sms.text).toContain(`/documenti/${first.linkId}#${first.token}`);
    const st = await status(first.linkId, first.token);
    expect(st.status, JSON.stringify(st.body)).toBe(200);
    expect(st.body).toMatchObject({ state: 'open', received: 0, maxFiles: 5, maxBytes: MAX });
    expect(st.body.documents.map((d: any) => d.en)).toHaveLength(2);
    // A wrong token, or another link's token: the same 404.
    const second = await documentsNeeded();
    expect((await status(first.linkId, second.token)).status).toBe(404);
    expect((await status(second.linkId, first.token)).status).toBe(404);
    expect((await upload(first.linkId, second.token, [{ name: 'isee.pdf', bytes: SAMPLES.pdf }])).status).toBe(404);
    expect(await stored(first.id)).toBe(0);
    expect(await stored(second.id)).toBe(0);
  });

  it.each([
    ['no files', () => [], 422, 'no_files'],
    ['six files', () => Array.from({ length: 6 }, (_, i) => ({ name: `d${i}.pdf`, bytes: SAMPLES.pdf })), 422, 'too_many_files'],
    ['a file over the limit', () => [{ name: 'grande.pdf', bytes: Buffer.concat([SAMPLES.pdf, Buffer.alloc(MAX, 0x20)]) }], 413, 'file_too_large'],
    ['a PNG named .pdf', () => [{ name: 'isee.pdf', bytes: SAMPLES.png }], 415, 'file_type_mismatch'],
    ['a zip named .pdf', () => [{ name: 'isee.pdf', bytes: SAMPLES.zip }], 415, 'file_type_not_allowed'],
    ['a zip hidden in a PDF-signed envelope', () => [{ name: 'busta.p7m', bytes: Buffer.concat([SAMPLES.p7m, SAMPLES.zip]) }], 422, 'nested_archive'],
    ['a zip hidden in an image', () => [{ name: 'foto.png', bytes: Buffer.concat([SAMPLES.png, SAMPLES.zip]) }], 422, 'nested_archive'],
    ['a path in the name', () => [{ name: '../../etc/isee.pdf', bytes: SAMPLES.pdf }], 422, 'bad_file_name'],
    ['a good file with a bad one', () => [{ name: 'ok.pdf', bytes: SAMPLES.pdf }, { name: '..\\x.pdf', bytes: SAMPLES.pdf }], 422, 'bad_file_name'],
  ] as const)('refuses %s with problem+json, stores nothing and leaves the link open', async (_label, files, code, problem) => {
    const r = await upload(first.linkId, first.token, files().map((f) => ({ ...f })));
    expect(r.status, JSON.stringify(r.body)).toBe(code);
    expect(r.type).toContain('application/problem+json');
    expect(r.body.code).toBe(problem);
    expect(r.body.messages.it).toBeTruthy();
    expect(r.body.messages.en).toBeTruthy();
    expect(await stored(first.id)).toBe(0);
    expect((await status(first.linkId, first.token)).body.state).toBe('open');
  });

  it('refuses a body that is not multipart, or without the token', async () => {
    const res = await fetch(`${s.url}/api/uploads/${first.linkId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: first.token }) });
    expect(res.status).toBe(415);
    expect((await upload(first.linkId, null, [{ name: 'a.pdf', bytes: SAMPLES.pdf }])).status).toBe(400);
    expect(await stored(first.id)).toBe(0);
  });

  it('takes the documents once; the operator sees them on the booking and downloads them; a second use is refused', async () => {
    const r = await upload(first.linkId, first.token, [{ name: 'ISEE 2026.pdf', bytes: SAMPLES.pdf }, { name: 'certificato', bytes: SAMPLES.png }]);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.files.map((f: any) => f.name)).toEqual(['ISEE 2026.pdf', 'certificato.png']);
    expect(r.body.files[0].sha256).toBe(sha(SAMPLES.pdf));
    const again = await upload(first.linkId, first.token, [{ name: 'altro.pdf', bytes: SAMPLES.pdf }]);
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('upload_link_used');
    expect(await stored(first.id)).toBe(2);
    expect((await status(first.linkId, first.token)).body).toMatchObject({ state: 'used', received: 2 });

    const list = await op.get(`/api/staff/agenda/bookings/${first.id}/documents`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.link.usedAt).toBeTruthy();
    expect(list.body.items.map((d: any) => [d.name, d.mediaType, d.sha256])).toEqual([
      ['ISEE 2026.pdf', 'application/pdf', sha(SAMPLES.pdf)], ['certificato.png', 'image/png', sha(SAMPLES.png)],
    ]);
    const res = await fetch(`${s.url}/api/staff/booking-documents/${list.body.items[0].id}`, { headers: { cookie: op.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ISEE 2026.pdf"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(SAMPLES.pdf));
    const history = (await op.get(`/api/staff/agenda/bookings/${first.id}/history`)).body;
    expect(history.steps.find((x: any) => x.kind === 'documents_received')).toMatchObject({ detail: 'ISEE 2026.pdf, certificato.png' });
    const audit = await s.db.query("SELECT 1 FROM audit_log WHERE actor_id = $1 AND path LIKE '%/booking-documents/%'", [op.userId]);
    expect(audit.rows.length).toBeGreaterThan(0);
    // Another office's operator: neither the list nor the document.
    expect((await otherOp.get(`/api/staff/agenda/bookings/${first.id}/documents`)).status).toBe(403);
    expect((await otherOp.get(`/api/staff/booking-documents/${list.body.items[0].id}`)).status).toBe(403);
  });

  it('two uploads at once through one link: one is stored, the other refused', async () => {
    const b = await documentsNeeded();
    const [x, y] = await Promise.all([
      upload(b.linkId, b.token, [{ name: 'a.pdf', bytes: SAMPLES.pdf }]),
      upload(b.linkId, b.token, [{ name: 'b.jpg', bytes: SAMPLES.jpeg }]),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 410]);
    expect(await stored(b.id)).toBe(1);
  });

  it('an expired link is refused and stores nothing', async () => {
    const b = await documentsNeeded();
    s.clock.now += 7 * 24 * 3600_000;
    expect((await status(b.linkId, b.token)).body.state).toBe('expired');
    const r = await upload(b.linkId, b.token, [{ name: 'a.pdf', bytes: SAMPLES.pdf }]);
    expect(r.status).toBe(410);
    expect(r.body.code).toBe('upload_link_expired');
    expect(await stored(b.id)).toBe(0);
    s.clock.now -= 7 * 24 * 3600_000;
  });

  it('the token leaves the queue once the notice is over; the database refuses documents without a used link', async () => {
    await s.db.query("UPDATE notification_job SET state = 'sent' WHERE id = $1", [first.jobId]);
    const data = (await s.db.query<{ data: any }>('SELECT data FROM notification_job WHERE id = $1', [first.jobId])).rows[0]!.data;
    expect(data.uploadToken).toBeUndefined();
    expect(data.uploadLinkId).toBe(first.linkId);
    const b = await documentsNeeded();
    await expect(s.db.query(
      `INSERT INTO booking_document (booking_id, link_id, ordinal, name, media_type, size, sha256, scanned_by, content, created_at)
       VALUES ($1, $2, 1, 'x.pdf', 'application/pdf', 3, $3, 'none', '\\x616263', now())`, [b.id, b.linkId, sha(Buffer.from('abc'))],
    )).rejects.toThrow(/was not used/);
  });
});
