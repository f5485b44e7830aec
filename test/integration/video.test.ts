// Video appointments (src/video): the room's times (office setting and default), the entry code,
// who may join, TURN credentials per room, the link for third parties, and the signalling
// between the two sides across two server instances on one database.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookPlace } from '../../src/booking/book-place.js';
import { videoSettingsFromConfig } from '../../src/adapters/video/settings.js';
import { roomLinkForBooking } from '../../src/video/index.js';
import { buildMessage, loadContexts } from '../../src/notifications/message.js';
import { defaultTemplate } from '../../src/notifications/templates.js';
import { createPostgresDatabase, testDatabases } from '../support/databases.js';
import { taxCodeFor } from '../support/test-desk.js';
import { operatorOf, staffClient, startCallsServer, todayAt, type CallsServer, type Client } from './calls-support.js';

const TURN_SECRET = 'a-turn-secret-of-the-test-0123456789';
const video = {
  settings: videoSettingsFromConfig({
    VIDEO_ICE_SERVERS: JSON.stringify([{ urls: 'stun:127.0.0.1:3478' }, { urls: ['turn:127.0.0.1:3478?transport=udp'] }]),
    VIDEO_TURN_SECRET: TURN_SECRET,
    PUBLIC_URL: 'https://sportello.example.it',
  }),
};

let seq = 0;
async function book(s: CallsServer, hh: number, mm: number, channel: 'phone' | 'video' = 'video') {
  const k = 7000 + seq++;
  const made = await bookPlace(s.booking, {
    deskId: s.deskId, startMs: todayAt(hh, mm), channel, source: 'staff', actor: 'system',
    taxCode: taxCodeFor(k), fullName: `Cittadina ${k}`, phone: `+39333${String(2000000 + k).slice(-7)}`, language: 'it', consent: true,
  });
  return (await s.db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [made.booking.code])).rows[0]!.id;
}

const json = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}), ...init?.headers } });
  return { status: res.status, body: (await res.json()) as any };
};

/** Reads a Server-Sent Events stream; `next(type)` resolves with the next event of that type. */
function sse(url: string, headers: Record<string, string> = {}) {
  const ac = new AbortController();
  const queue: { event: string; data: any }[] = [];
  const waiters: (() => void)[] = [];
  const done = (async () => {
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ac.signal });
    if (res.status !== 200) throw new Error(`stream ${res.status}`);
    const reader = res.body!.getReader();
    let buf = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      buf += new TextDecoder().decode(value);
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) {
          queue.push({ event, data: data ? JSON.parse(data) : null });
          waiters.splice(0).forEach((w) => w());
        }
      }
    }
  })().catch(() => undefined);
  return {
    async next(event: string, ms = 5000): Promise<any> {
      const until = Date.now() + ms;
      for (;;) {
        const k = queue.findIndex((q) => q.event === event);
        if (k >= 0) return queue.splice(k, 1)[0]!.data;
        if (Date.now() > until) throw new Error(`no ${event} event`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    close() {
      ac.abort();
      return done;
    },
  };
}

describe.each(testDatabases)('video appointments on $name', (database) => {
  let s: CallsServer;
  let op: Client;
  beforeAll(async () => {
    s = await startCallsServer(database, { video });
    op = await staffClient(s, 'video.op', operatorOf());
  });
  afterAll(async () => s?.close());

  it('opens the room five minutes before the slot and closes it fifteen after its end', async () => {
    const id = await book(s, 10, 0);
    s.clock.now = todayAt(9);
    const joined = await op.get(`/api/staff/video/bookings/${id}`);
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ state: 'waiting', provider: 'builtin', entry: null, bookingId: id });
    expect(joined.body.opensAt).toMatch(/T09:55:00\+0[12]:00$/);
    expect(joined.body.closesAt).toMatch(/T10:25:00\+0[12]:00$/);
    expect(joined.body.citizen.phone).toMatch(/^\+39333/);
    const link = (await roomLinkForBooking(s.db, id, s.clock.now, video.settings))!;
    expect(link.url).toMatch(/^https:\/\/sportello\.example\.it\/video\/r\/[A-Za-z0-9_-]{32}$/);
    expect(link.entryCode).toBe(joined.body.entryCode);
    const token = link.url.split('/').pop()!;

    s.clock.now = todayAt(9, 54);
    expect((await json(`${s.url}/api/video/rooms/${token}`)).body).toMatchObject({ state: 'waiting', entry: null });
    const early = await json(`${s.url}/api/video/rooms/${token}/signals`, { method: 'POST', body: JSON.stringify({ type: 'hello' }) });
    expect(early).toMatchObject({ status: 409, body: { code: 'room_not_open' } });

    s.clock.now = todayAt(9, 55);
    const open = await json(`${s.url}/api/video/rooms/${token}`);
    expect(open.body.state).toBe('open');
    const [stun, turn] = open.body.entry.iceServers;
    expect(stun).toEqual({ urls: 'stun:127.0.0.1:3478' });
    // TURN REST credentials: <expiry>:<room>, HMAC-SHA1 with the shared secret; expiring when the room closes.
    const [expiry, room] = turn.username.split(':');
    expect(Number(expiry) * 1000).toBe(todayAt(10, 25));
    expect(room).toMatch(/^sportello-[a-z0-9]{20}$/);
    expect(turn.credential).toBe(createHmac('sha1', TURN_SECRET).update(turn.username).digest('base64'));
    expect(JSON.stringify(open.body)).not.toContain('Cittadina');

    s.clock.now = todayAt(10, 25);
    expect((await json(`${s.url}/api/video/rooms/${token}`))).toMatchObject({ status: 410, body: { code: 'room_closed' } });
    expect(await roomLinkForBooking(s.db, id, s.clock.now, video.settings)).toBeNull();
  });

  it('follows the office setting of the opening, and closes the room of a cancelled booking', async () => {
    const id = await book(s, 11, 0);
    await s.db.query('UPDATE office SET video_open_minutes = 12 WHERE id = $1', [s.officeId]);
    try {
      s.clock.now = todayAt(10, 48);
      const j = await op.get(`/api/staff/video/bookings/${id}`);
      expect(j.body.state).toBe('open');
      expect(j.body.entry.provider).toBe('builtin');
      const link = (await roomLinkForBooking(s.db, id, s.clock.now, video.settings))!;
      await s.db.query("UPDATE booking SET status = 'cancelled', cancelled_at = now() WHERE id = $1", [id]);
      expect((await json(`${s.url}/api/video/rooms/${link.url.split('/').pop()}`)).body.code).toBe('room_closed');
      expect(await roomLinkForBooking(s.db, id, s.clock.now, video.settings)).toBeNull();
    } finally {
      await s.db.query('UPDATE office SET video_open_minutes = NULL WHERE id = $1', [s.officeId]);
    }
  });

  it('leads from the entry code, as people type it, to the room; refuses unknown and closed codes', async () => {
    const id = await book(s, 12, 0);
    s.clock.now = todayAt(11);
    const link = (await roomLinkForBooking(s.db, id, s.clock.now, video.settings))!;
    expect(link.entryCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const typed = ` ${link.entryCode.toLowerCase().replace('-', ' ')} `;
    const found = await json(`${s.url}/api/video/entry`, { method: 'POST', body: JSON.stringify({ code: typed }) });
    expect(found).toMatchObject({ status: 200, body: { token: link.url.split('/').pop() } });
    expect((await json(`${s.url}/api/video/entry`, { method: 'POST', body: JSON.stringify({ code: 'ZZZZ-ZZZZ' }) })).body.code).toBe('room_not_found');
    expect((await json(`${s.url}/api/video/entry`, { method: 'POST', body: JSON.stringify({ code: 'hello' }) })).body.code).toBe('room_not_found');
    s.clock.now = todayAt(12, 26);
    expect((await json(`${s.url}/api/video/entry`, { method: 'POST', body: JSON.stringify({ code: link.entryCode }) }))).toMatchObject({ status: 410, body: { code: 'room_closed' } });
  });

  it('puts the room’s link, entry code and opening in the confirmation and its calendar file', async () => {
    const id = await book(s, 15, 0);
    // The confirmation's jobs as the queue holds them (whatever channels the test database enables).
    const jobs = await s.db.query<{ id: string; kind: 'booking_confirmed'; channel: 'email' | 'sms'; data: Record<string, unknown> }>(
      `INSERT INTO notification_job (event_key, kind, channel, booking_id, starts_at, expires_at)
       SELECT 'video-test:' || b.id || ':' || ch, 'booking_confirmed', ch, b.id, b.starts_at, b.starts_at FROM booking b, unnest(ARRAY['email', 'sms']) AS ch
        WHERE b.id = $1
       ON CONFLICT (event_key, channel) DO NOTHING
       RETURNING id, kind, channel, data`, [id],
    );
    expect(jobs.rows.length).toBeGreaterThan(0);
    const contexts = await loadContexts(s.db, jobs.rows.map((j) => j.id));
    const link = (await roomLinkForBooking(s.db, id, s.clock.now, video.settings))!;
    for (const job of jobs.rows) {
      const c = contexts.get(job.id)!;
      c.email ??= 'x@example.it';
      const msg = buildMessage(job, c, defaultTemplate('booking_confirmed', 'it', job.channel), 'https://sportello.example.it');
      expect(msg.text).toContain(link.entryCode);
      expect(msg.text).toContain(`https://sportello.example.it/video/r/${link.url.split('/').pop()}`);
      if (job.channel === 'email') {
        expect(msg.text).toMatch(/la stanza apre alle 14:55/);
        expect(msg.ics).toContain(link.entryCode);
        expect(msg.ics).not.toMatch(/riceverai il link/i);
      }
    }
  });

  it('lets only an operator of the desk join, and only a video booking', async () => {
    const phone = await book(s, 13, 0, 'phone');
    s.clock.now = todayAt(12, 58);
    expect((await op.get(`/api/staff/video/bookings/${phone}`)).status).toBe(404);
    expect(await roomLinkForBooking(s.db, phone, s.clock.now, video.settings)).toBeNull();
    const id = await book(s, 13, 0);
    const other = await staffClient(s, 'video.other', [{ role: 'desk_operator', scope: { kind: 'province', code: 'MI' } }]);
    expect((await other.get(`/api/staff/video/bookings/${id}`)).status).toBe(403);
    expect((await other.send('POST', `/api/staff/video/bookings/${id}/signals`, { type: 'hello' })).status).toBe(403);
    expect((await op.get(`/api/staff/video/bookings/not-a-uuid`)).status).toBe(404);
    expect((await json(`${s.url}/api/video/rooms/not-a-token`)).status).toBe(404);
  });
});

describe.each(testDatabases)('video signalling across two instances on $name', (database) => {
  let a: CallsServer;
  let b: CallsServer;
  let dropPg: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    if (database.name === 'postgres') {
      // Two instances on one PostgreSQL database, each with its LISTEN connection.
      const created = await createPostgresDatabase(process.env.SPORTELLO_TEST_POSTGRES_TEMPLATE);
      dropPg = created.drop;
      const { openPostgres } = await import('../../src/storage/postgres.js');
      const { seedDemo } = await import('../../src/app.js');
      const { createTestDesk } = await import('../support/test-desk.js');
      const dbA = await openPostgres(created.url, 10);
      await seedDemo(dbA);
      await createTestDesk(dbA, { code: 'TT01', slotMinutes: 10, places: 2, minNoticeMinutes: 0 });
      const dbB = await openPostgres(created.url, 10);
      a = await startCallsServer(database, { db: dbA, video: { ...video, listenUrl: created.url } });
      b = await startCallsServer(database, { db: dbB, video: { ...video, listenUrl: created.url } });
      const closeA = a.close.bind(a);
      const closeB = b.close.bind(b);
      a.close = async () => { await closeA(); await dbA.close(); };
      b.close = async () => { await closeB(); await dbB.close(); };
    } else {
      // PGlite is one process: two servers on the same database share its in-process bus.
      a = await startCallsServer(database, { video });
      b = await startCallsServer(database, { db: a.db, video });
    }
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await dropPg?.();
  });

  it('carries the operator’s offer from instance A to the citizen on B, and the answer back', async () => {
    const id = await book(a, 14, 0);
    a.clock.now = b.clock.now = todayAt(13, 58);
    const op = await staffClient(a, 'video.sig', operatorOf());
    const token = (await roomLinkForBooking(a.db, id, a.clock.now, video.settings))!.url.split('/').pop()!;
    const opStream = sse(`${a.url}/api/staff/video/bookings/${id}/signals`, { cookie: op.cookie });
    const citizenStream = sse(`${b.url}/api/video/rooms/${token}/signals`);
    await opStream.next('ready');
    await citizenStream.next('ready');

    const sdp = `v=0\r\n${'a=candidate:x 1 udp 1 127.0.0.1 9 typ host\r\n'.repeat(300)}`; // ~13 kB: more than NOTIFY carries
    expect((await op.send('POST', `/api/staff/video/bookings/${id}/signals`, { type: 'offer', sdp })).status).toBe(200);
    expect(await citizenStream.next('signal')).toEqual({ type: 'offer', sdp });
    const answered = await json(`${b.url}/api/video/rooms/${token}/signals`, { method: 'POST', body: JSON.stringify({ type: 'answer', sdp: 'v=0\r\n' }) });
    expect(answered.status).toBe(200);
    expect(await opStream.next('signal')).toEqual({ type: 'answer', sdp: 'v=0\r\n' });
    // A side never hears itself.
    await expect(citizenStream.next('signal', 300)).rejects.toThrow();
    const bad = await json(`${b.url}/api/video/rooms/${token}/signals`, { method: 'POST', body: JSON.stringify({ type: 'offer' }) });
    expect(bad).toMatchObject({ status: 400 });
    // The operator's fall-back to a phone call reaches the citizen; a citizen cannot announce it.
    expect((await op.send('POST', `/api/staff/video/bookings/${id}/signals`, { type: 'phone' })).status).toBe(200);
    expect(await citizenStream.next('signal')).toEqual({ type: 'phone' });
    const spoofed = await json(`${b.url}/api/video/rooms/${token}/signals`, { method: 'POST', body: JSON.stringify({ type: 'phone' }) });
    expect(spoofed).toMatchObject({ status: 400, body: { code: 'invalid_input' } });
    await expect(opStream.next('signal', 300)).rejects.toThrow();
    await opStream.close();
    await citizenStream.close();
  });
});
