// Helpers for the notification tests: a real SMTP server (smtp-server) whose messages are
// parsed with mailparser, booking helpers, and the channel switches the trigger reads.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { bookPlace } from '../../src/booking/book-place.js';
import { bookingDeps, deriveBookingSecret, type BookingDeps } from '../../src/booking/deps.js';
import { NOTIFICATION_KINDS, type Channel } from '../../src/notifications/kinds.js';
import { syncChannels } from '../../src/notifications/queue.js';
import type { Db } from '../../src/storage/db.js';
import { taxCodeFor } from '../support/test-desk.js';

export interface TestSmtp {
  url: string;
  port: number;
  /** Parsed messages, in the order the server accepted them. */
  messages: ParsedMail[];
  /** Raw messages, as received. */
  raw: string[];
  /** Resolves when `n` messages have been accepted. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  /** Addresses refused at RCPT TO with 550. */
  refuse: Set<string>;
  /** Called for each message before it is accepted; may delay or throw (refused with 451). */
  onMessage?: (raw: string, index: number) => void | Promise<void>;
  close(): Promise<void>;
}

export async function startSmtp(port = 0): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const raw: string[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const state: TestSmtp = {
    url: '',
    port: 0,
    messages,
    raw,
    refuse: new Set(),
    waitFor(n, timeoutMs = 20_000) {
      if (messages.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`SMTP: ${messages.length} of ${n} messages after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (state.refuse.has(address.address.toLowerCase())) {
        const err = Object.assign(new Error('5.1.1 Recipient address rejected: user unknown'), { responseCode: 550 });
        return cb(err);
      }
      cb();
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        void (async () => {
          try {
            if (state.onMessage) await state.onMessage(text, raw.length);
          } catch (err) {
            return cb(Object.assign(new Error(`4.3.0 ${(err as Error).message}`), { responseCode: 451 }));
          }
          raw.push(text);
          messages.push(await simpleParser(text));
          for (const w of waiters.filter((x) => messages.length >= x.n)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
          cb();
        })();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  state.port = address.port;
  state.url = `smtp://127.0.0.1:${address.port}`;
  return state;
}

/** Which channels the enqueueing trigger sees as enabled (what the worker writes at start). */
export async function enableChannels(db: Db, on: Partial<Record<Channel, boolean>>): Promise<void> {
  await syncChannels(db, {
    email: { enabled: !!on.email, kinds: NOTIFICATION_KINDS },
    sms: { enabled: !!on.sms, kinds: NOTIFICATION_KINDS },
    appio: { enabled: !!on.appio, kinds: NOTIFICATION_KINDS },
  });
}

/** Booking use cases on the real clock, or on `now` when a test chooses its own. */
export function testBookingDeps(db: Db, now?: () => number): BookingDeps {
  return bookingDeps(db, deriveBookingSecret('n'.repeat(40)), now ? { now } : {});
}

export function person(i: number, extra: Record<string, unknown> = {}) {
  return {
    taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 347 ${String(1000000 + i).slice(-7)}`,
    email: `persona${i}@example.it`, language: 'it' as const, consent: true, channel: 'phone' as const,
    source: 'web' as const, actor: 'citizen', ...extra,
  };
}

/** Books directly (as reception would) at `startMs`. */
export async function book(deps: BookingDeps, deskId: string, startMs: number, i: number, extra: Record<string, unknown> = {}) {
  return bookPlace(deps, { ...person(i, extra), deskId, startMs, source: 'reception', actor: 'staff:test' });
}

export async function jobsOf(db: Db, where = 'true', params: unknown[] = []) {
  const r = await db.query<{ id: string; kind: string; channel: string; state: string; attempts: number; inDoubt: number; lastError: string | null; runAfter: Date; eventKey: string }>(
    `SELECT id, kind, channel, state, attempts, in_doubt AS "inDoubt", last_error AS "lastError", run_after AS "runAfter", event_key AS "eventKey"
       FROM notification_job WHERE ${where} ORDER BY created_at, id`,
    params,
  );
  return r.rows;
}

/** A tiny JSON HTTP server on 127.0.0.1 for provider fakes. */
export async function startHttp(
  handler: (req: IncomingMessage & { body: string }, res: ServerResponse) => unknown,
): Promise<{ url: string; close(): Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Object.assign(req, { body: Buffer.concat(chunks).toString('utf8') });
      Promise.resolve(handler(req as IncomingMessage & { body: string }, res)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * `count` booked bookings written straight into the tables (the database's triggers queue
 * their notifications exactly as for bookings made through the use cases): slots of 10
 * minutes from `firstStartMs`, `perSlot` bookings each. Person i has persona<i>@example.it.
 */
export async function insertBookings(
  db: Db, o: { deskId: string; officeCode: string; count: number; first: number; firstStartMs: number; perSlot?: number },
): Promise<void> {
  const perSlot = o.perSlot ?? 100;
  await db.query('UPDATE desk SET max_active_per_person = NULL WHERE id = $1', [o.deskId]);
  for (let from = 0; from < o.count; from += 2000) {
    const n = Math.min(2000, o.count - from);
    const starts: Date[] = [];
    const codes: string[] = [];
    const taxCodes: string[] = [];
    const phones: string[] = [];
    const emails: string[] = [];
    for (let k = 0; k < n; k++) {
      const i = o.first + from + k;
      starts.push(new Date(o.firstStartMs + Math.floor((from + k) / perSlot) * 600_000));
      let code = '';
      for (let x = i, d = 0; d < 5; d++, x = Math.floor(x / CODE_ALPHABET.length)) code = CODE_ALPHABET[x % CODE_ALPHABET.length]! + code;
      codes.push(`${o.officeCode}-1-${code}`);
      taxCodes.push(taxCodeFor(i % 10_000));
      phones.push(`+39347${String(1_000_000 + i).slice(-7)}`);
      emails.push(`persona${i}@example.it`);
    }
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO slot (desk_id, starts_at, ends_at, capacity)
         SELECT DISTINCT $1::uuid, s, s + interval '10 minutes', 200 FROM unnest($2::timestamptz[]) s ON CONFLICT DO NOTHING`,
        [o.deskId, starts],
      );
      await tx.query(
        `INSERT INTO booking (desk_id, starts_at, ends_at, status, code, pin_hash, tax_code, full_name, phone, email, consent_at, booked_at, source)
         SELECT $1::uuid, s, s + interval '10 minutes', 'booked', c, 'not-a-real-hash', t, 'Persona di prova', p, e, now(), now(), 'staff'
           FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(s, c, t, p, e)`,
        [o.deskId, starts, codes, taxCodes, phones, emails],
      );
    });
  }
}
