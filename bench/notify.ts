/**
 * bench:notify — 10,000 reminders through the notification queue to a local SMTP server.
 *
 * 10,000 bookings are written to a scratch database (PostgreSQL by default; --pglite: the
 * embedded database); the database's own trigger queues one 24-hour reminder each (e-mail is
 * the only channel on, carrying reminders only). The reminders are then made due at once,
 * and one worker (the same NotificationWorker the server runs, default batch 100 and 8
 * messages in flight, or --batch / --concurrency) claims, renders (HTML + text + .ics) and
 * sends them over SMTP to an smtp-server running in a child process, which counts messages
 * and Message-IDs. Timed from the worker's start until every job is recorded sent and the
 * server has every message. Last line: one JSON object.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Db } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { openPglite } from '../src/storage/pglite.js';
import { openPostgres } from '../src/storage/postgres.js';
import { emailChannel } from '../src/notifications/channels/email.js';
import { NOTIFICATION_KINDS } from '../src/notifications/kinds.js';
import { syncChannels } from '../src/notifications/queue.js';
import { NotificationWorker } from '../src/notifications/worker.js';
import { createTestDesk, taxCodeFor } from '../test/support/test-desk.js';
import { MACHINE, onCleanup, runBench, scratchDatabase } from './support.js';

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

// ------------------------------------------------------------------ the SMTP server (child)

if (process.argv.includes('--smtp-child')) {
  const { SMTPServer } = await import('smtp-server');
  let messages = 0;
  let bytes = 0;
  const ids = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 256,
    onData(stream, _session, cb) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
        if (head.length < 4096) head += c.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '?';
        ids.set(id, (ids.get(id) ?? 0) + 1);
        messages++;
        cb();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.server.address();
    process.send!({ port: typeof a === 'object' && a ? a.port : 0 });
  });
  process.on('message', (m: string) => {
    if (m === 'count') process.send!({ messages, bytes, distinct: ids.size, duplicates: [...ids.values()].filter((n) => n > 1).length });
    if (m === 'stop') server.close(() => process.exit(0));
  });
} else {
  await runBench('notify', main);
}

async function startSmtpChild(): Promise<{ child: ChildProcess; port: number; count(): Promise<{ messages: number; bytes: number; distinct: number; duplicates: number }> }> {
  const child = fork(fileURLToPath(import.meta.url), ['--smtp-child'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  onCleanup(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', () => reject(new Error('SMTP child exited')));
  });
  return {
    child,
    port,
    count: () => new Promise((resolve) => {
      child.once('message', resolve as (m: unknown) => void);
      child.send('count');
    }),
  };
}

// ------------------------------------------------------------------ the benchmark

async function main(): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    options: {
      pglite: { type: 'boolean', default: false },
      count: { type: 'string', default: '10000' },
      batch: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '8' },
    },
    allowPositionals: true,
  });
  const count = Number(values.count);
  const batchSize = Number(values.batch);
  const concurrency = Number(values.concurrency);
  const database = values.pglite ? 'pglite' : 'postgres';

  let db: Db;
  if (values.pglite) {
    db = await openPglite();
  } else {
    const scratch = await scratchDatabase('sportello_bench_notify');
    db = await openPostgres(scratch.url, 10);
  }
  onCleanup(() => db.close());
  await migrate(db);
  const smtp = await startSmtpChild();
  onCleanup(async () => {
    smtp.child.send('stop');
  });

  // One desk, reminders 24 h before; e-mail on, carrying reminders only.
  const { deskId } = await createTestDesk(db, { code: 'BN01' });
  await db.query("UPDATE desk SET max_active_per_person = NULL, reminder_minutes = '{1440}' WHERE id = $1", [deskId]);
  const off = { enabled: false, kinds: NOTIFICATION_KINDS };
  await syncChannels(db, { email: { enabled: true, kinds: ['reminder'] }, sms: off, appio: off });

  const t0 = performance.now();
  const firstStart = Date.now() + 3 * 86_400_000;
  await insertBookings(db, deskId, count, firstStart);
  const enqueueMs = performance.now() - t0;
  const queued = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM notification_job WHERE kind = 'reminder' AND state = 'pending'");
  if (queued.rows[0]!.n !== count) throw new Error(`expected ${count} reminders queued, found ${queued.rows[0]!.n}`);
  // Make them all due now (they would be, one by one, 24 h before each appointment).
  await db.query("UPDATE notification_job SET run_after = now() - interval '1 second' WHERE kind = 'reminder'");

  const worker = new NotificationWorker({
    db,
    adapters: { email: emailChannel({ url: `smtp://127.0.0.1:${smtp.port}`, from: 'INPS Sportello <noreply@sportello.bench>', connections: concurrency }) },
    batchSize,
    concurrency,
    pollMs: 50,
  });
  const t1 = performance.now();
  worker.start();
  let sent: number;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    sent = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM notification_job WHERE state = 'sent'")).rows[0]!.n;
    const left = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM notification_job WHERE state IN ('pending', 'claimed', 'sending')")).rows[0]!.n;
    if (left === 0) break;
    if (performance.now() - t1 > 600_000) throw new Error(`timed out with ${left} left`);
  }
  const seconds = (performance.now() - t1) / 1000;
  await worker.close();
  const received = await smtp.count();
  const failed = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM notification_job WHERE state NOT IN ('sent')")).rows[0]!.n;
  const rate = Math.round((sent / seconds) * 10) / 10;
  console.error(`${database}: ${sent} reminders in ${seconds.toFixed(1)} s = ${rate} messages/s (enqueue of ${count} bookings with their reminders: ${(enqueueMs / 1000).toFixed(1)} s)`);
  return {
    bench: 'notify',
    machine: MACHINE,
    date: new Date().toISOString().slice(0, 10),
    database,
    reminders: count,
    sent,
    received: received.messages,
    distinctMessageIds: received.distinct,
    duplicates: received.duplicates,
    failed,
    seconds: Math.round(seconds * 10) / 10,
    messagesPerSecond: rate,
    avgMessageKB: Math.round((received.bytes / Math.max(1, received.messages) / 1024) * 10) / 10,
    enqueueSeconds: Math.round(enqueueMs / 100) / 10,
    batchSize,
    concurrency,
    ok: sent === count && received.messages === count && received.distinct === count && failed === 0,
  };
}


/** Bookings written straight into the tables, 100 per 10-minute slot; the triggers queue their reminders. */
async function insertBookings(db: Db, deskId: string, count: number, firstStartMs: number): Promise<void> {
  const slot0 = Math.ceil(firstStartMs / 600_000) * 600_000;
  for (let from = 0; from < count; from += 2000) {
    const n = Math.min(2000, count - from);
    const starts: Date[] = [];
    const codes: string[] = [];
    const taxCodes: string[] = [];
    const phones: string[] = [];
    const emails: string[] = [];
    for (let k = 0; k < n; k++) {
      const i = from + k;
      starts.push(new Date(slot0 + Math.floor(i / 100) * 600_000));
      let code = '';
      for (let x = i, d = 0; d < 5; d++, x = Math.floor(x / CODE_ALPHABET.length)) code = CODE_ALPHABET[x % CODE_ALPHABET.length]! + code;
      codes.push(`BN01-1-${code}`);
      taxCodes.push(taxCodeFor(i % 10_000));
      phones.push(`+39347${String(1_000_000 + i).slice(-7)}`);
      emails.push(`persona${i}@example.it`);
    }
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO slot (desk_id, starts_at, ends_at, capacity)
         SELECT DISTINCT $1::uuid, s, s + interval '10 minutes', 200 FROM unnest($2::timestamptz[]) s ON CONFLICT DO NOTHING`,
        [deskId, starts],
      );
      await tx.query(
        `INSERT INTO booking (desk_id, starts_at, ends_at, status, code, pin_hash, tax_code, full_name, phone, email, consent_at, booked_at, source)
         SELECT $1::uuid, s, s + interval '10 minutes', 'booked', c, 'bench', t, 'Persona di prova', p, e, now(), now(), 'staff'
           FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(s, c, t, p, e)`,
        [deskId, starts, codes, taxCodes, phones, emails],
      );
    });
  }
}
