// The queue under crashes and concurrency. A worker is killed in the middle of a batch and
// another resumes: every notification is delivered, and a message is repeated only if the
// worker died after the provider accepted it and before the database recorded it (then it
// goes again with the same Message-ID, and the job counts it in `in_doubt`). On PostgreSQL
// the worker is a real child process (`sportello notify-worker`) killed with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailChannel } from '../../src/notifications/channels/email.js';
import { NotificationWorker } from '../../src/notifications/worker.js';
import type { Db } from '../../src/storage/db.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { migrate } from '../../src/storage/migrate.js';
import { romeTime, workingDay } from '../support/clock.js';
import { createPostgresDatabase, testDatabases } from '../support/databases.js';
import { createTestDesk } from '../support/test-desk.js';
import { cliCommand } from '../support/cluster.js';
import { enableChannels, insertBookings, jobsOf, startSmtp, type TestSmtp } from './notifications-support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `count` bookings with an e-mail address: `count` confirmations queued. */
async function makeBookings(db: Db, deskId: string, officeCode: string, count: number, first: number): Promise<void> {
  await insertBookings(db, { deskId, officeCode, count, first, firstStartMs: romeTime(workingDay(14), 8), perSlot: 2 });
}

function messageIds(smtp: TestSmtp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of smtp.messages) counts.set(m.messageId ?? '?', (counts.get(m.messageId ?? '?') ?? 0) + 1);
  return counts;
}

describe.each(testDatabases)('notification queue on $name', (database) => {
  let db: Db;
  let smtp: TestSmtp;
  let deskId: string;

  beforeAll(async () => {
    db = await database.open();
    smtp = await startSmtp();
    ({ deskId } = await createTestDesk(db, { code: 'NQ01' }));
    await db.query('UPDATE desk SET max_active_per_person = NULL, reminder_minutes = $2 WHERE id = $1', [deskId, []]);
    await enableChannels(db, { email: true });
  });
  afterAll(async () => {
    await smtp.close();
    await db.close();
  });

  it('a worker dying mid-batch: the rest is taken over; only the message it had with the provider goes twice, same Message-ID', async () => {
    smtp.messages.length = 0;
    await makeBookings(db, deskId, 'NQ01', 30, 1000);
    let clock = Date.now();
    let answered = 0;
    const first = new NotificationWorker({
      db, adapters: { email: emailChannel({ url: smtp.url, from: 'INPS <noreply@sportello.test>', connections: 1 }) },
      batchSize: 20, concurrency: 1, leaseMs: 60_000, now: () => clock,
      onProviderAnswer: () => {
        if (++answered === 8) throw new Error('worker killed'); // accepted by SMTP, not yet recorded
      },
    });
    await expect(first.runOnce()).rejects.toThrow('worker killed');
    await first.close();
    expect(smtp.messages).toHaveLength(8);
    const states = await jobsOf(db, "booking_id IN (SELECT id FROM booking WHERE desk_id = $1)", [deskId]);
    expect(states.filter((j) => j.state === 'sent')).toHaveLength(7);
    expect(states.filter((j) => j.state === 'sending')).toHaveLength(1); // in doubt
    expect(states.filter((j) => j.state === 'claimed')).toHaveLength(12); // never handed over
    // A second worker, once the lease has run out.
    clock += 61_000;
    const second = new NotificationWorker({
      db, adapters: { email: emailChannel({ url: smtp.url, from: 'INPS <noreply@sportello.test>' }) }, batchSize: 20, concurrency: 4, now: () => clock,
    });
    await second.drain();
    await second.close();
    const after = await jobsOf(db, "booking_id IN (SELECT id FROM booking WHERE desk_id = $1)", [deskId]);
    expect(after.every((j) => j.state === 'sent')).toBe(true);
    expect(after.reduce((s, j) => s + j.inDoubt, 0)).toBe(1);
    const ids = messageIds(smtp);
    expect(ids.size).toBe(30); // every notification delivered
    expect([...ids.values()].filter((n) => n > 1)).toEqual([2]); // one repeat: the one in doubt, same Message-ID
    const doubtful = after.find((j) => j.inDoubt === 1)!;
    expect(ids.get(`<${doubtful.id}@sportello.test>`)).toBe(2);
  });

  it('several workers on one queue never send the same job twice (FOR UPDATE SKIP LOCKED)', async () => {
    const { deskId: desk2 } = await createTestDesk(db, { code: 'NQ02' });
    await db.query('UPDATE desk SET max_active_per_person = NULL, reminder_minutes = $2 WHERE id = $1', [desk2, []]);
    smtp.messages.length = 0;
    await makeBookings(db, desk2, 'NQ02', 60, 2000);
    const workers = [1, 2, 3].map(() => new NotificationWorker({
      db, adapters: { email: emailChannel({ url: smtp.url, from: 'INPS <noreply@sportello.test>', connections: 2 }) }, batchSize: 7, concurrency: 2,
    }));
    await Promise.all(workers.map((w) => w.drain()));
    await Promise.all(workers.map((w) => w.close()));
    const ids = messageIds(smtp);
    expect(ids.size).toBe(60);
    expect([...ids.values()].every((n) => n === 1)).toBe(true);
  });
});

describe.runIf(testDatabases.some((d) => d.name === 'postgres'))('notify-worker process killed with SIGKILL (PostgreSQL)', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let url: string;
  let smtp: TestSmtp;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    url = created.url;
    drop = created.drop;
    db = await openPostgres(url, 5);
    await migrate(db);
    smtp = await startSmtp();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await smtp.close();
    await db.close();
    await drop();
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, cliCommand('notify-worker'), {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url, SMTP_URL: smtp.url, SMTP_FROM: 'INPS <noreply@sportello.test>',
        LOG_LEVEL: 'warn', NOTIFY_BATCH_SIZE: '50', NOTIFY_CONCURRENCY: '1', NOTIFY_POLL_MS: '200', NOTIFY_LEASE_SECONDS: '5',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    return child;
  }

  it('kills the worker in the middle of a batch, restarts it: every notification delivered exactly once', async () => {
    const { deskId } = await createTestDesk(db, { code: 'NK01' });
    await db.query('UPDATE desk SET max_active_per_person = NULL, reminder_minutes = $2 WHERE id = $1', [deskId, []]);
    await enableChannels(db, { email: true });
    await makeBookings(db, deskId, 'NK01', 100, 3000);
    const first = startWorker();
    const exited = new Promise<NodeJS.Signals | null>((r) => first.once('exit', (_code, signal) => r(signal)));
    // The 40th message reaches the SMTP server: the worker is killed before the server
    // accepts it (that message was not delivered; its job is left 'sending').
    smtp.onMessage = (_raw, index) => {
      if (index === 39 && first.exitCode === null && first.signalCode === null) {
        first.kill('SIGKILL');
        throw new Error('worker gone');
      }
    };
    expect(await exited).toBe('SIGKILL');
    smtp.onMessage = undefined;
    expect(smtp.messages).toHaveLength(39);
    const mid = await jobsOf(db);
    expect(mid.filter((j) => j.state === 'sent')).toHaveLength(39);
    expect(mid.filter((j) => j.state === 'sending')).toHaveLength(1);
    expect(mid.filter((j) => j.state === 'claimed').length).toBeGreaterThan(0); // the rest of its batch
    // Restart: the new worker takes over when the dead one's lease runs out (5 s).
    const second = startWorker();
    await smtp.waitFor(100, 45_000);
    // Give it a moment to record the last answers, then stop it gracefully.
    for (let i = 0; i < 50; i++) {
      if ((await jobsOf(db, "state <> 'sent'")).length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const stopped = new Promise<number | null>((r) => second.once('exit', (code) => r(code)));
    second.kill('SIGTERM');
    expect(await stopped).toBe(0);
    const ids = messageIds(smtp);
    expect(smtp.messages).toHaveLength(100);
    expect(ids.size).toBe(100);
    expect([...ids.values()].every((n) => n === 1)).toBe(true);
    const end = await jobsOf(db);
    expect(end.every((j) => j.state === 'sent')).toBe(true);
    expect(end.filter((j) => j.inDoubt > 0)).toHaveLength(1); // recorded: it was with the provider when the worker died
  }, 90_000);
});
