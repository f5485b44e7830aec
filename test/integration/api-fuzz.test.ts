// Property-based fuzzer over the whole HTTP API (issue 16, section 4). For every operation
// of /api/openapi.json it sends requests generated from the operation's own schemas, mixed
// with hostile values (NUL, lone surrogates, huge strings, impossible dates, instants at
// the end of time, wrong types, huge numbers, deep nesting, unknown ids, bad URLs, huge
// headers, wrong content types), as an anonymous caller, a citizen, a staff member with
// the roles of the region (regional admin, URP, reception, desk, patronato, consultant) and a
// municipal station's enrolled device (its bearer token: mostly on the kiosk's own routes,
// /api/station/…, now and then on any other). It asserts that no answer is a 5xx and that every error is problem+json with
// a stable `code` and messages in Italian and English.
//
// Bounded: FUZZ_RUNS requests per operation and database (default 12) from a fixed seed (FUZZ_SEED,
// default 16016; the second database runs from the next seed, so the two together send 24 different
// requests per operation), so it runs in CI on both databases; a failure prints the seed and
// fast-check's path to replay it; FUZZ_DEBUG=1 prints the statuses each operation got;
// FUZZ_ONLY=<regex> fuzzes only the operations whose path matches (while working on a capability).
// Skipped: POST /api/auth/logout, the one operation that
// would sign the fuzzer out (the staff account's own id is also kept out of the ids it
// uses, so it never disables, re-grants or signs out itself).
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { createStaff, sessionCookie, startIdentityServer, type IdentityTestServer } from './identity-support.js';
import { enrolledDevice } from './station-support.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 16016);
const SKIPPED = new Set(['POST /api/auth/logout']);
const ONLY = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : null;

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema: Schema }[];
  body?: Schema;
}
interface FuzzRequest {
  actor: 'staff' | 'citizen' | 'anonymous' | 'device';
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
  /** A request-level mutation: a broken URL, a huge header, a wrong content type, a raw body. */
  twist: 'none' | 'bad-url' | 'huge-header' | 'huge-url' | 'text-plain' | 'raw-json' | 'proto' | 'deep-json';
}
interface Answer {
  status: number;
  type: string;
  text: string;
}

// ---- hostile values ---------------------------------------------------------------------

const deep = (n: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};
/** Characters PostgreSQL refuses in text (U+0000, lone surrogates) and other controls. */
const BAD_CHARACTERS = ['\u0000', 'Mario\u0000Rossi', '\ud800', 'a\udc00b', 'Anna \ud83d', '\u0007bell', 'MI\u0000'];
/** Dates and instants that look right and are not, or are out of any sane range. */
const BAD_DATES = [
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '9999-12-31',
  '2027-02-29',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '2026-02-30T10:00:00Z',
  '1970-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '8',
];
const ODD_STRINGS = [
  'x'.repeat(300),
  'y'.repeat(70_000),
  '',
  ' ',
  '\t\n',
  'e\u0301', // NFD
  '\u202eevil',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];
const HOSTILE_NUMBERS = [0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 1e-308];
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...BAD_CHARACTERS), weight: 6 },
  { arbitrary: fc.constantFrom(...BAD_DATES), weight: 4 },
  { arbitrary: fc.constantFrom(...ODD_STRINGS), weight: 2 },
  { arbitrary: fc.uuid().map(String), weight: 1 },
  { arbitrary: fc.constantFrom<unknown>(...HOSTILE_NUMBERS), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>(null, true, false, {}, [], [null], { '': '' }, deep(60), deep(3000)), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
);

// ---- JSON schema → arbitrary ------------------------------------------------------------

const UUID = /^\^\[0-9a-f\]\{8\}/;

// Realistic values for fields whose rules a random string would never pass (a checked tax
// code, a phone number), so that a request gets past validation and a hostile value in
// another field reaches the code behind it.
const DICTIONARY: Record<string, unknown[]> = {
  taxCode: ['RSSMRA80A01F205X', 'VRDGPP85M10F205X', 'BNCLCU90A41F205Y'],
  phone: ['+393331234567', '3331234567', '+390212345678'],
  callerPhone: ['+393331234567'],
  fullName: ['Mario Rossi', 'Anna Bianchi'],
  email: ['mario.rossi@example.org'],
  language: ['it', 'en'],
  provinceCode: ['MI', 'CO', 'BG'],
  province: ['MI', 'CO'],
  scope: ['region:LOM', 'province:MI', 'LOM', 'MI', 'MI01'],
  q: ['Milano', 'a', 'Rossi'],
  date: ['2026-12-10', '2026-12-14', '2027-01-07'],
  day: ['2026-12-10', '2026-12-14'],
  from: ['2026-12-01', '2026-12-07T08:00:00Z'],
  to: ['2026-12-31', '2026-12-20T18:00:00Z'],
};

function schemaArb(s: Schema | undefined, ids: string[], name = '', depth = 0): fc.Arbitrary<unknown> {
  const valid = validArb(s ?? {}, ids, depth);
  const known = DICTIONARY[name];
  return known ? fc.oneof(valid, fc.constantFrom(...known)) : valid;
}

function validArb(s: Schema, ids: string[], depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => validArb(a, ids, depth + 1)));
  if (Array.isArray(s.type)) return fc.oneof(...(s.type as string[]).map((t) => validArb({ ...s, type: t }, ids, depth)));
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : -1000;
      const max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : 100_000;
      const lo = Math.max(min, -1e9);
      const hi = Math.min(max, 1e9);
      return s.type === 'integer' ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true });
    }
    case 'string':
      return stringArb(s, ids);
    case 'array': {
      const max = Math.min(typeof s.maxItems === 'number' ? s.maxItems : 4, 4);
      const min = Math.min(typeof s.minItems === 'number' ? s.minItems : 0, max);
      return fc.array(schemaArb(s.items, ids, '', depth + 1), { minLength: min, maxLength: max });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const keys = Object.keys(props);
      if (!keys.length) return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
      const record = Object.fromEntries(keys.map((k) => [k, schemaArb(props[k], ids, k, depth + 1)]));
      const required = ((s.required ?? []) as string[]).filter((k) => keys.includes(k));
      return fc.record(record, { requiredKeys: required });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArb(s: Schema, ids: string[]): fc.Arbitrary<unknown> {
  if (s.format === 'uuid' || (typeof s.pattern === 'string' && UUID.test(s.pattern))) {
    return ids.length ? fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, { arbitrary: fc.uuid().map(String), weight: 1 }) : fc.uuid().map(String);
  }
  if (s.format === 'date-time') {
    return fc
      .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => new Date(Math.floor(d.getTime() / 900_000) * 900_000).toISOString().replace('.000Z', 'Z'));
  }
  if (s.format === 'email') return fc.emailAddress();
  if (typeof s.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 200));
    } catch {
      /* a pattern JavaScript cannot compile: plain strings below */
    }
  }
  const max = Math.min(typeof s.maxLength === 'number' ? s.maxLength : 40, 40);
  const min = Math.min(typeof s.minLength === 'number' ? s.minLength : 0, max);
  return fc.string({ minLength: min, maxLength: max });
}

/** Replaces the n-th leaf (a scalar, or an empty object or array) of `value` by `by(leaf)`; n counts from 0 over all leaves. */
function mutateLeaf(value: unknown, n: { left: number }, by: (leaf: unknown) => unknown): unknown {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    if (entries.length) {
      const out: any = Array.isArray(value) ? [...value] : { ...value };
      for (const [k, v] of entries) {
        out[k] = mutateLeaf(v, n, by);
        if (n.left < 0) return out;
      }
      return out;
    }
  }
  return n.left-- === 0 ? by(value) : value;
}

function requestArb(op: Operation, ids: string[]): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  // The kiosk's routes take a device token only: fuzz their handlers as the device, mostly.
  const main: FuzzRequest['actor'] = op.path.startsWith('/api/station/') ? 'device' : 'staff';
  const valid = fc.record({
    actor: fc.oneof(
      { arbitrary: fc.constant<FuzzRequest['actor']>(main), weight: 8 },
      { arbitrary: fc.constantFrom<FuzzRequest['actor']>(...(['staff', 'citizen', 'anonymous', 'device'] as const).filter((x) => x !== main)), weight: 2 },
    ),
    path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, schemaArb(p.schema, ids, p.name)]))),
    query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, schemaArb(p.schema, ids, p.name)])), {
      requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name),
    }),
    body: op.body ? schemaArb(op.body, ids) : fc.constant(undefined),
    twist: fc.oneof(
      { arbitrary: fc.constant<FuzzRequest['twist']>('none'), weight: 15 },
      { arbitrary: fc.constantFrom<FuzzRequest['twist']>('bad-url', 'huge-header', 'huge-url', 'text-plain', 'raw-json', 'proto', 'deep-json'), weight: 1 },
    ),
  });
  // Most requests: a valid one with one value (a path or query parameter, a field of the
  // body, or the whole body) replaced by a hostile one; the rest valid as generated.
  const places: { arbitrary: fc.Arbitrary<'body' | 'whole-body' | 'query' | 'path'>; weight: number }[] = [
    { arbitrary: fc.constant('query'), weight: 3 },
    { arbitrary: fc.constant('path'), weight: 1 },
  ];
  if (op.body) places.push({ arbitrary: fc.constant('body'), weight: 8 }, { arbitrary: fc.constant('whole-body'), weight: 1 });
  const where = fc.oneof(...places);
  // A hostile value in place of the leaf, or a bad character slipped into a string leaf (so
  // that it still passes the field's length and pattern checks and reaches the code behind).
  const change: fc.Arbitrary<(leaf: unknown) => unknown> = fc.oneof(
    { arbitrary: hostile.map((h) => () => h), weight: 2 },
    { arbitrary: fc.tuple(fc.constantFrom('\u0000', '\u0000', '\ud800', '\udfff', '\u001b'), fc.nat()).map(([c, at]) => (leaf: unknown) => {
      if (typeof leaf !== 'string') return leaf;
      const i = leaf.length ? at % (leaf.length + 1) : 0;
      return leaf.slice(0, i) + c + leaf.slice(i);
    }), weight: 3 },
  );
  const mutation = fc.option(fc.tuple(fc.nat(), change, where), { freq: 5 });
  return fc.tuple(valid, mutation).map(([r, m]) => {
    if (!m) return r;
    const [n, by, where] = m;
    if (where === 'whole-body') return op.body ? { ...r, body: by(r.body) } : r;
    const target = where === 'body' ? r.body : r[where];
    const leaves = { left: 0 };
    if (where !== 'body' && !Object.keys(target as object).length) return r;
    countLeaves(target, leaves);
    if (!leaves.left) return r;
    return { ...r, [where]: mutateLeaf(target, { left: n % leaves.left }, by) } as FuzzRequest;
  });
}

function countLeaves(value: unknown, c: { left: number }): void {
  if (value !== null && typeof value === 'object') {
    const children = Object.values(value);
    if (children.length) {
      for (const v of children) countLeaves(v, c);
      return;
    }
  }
  if (value !== undefined) c.left++;
}

// ---- sending ----------------------------------------------------------------------------

/** Percent-encodes UTF-16 code units as a careless client would: lone surrogates as their 3 bytes. */
function pct(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const isHigh = c >= 0xd800 && c <= 0xdbff;
    const next = s.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s[i]! + s[i + 1]!);
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    } else out += encodeURIComponent(s[i]!);
  }
  return out;
}

function urlOf(op: Operation, r: FuzzRequest): string {
  let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => pct(r.path[name]));
  const query: string[] = [];
  for (const [k, v] of Object.entries(r.query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) query.push(`${pct(k)}=${pct(item)}`);
  }
  if (r.twist === 'bad-url') path += '/%E0%A4%A';
  if (r.twist === 'huge-url') query.push(`pad=${'u'.repeat(100_000)}`);
  return query.length ? `${path}?${query.join('&')}` : path;
}

function send(base: string, method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + url, { method, headers, timeout: 30_000, agent: false }, (res) => {
      const type = String(res.headers['content-type'] ?? '');
      if (type.startsWith('text/event-stream')) {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, type, text: '' });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${url.slice(0, 200)}`)));
    req.on('error', reject);
    req.end(body);
  });
}

function bodyOf(r: FuzzRequest): { text: string | undefined; type: string } {
  switch (r.twist) {
    case 'text-plain':
      return { text: 'plain text', type: 'text/plain' };
    case 'raw-json':
      return { text: '{"a":', type: 'application/json' };
    case 'proto':
      return { text: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}', type: 'application/json' };
    case 'deep-json':
      return { text: '['.repeat(20_000) + ']'.repeat(20_000), type: 'application/json' };
    default:
      return { text: r.body === undefined ? undefined : JSON.stringify(r.body), type: 'application/json' };
  }
}

/** What is wrong with an answer, or null when it is fine. */
function verdict(a: Answer): string | null {
  if (a.status >= 500) return `status ${a.status}`;
  if (a.status < 400) return null;
  if (!a.type.startsWith('application/problem+json')) return `status ${a.status} with content-type "${a.type}"`;
  let p: any;
  try {
    p = JSON.parse(a.text);
  } catch {
    return `status ${a.status}: body is not JSON`;
  }
  if (typeof p?.code !== 'string' || !p.code) return `status ${a.status}: problem without code`;
  if (typeof p.messages?.it !== 'string' || typeof p.messages?.en !== 'string') return `status ${a.status}: problem without messages.it/en`;
  if (p.status !== a.status) return `status ${a.status}: problem says status ${p.status}`;
  return null;
}

function short(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' && x.length > 60 ? `${x.slice(0, 60)}…(${x.length})` : x))?.slice(0, 600) ?? 'undefined';
  } catch {
    return `${(JSON.stringify(v) ?? '').slice(0, 300)}… (deeply nested)`;
  }
}

const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

describe.each(testDatabases.map((database, i) => ({ database, name: database.name, seed: SEED + i })))('API fuzzer on $name', ({ database, seed }) => {
  let s: IdentityTestServer;
  let operations: Operation[];
  let ownId: string;
  const serverErrors: string[] = [];
  const ids = new Set<string>();

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        try {
          const line = JSON.parse(chunk.toString()) as { err?: { message?: string; stack?: string } };
          if (line.err) serverErrors.push(`${line.err.message ?? ''} ${(line.err.stack ?? '').split('\n')[1]?.trim() ?? ''}`);
        } catch {
          /* not a log line */
        }
        done();
      },
    });
    s = await startIdentityServer(database, undefined, { logger: { level: 'error', stream: logStream } });
    ownId = await createStaff(s.db, {
      username: 'fuzzer',
      grants: [
        { role: 'regional_admin', scope: { kind: 'region', code: 'LOM' } },
        { role: 'urp_monitor', scope: { kind: 'region', code: 'LOM' } },
        { role: 'reception_agent', scope: { kind: 'province', code: 'MI' } },
        { role: 'desk_operator', scope: { kind: 'office', code: 'MI01' } },
        { role: 'patronato_operator', scope: { kind: 'region', code: 'LOM' } },
        { role: 'labour_consultant', scope: { kind: 'region', code: 'LOM' } },
      ],
    });
    const spec = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> };
    operations = [];
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (SKIPPED.has(`${method.toUpperCase()} ${path}`)) continue;
        if (ONLY && !ONLY.test(path)) continue;
        operations.push({
          method: method.toUpperCase(),
          path,
          parameters: (op.parameters ?? []) as Operation['parameters'],
          body: op.requestBody?.content?.['application/json']?.schema as Schema | undefined,
        });
      }
    }
    // Reads first, so that the ids they reveal (offices, desks, users, bookings) feed the writes.
    operations.sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
  }, 120_000);

  afterAll(async () => {
    await s?.close();
  });

  it('answers every operation of the OpenAPI document without a 5xx, every error as problem+json', async () => {
    expect(operations.length).toBeGreaterThan(ONLY ? 0 : 90);
    const failures: string[] = [];
    for (const op of operations) {
      const sessions = {
        staff: await sessionCookie(s.db, s.settings, { userId: ownId }),
        citizen: await sessionCookie(s.db, s.settings, { taxCode: 'RSSMRA80A01F205X' }),
      };
      // A device enrolled afresh for each operation (a fuzzed revocation or deactivation does not carry over).
      const device = await enrolledDevice(s.db);
      const pool = [...ids].filter((id) => id !== ownId);
      let seen = '';
      const hist: Record<number, number> = {};
      const result = await fc.check(
        fc.asyncProperty(requestArb(op, pool), async (r) => {
          const url = urlOf(op, r);
          const { text, type } = bodyOf(r);
          const headers: Record<string, string> = { accept: 'application/json' };
          if (text !== undefined) headers['content-type'] = type;
          if (r.twist === 'huge-header') headers['x-padding'] = 'h'.repeat(40_000);
          if (r.actor === 'device') headers.authorization = `Bearer ${device}`;
          else if (r.actor !== 'anonymous') {
            headers.cookie = sessions[r.actor].cookie;
            headers['x-csrf-token'] = sessions[r.actor].csrf;
          }
          const before = serverErrors.length;
          const a = await send(s.url, op.method, url, headers, text);
          if (a.status < 400 && a.type.includes('json')) for (const m of a.text.matchAll(UUID_IN_TEXT)) ids.add(m[0].toLowerCase());
          if (process.env.FUZZ_DEBUG) hist[a.status] = (hist[a.status] ?? 0) + 1;
          const wrong = verdict(a);
          if (wrong) seen = `${wrong}: ${a.text.slice(0, 300)} ${serverErrors.slice(before).join(' | ').slice(0, 400)}`;
          return wrong === null;
        }),
        { numRuns: RUNS, seed, endOnFailure: true },
      );
      if (process.env.FUZZ_DEBUG) console.log(op.method, op.path, JSON.stringify(hist));
      if (result.failed) {
        failures.push(
          `${op.method} ${op.path} → ${seen || String(result.errorInstance)}\n    request: ${short(result.counterexample?.[0])}\n    replay on ${database.name}: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} (fast-check seed ${result.seed}, path "${result.counterexamplePath ?? ''}")`,
        );
      }
    }
    expect(failures, `${failures.length} operations failed:\n${failures.join('\n')}`).toEqual([]);
  }, 900_000);
});
