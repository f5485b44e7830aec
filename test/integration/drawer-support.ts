// Helpers for the drawer's tests: a server with chosen document settings on a chosen clock,
// staff accounts with a session each, companies with delegations, and requests as JSON or
// multipart/form-data.
import { seedDemo } from '../../src/app.js';
import { bookingDeps, deriveBookingSecret } from '../../src/booking/deps.js';
import { fairAccess } from '../../src/booking/fair-access.js';
import type { DocumentSettings } from '../../src/documents/index.js';
import { buildServer } from '../../src/http/server.js';
import { DEV_AUTH_SECRET } from '../../src/auth/settings.js';
import type { GrantRef } from '../../src/users/role-mapping.js';
import type { Db } from '../../src/storage/db.js';
import { romeTime, tickingClock, workingDay } from '../support/clock.js';
import type { TestDatabase } from '../support/databases.js';
import { TEST_FAIR_ACCESS } from '../support/server.js';
import { createStaff, sessionCookie, testSettings } from './identity-support.js';

export interface Call {
  status: number;
  headers: Headers;
  body: any;
  bytes: Buffer;
}

export interface User {
  id: string;
  get(path: string): Promise<Call>;
  post(path: string, body?: unknown): Promise<Call>;
  /** Any method, with a JSON body when given (PATCH, DELETE). */
  send(method: string, path: string, body?: unknown): Promise<Call>;
  upload(path: string, fields: Record<string, string>, files: { name: string; bytes: Buffer | Uint8Array; type?: string; field?: string }[]): Promise<Call>;
}

export interface DrawerServer {
  url: string;
  db: Db;
  now: () => number;
  user(username: string, grants: GrantRef[], email?: string): Promise<User>;
  company(matricola: string, name: string, officeCode: string, consultants: string[]): Promise<string>;
  close(): Promise<void>;
}

async function call(res: Response): Promise<Call> {
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: any = null;
  if ((res.headers.get('content-type') ?? '').includes('json') && bytes.length) body = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, headers: res.headers, body, bytes };
}

export async function startDrawerServer(database: TestDatabase, o: { documents?: Partial<DocumentSettings>; now?: () => number; db?: Db } = {}): Promise<DrawerServer> {
  const db = o.db ?? (await database.open());
  if (!o.db) await seedDemo(db);
  const now = o.now ?? tickingClock(romeTime(workingDay(), 9));
  const settings = testSettings();
  const secret = deriveBookingSecret(DEV_AUTH_SECRET);
  const booking = bookingDeps(db, secret, { now, fairAccess: fairAccess(secret, TEST_FAIR_ACCESS) });
  const app = await buildServer({ db, booking, now, identity: settings, documents: o.documents });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url, db, now,
    async user(username, grants, email) {
      const id = await createStaff(db, { username, grants, settings });
      if (email) await db.query('UPDATE staff_user SET email = $2 WHERE id = $1', [id, email]);
      const s = await sessionCookie(db, settings, { userId: id });
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      return {
        id,
        get: async (path) => call(await fetch(url + path, { headers })),
        post: async (path, body) => call(await fetch(url + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) })),
        send: async (method, path, body) =>
          call(await fetch(url + path, { method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })),
        upload: async (path, fields, files) => {
          const form = new FormData();
          for (const [k, v] of Object.entries(fields)) form.append(k, v);
          for (const f of files) form.append(f.field ?? 'files', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
          return call(await fetch(url + path, { method: 'POST', headers, body: form }));
        },
      };
    },
    async company(matricola, name, officeCode, consultants) {
      const r = await db.query<{ id: string }>(
        'INSERT INTO drawer_company (matricola, name, office_id) SELECT $1, $2, id FROM office WHERE code = $3 RETURNING id', [matricola, name, officeCode]);
      const id = r.rows[0]!.id;
      for (const c of consultants) await db.query('INSERT INTO drawer_delegation (company_id, consultant_id) VALUES ($1, $2)', [id, c]);
      return id;
    },
    async close() {
      await app.close();
      if (!o.db) await db.close();
    },
  };
}

export async function subjectId(db: Db, key: string, region = 'LOM'): Promise<string> {
  const r = await db.query<{ id: string }>('SELECT id FROM drawer_subject WHERE region_code = $1 AND key = $2 AND level = 2', [region, key]);
  return r.rows[0]!.id;
}

/** Small but real documents: a PDF, a PNG, a JPEG, a DER signed envelope. */
export const SAMPLES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2c1e1cb0000000049454e44ae426082', 'hex'),
  jpeg: Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64, 0x11), Buffer.from('ffd9', 'hex')]),
  p7m: Buffer.concat([Buffer.from('3080' + '06092a864886f70d010702' + 'a0803080020101', 'hex'), Buffer.alloc(64, 0x22)]),
  zip: Buffer.concat([Buffer.from('504b0304140000000800', 'hex'), Buffer.alloc(64, 0x33)]),
};
