// Documents in an S3-compatible object store (DOCUMENTS_S3_*), against a real S3-compatible
// server started here (s3rver, on a temporary directory), on both databases: the citizen's
// upload and a drawer message put their bytes in the bucket (the rows keep the key, no
// content), downloads read them back byte for byte; a refused upload leaves no object; with the
// store unreachable the upload is refused (503) and nothing is recorded.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Store, type S3Settings } from '../../src/documents/index.js';
import { testDatabases } from '../support/databases.js';
import { atSlot, bookToday, operatorOf, setTelephony, staffClient, startCallsServer, type CallsServer, type Client } from './calls-support.js';
import { SAMPLES } from './drawer-support.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const BUCKET = 'sportello-test';

describe.each(testDatabases)('documents in an S3-compatible store on $name', (database) => {
  let s3: S3rver;
  let dir: string;
  let settings: S3Settings;
  let s: CallsServer;
  let op: Client;
  let bookings: Awaited<ReturnType<typeof bookToday>>;
  let next = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3rver-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const addr = await s3.run();
    settings = {
      endpoint: `http://127.0.0.1:${addr.port}`, region: 'us-east-1', bucket: BUCKET, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, prefix: 'prova',
    };
    s = await startCallsServer(database, { documents: { maxBytes: 64 * 1024, store: s3Store(settings) } });
    op = await staffClient(s, 's3.op', operatorOf());
    await setTelephony(s, 'manual');
    bookings = await bookToday(s, 4);
    await s.db.query("UPDATE notification_channel SET enabled = true WHERE channel = 'sms'");
    expect((await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId })).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    await s3?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const objects = async () => {
    const c = new S3Client({ endpoint: settings.endpoint, region: settings.region, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const r = await c.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    return (r.Contents ?? []).map((o) => o.Key!);
  };

  async function documentsNeeded(): Promise<{ id: string; linkId: string; token: string }> {
    const b = bookings[next++]!;
    const item = (await op.get('/api/staff/operator/agenda')).body.items.find((i: any) => i.bookingId === b.id);
    atSlot(s, item);
    const c = await op.send('POST', '/api/staff/calls', { bookingId: b.id, adapter: 'manual' });
    await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'answered' });
    await op.send('POST', `/api/staff/agenda/bookings/${b.id}/identity`, { taxCode: b.taxCode, pin: b.pin });
    await op.send('POST', `/api/staff/calls/${c.body.call.id}/manual`, { mark: 'ended' });
    expect((await op.send('POST', `/api/staff/agenda/bookings/${b.id}/outcome`, { outcome: 'needs_documents', documents: ['isee'] })).status).toBe(200);
    const data = (await s.db.query<{ data: any }>("SELECT data FROM notification_job WHERE booking_id = $1 AND kind = 'documents_needed' LIMIT 1", [b.id])).rows[0]!.data;
    return { id: b.id, linkId: data.uploadLinkId, token: data.uploadToken };
  }
  const upload = async (linkId: string, token: string, files: { name: string; bytes: Buffer }[]) => {
    const form = new FormData();
    form.append('token', token);
    for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
    const res = await fetch(`${s.url}/api/uploads/${linkId}`, { method: 'POST', body: form });
    return { status: res.status, body: await res.json() as any };
  };

  it('stores the bytes in the bucket, the key in the row, and reads them back', async () => {
    const before = (await objects()).length;
    const b = await documentsNeeded();
    const r = await upload(b.linkId, b.token, [{ name: 'isee.pdf', bytes: SAMPLES.pdf }, { name: 'foto.png', bytes: SAMPLES.png }]);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const rows = (await s.db.query<{ id: string; storage: string; content: Buffer | null; object_key: string }>(
      'SELECT id, storage, content, object_key FROM booking_document WHERE booking_id = $1 ORDER BY ordinal', [b.id])).rows;
    expect(rows.map((x) => [x.storage, x.content])).toEqual([['s3', null], ['s3', null]]);
    expect(rows[0]!.object_key).toMatch(/^prova\/bookings\/[0-9a-f-]{36}$/);
    const keys = await objects();
    expect(keys.length).toBe(before + 2);
    expect(keys).toEqual(expect.arrayContaining(rows.map((x) => x.object_key)));
    const res = await fetch(`${s.url}/api/staff/booking-documents/${rows[0]!.id}`, { headers: { cookie: op.cookie } });
    expect(res.status).toBe(200);
    expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(SAMPLES.pdf));
  });

  it('a refused upload leaves no object behind', async () => {
    const before = (await objects()).length;
    const b = await documentsNeeded();
    expect((await upload(b.linkId, b.token, [{ name: 'ok.pdf', bytes: SAMPLES.pdf }, { name: 'foto.pdf', bytes: SAMPLES.png }])).status).toBe(415);
    expect((await objects()).length).toBe(before);
  });

  it('with the store unreachable: 503, nothing recorded, the link still open', async () => {
    const b = await documentsNeeded();
    const deadDeps = await startCallsServer(database, { db: s.db, documents: { store: s3Store({ ...settings, endpoint: 'http://127.0.0.1:9' }) } });
    try {
      const form = new FormData();
      form.append('token', b.token);
      form.append('files', new Blob([new Uint8Array(SAMPLES.pdf)]), 'isee.pdf');
      const res = await fetch(`${deadDeps.url}/api/uploads/${b.linkId}`, { method: 'POST', body: form });
      expect(res.status).toBe(503);
      expect(((await res.json()) as any).code).toBe('storage_unavailable');
    } finally {
      await deadDeps.close();
    }
    expect((await s.db.query('SELECT 1 FROM booking_document WHERE booking_id = $1', [b.id])).rows).toHaveLength(0);
    expect((await s.db.query('SELECT used_at FROM booking_upload_link WHERE id = $1', [b.linkId])).rows[0]).toMatchObject({ used_at: null });
  });
});
