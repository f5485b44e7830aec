// SMS (a generic HTTP gateway and Skebby) and App IO adapters, each against a local HTTP
// server on 127.0.0.1 that speaks the provider's API (VENDOR-APIS.md): authentication,
// bodies, idempotency keys, refused numbers, outages, 429 with Retry-After, App IO's profile
// check (sender_allowed, no profile). Also: a place offered from the waiting list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appIoChannel } from '../../src/notifications/channels/app-io.js';
import { httpSmsChannel } from '../../src/notifications/channels/sms-http.js';
import { skebbyChannel } from '../../src/notifications/channels/sms-skebby.js';
import { NotificationWorker } from '../../src/notifications/worker.js';
import type { Db } from '../../src/storage/db.js';
import { romeTime, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';
import { enableChannels, insertBookings, jobsOf, json, startHttp } from './notifications-support.js';

const phoneOf = (i: number) => `+39347${String(1_000_000 + i).slice(-7)}`;
/** 09:00 in Rome on a working day two weeks ahead (bookings are inserted at and after it, and on the next day). */
const START = romeTime(workingDay(14), 9);
/** "lunedì 3 maggio 2027" and "03/05/2027": how the messages write an instant's date in Rome. */
const longDate = (ms: number) => new Intl.DateTimeFormat('it-IT', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Rome' }).format(ms);
const shortDate = (ms: number) => new Intl.DateTimeFormat('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Rome' }).format(ms);

describe.each(testDatabases)('SMS and App IO notifications on $name', (database) => {
  let db: Db;
  let deskId: string;
  let clock = Date.now();
  const now = () => Math.max(clock, Date.now());

  beforeAll(async () => {
    db = await database.open();
    ({ deskId } = await createTestDesk(db, { code: 'NS01' }));
    await db.query("UPDATE desk SET reminder_minutes = '{}', caller_phone = '+390280009999' WHERE id = $1", [deskId]);
  });
  afterAll(async () => db.close());

  const jobsFor = (first: number, count: number, channel: string) =>
    jobsOf(db, 'channel = $3 AND booking_id IN (SELECT id FROM booking WHERE phone = ANY($1) AND desk_id = $2)',
      [Array.from({ length: count }, (_, k) => phoneOf(first + k)), deskId, channel]);

  it('generic HTTP gateway: auth header, body template, idempotency key; outage waits; a refused number is undeliverable', async () => {
    const received: { headers: Record<string, unknown>; body: Record<string, string> }[] = [];
    let down = true;
    const gw = await startHttp((req, res) => {
      if (req.headers.authorization !== 'Bearer t0k3n') return json(res, 401, { error: 'unauthorised' });
      if (down) return json(res, 503, { error: 'maintenance' }, { 'retry-after': '120' });
      const body = JSON.parse(req.body) as Record<string, string>;
      received.push({ headers: req.headers, body });
      if (body.to === phoneOf(102)) return json(res, 400, { error: 'invalid destination' });
      json(res, 200, { status: 'queued', message: { id: `gw-${received.length}` } });
    });
    await enableChannels(db, { sms: true });
    await insertBookings(db, { deskId, officeCode: 'NS01', count: 3, first: 100, firstStartMs: START });
    const worker = new NotificationWorker({
      db, now, adapters: { sms: httpSmsChannel({ url: `${gw.url}/send`, headers: { Authorization: 'Bearer t0k3n' }, sender: 'INPS MI', idField: 'message.id' }) },
    });
    try {
      let s = await worker.drain();
      expect(s.sent).toBe(0);
      expect((await jobsFor(100, 3, 'sms')).map((j) => [j.state, j.attempts])).toEqual([['pending', 0], ['pending', 0], ['pending', 0]]);
      down = false;
      clock = Date.now() + 121_000; // after Retry-After
      s = await worker.drain();
      expect(s).toMatchObject({ sent: 2, undeliverable: 1 });
      const jobs = await jobsFor(100, 3, 'sms');
      expect(jobs.map((j) => j.state).sort()).toEqual(['sent', 'sent', 'undeliverable']);
      expect(jobs.find((j) => j.state === 'undeliverable')!.lastError).toContain('HTTP 400');
      const first = received.find((r) => r.body.to === phoneOf(100))!;
      expect(first.body.from).toBe('INPS MI');
      expect(first.body.text).toMatch(new RegExp(`^INPS Sede di prova NS01: prenotazione NS01-1-\\w{5} confermata per il ${shortDate(START)} ore 09:00\\. Ti chiameremo dal \\+390280009999\\. Tieni pronto il PIN\\.$`));
      const job = jobs.find((j) => j.state === 'sent' && j.eventKey)!;
      expect(received.map((r) => r.headers['idempotency-key'])).toContain(job.id);
      const ids = await db.query<{ providerId: string }>("SELECT provider_id AS \"providerId\" FROM notification_job WHERE state = 'sent' AND channel = 'sms' ORDER BY provider_id");
      expect(ids.rows.map((r) => r.providerId)).toEqual(expect.arrayContaining([expect.stringMatching(/^gw-\d$/)]));
    } finally {
      await worker.close();
      await gw.close();
      await enableChannels(db, {});
    }
  });

  it('Skebby: log in, send with the session keys, log in again when the session expired', async () => {
    const logins: string[] = [];
    const sent: Record<string, unknown>[] = [];
    let session = 0;
    let expireOnce = true;
    const sk = await startHttp((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (req.method === 'GET' && url.pathname === '/API/v1.0/REST/login') {
        if (url.searchParams.get('username') !== 'comune' || url.searchParams.get('password') !== 's3greto') return json(res, 401, {});
        logins.push(url.search);
        session++;
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(`UK77;SK${session}`);
      }
      if (req.method === 'POST' && url.pathname === '/API/v1.0/REST/sms') {
        if (req.headers.user_key !== 'UK77' || req.headers.session_key !== `SK${session}`) return json(res, 401, {});
        if (expireOnce) {
          expireOnce = false;
          session++; // the server forgot the session
          return json(res, 401, {});
        }
        const body = JSON.parse(req.body) as Record<string, unknown>;
        sent.push(body);
        return json(res, 201, { result: 'OK', order_id: body.order_id, total_sent: 1, internal_order_id: `i${sent.length}` });
      }
      json(res, 404, {});
    });
    await enableChannels(db, { sms: true });
    await insertBookings(db, { deskId, officeCode: 'NS01', count: 2, first: 200, firstStartMs: START + 3_600_000 });
    const worker = new NotificationWorker({
      db, now, concurrency: 1,
      adapters: { sms: skebbyChannel({ baseUrl: `${sk.url}/API/v1.0/REST/`, username: 'comune', password: 's3greto', sender: 'INPS Milano centro' }) },
    });
    try {
      const s = await worker.drain();
      expect(s.sent).toBe(2);
      expect(logins.length).toBe(2);
      expect(sent).toHaveLength(2);
      const first = sent.find((m) => (m.recipient as string[])[0] === phoneOf(200));
      expect(first).toMatchObject({ message_type: 'GP', recipient: [phoneOf(200)], sender: 'INPS Milano' });
      expect(String(first!.order_id)).toMatch(/^[0-9a-f]{32}$/);
      const jobs = await jobsFor(200, 2, 'sms');
      expect(jobs.every((j) => j.state === 'sent')).toBe(true);
    } finally {
      await worker.close();
      await sk.close();
      await enableChannels(db, {});
    }
  });

  it('App IO: profile first, send only when sender_allowed; 429 retried after Retry-After; no profile or not allowed: undeliverable', async () => {
    const allowed = taxCodeFor(300);
    const refusing = taxCodeFor(301);
    const absent = taxCodeFor(302);
    const profiles: string[] = [];
    const messages: { fiscal_code: string; content: { subject: string; markdown: string; due_date?: string } }[] = [];
    let throttle = 1;
    const io = await startHttp((req, res) => {
      if (req.headers['ocp-apim-subscription-key'] !== 'io-key') return json(res, 401, { title: 'Unauthorized', status: 401, detail: 'bad key' });
      const body = JSON.parse(req.body) as { fiscal_code: string };
      if (req.url === '/api/v1/profiles') {
        profiles.push(body.fiscal_code);
        if (body.fiscal_code === absent) return json(res, 404, { title: 'Not found', status: 404, detail: 'profile not found' });
        return json(res, 200, { sender_allowed: body.fiscal_code === allowed, preferred_languages: ['it_IT'] });
      }
      if (req.url === '/api/v1/messages') {
        if (throttle-- > 0) return json(res, 429, { title: 'Too many requests', status: 429 }, { 'retry-after': '0' });
        messages.push(body as (typeof messages)[number]);
        res.writeHead(201, { 'content-type': 'application/json', location: '/api/v1/messages/x/01EM6X' });
        return res.end(JSON.stringify({ id: '01EM6X4JT8Y4ZRGGKQ9HQ6SC8K' }));
      }
      json(res, 404, {});
    });
    await enableChannels(db, { appio: true });
    await insertBookings(db, { deskId, officeCode: 'NS01', count: 3, first: 300, firstStartMs: START + 7_200_000 });
    const worker = new NotificationWorker({ db, now, adapters: { appio: appIoChannel({ baseUrl: `${io.url}/api/v1`, apiKey: 'io-key' }) } });
    try {
      const s = await worker.drain();
      expect(s).toMatchObject({ sent: 1, undeliverable: 2 });
      expect(profiles.sort()).toEqual([allowed, refusing, absent].sort());
      expect(messages).toHaveLength(1);
      const m = messages[0]!;
      expect(m.fiscal_code).toBe(allowed);
      expect(m.content.subject.length).toBeGreaterThanOrEqual(10);
      expect(m.content.subject.length).toBeLessThanOrEqual(120);
      expect(m.content.subject).toBe(`Prenotazione confermata: ${longDate(START)} alle 11:00`);
      expect(m.content.markdown.length).toBeGreaterThanOrEqual(80);
      expect(m.content.markdown).toContain('**Codice prenotazione:** NS01-1-');
      expect(m.content.due_date).toBe(new Date(START + 7_200_000).toISOString());
      const jobs = await jobsOf(db, "channel = 'appio'");
      expect(jobs.filter((j) => j.state === 'undeliverable').map((j) => j.lastError).sort()).toEqual(['no App IO profile', 'sender not allowed by the citizen']);
      const sent = await db.query<{ providerId: string }>("SELECT provider_id AS \"providerId\" FROM notification_job WHERE channel = 'appio' AND state = 'sent'");
      expect(sent.rows[0]!.providerId).toBe('01EM6X4JT8Y4ZRGGKQ9HQ6SC8K');
    } finally {
      await worker.close();
      await io.close();
    }
  });

  it('App IO throttling for long: the channel pauses, the message waits without using up attempts, then goes', async () => {
    let throttled = true;
    let sent = 0;
    const io = await startHttp((req, res) => {
      if (req.url === '/api/v1/profiles') return json(res, 200, { sender_allowed: true });
      if (throttled) return json(res, 429, { title: 'Too many requests', status: 429 }, { 'retry-after': '30' });
      sent++;
      json(res, 201, { id: `m${sent}` });
    });
    await db.query("UPDATE notification_job SET state = 'obsolete' WHERE channel = 'appio' AND state = 'pending'");
    await insertBookings(db, { deskId, officeCode: 'NS01', count: 1, first: 400, firstStartMs: START + 10_800_000 });
    const worker = new NotificationWorker({ db, now, adapters: { appio: appIoChannel({ baseUrl: `${io.url}/api/v1`, apiKey: 'k', sleep: async () => {} }) } });
    try {
      clock = Date.now();
      expect((await worker.drain()).sent).toBe(0);
      const [job] = await jobsFor(400, 1, 'appio');
      expect(job).toMatchObject({ state: 'pending', attempts: 0 });
      expect(job!.lastError).toContain('429');
      throttled = false;
      clock = Date.now() + 31_000;
      expect((await worker.drain()).sent).toBe(1);
      expect(sent).toBe(1);
    } finally {
      await worker.close();
      await io.close();
      await enableChannels(db, {});
    }
  });

  it('a place offered from the waiting list is announced (SMS), and not once the offer has lapsed', async () => {
    const texts: string[] = [];
    const gw = await startHttp((req, res) => {
      texts.push((JSON.parse(req.body) as { text: string }).text);
      json(res, 200, {});
    });
    await enableChannels(db, { sms: true });
    // What offerFreedPlace does: a hold for the first in line, linked to the entry.
    const offer = async (i: number, startMs: number, holdMinutes: number) =>
      db.transaction(async (tx) => {
        const w = await tx.query<{ id: string }>(
          `INSERT INTO waitlist_entry (desk_id, token_hash, tax_code, full_name, phone, email, consent_at, language)
           VALUES ($1, 'x', $2, 'Persona', $3, NULL, now(), 'en') RETURNING id`,
          [deskId, taxCodeFor(i), phoneOf(i)],
        );
        await tx.query("INSERT INTO slot (desk_id, starts_at, ends_at, capacity) VALUES ($1, $2, $3, 2) ON CONFLICT DO NOTHING", [deskId, new Date(startMs), new Date(startMs + 600_000)]);
        const b = await tx.query<{ id: string }>(
          `INSERT INTO booking (desk_id, starts_at, ends_at, status, code, hold_expires_at, waitlist_entry_id)
           VALUES ($1, $2, $3, 'held', $4, now() + make_interval(mins => $5), $6) RETURNING id`,
          [deskId, new Date(startMs), new Date(startMs + 600_000), `NS01-1-WX${String(i).slice(-3).replace(/[01]/g, '2')}`, holdMinutes, w.rows[0]!.id],
        );
        await tx.query("UPDATE waitlist_entry SET status = 'offered', offered_booking_id = $2 WHERE id = $1", [w.rows[0]!.id, b.rows[0]!.id]);
        return b.rows[0]!.id;
      });
    await offer(500, START + 86_400_000, 120);
    const lapsing = await offer(533, START + 86_400_000 + 600_000, 1);
    const worker = new NotificationWorker({ db, now: () => Date.now() + 90_000, adapters: { sms: httpSmsChannel({ url: gw.url, sender: 'INPS' }) } });
    try {
      const s = await worker.drain();
      expect(s.sent).toBe(1);
      const free = shortDate(START + 86_400_000); // a working day: 24 h later is 09:00 again
      expect(texts[0]).toMatch(new RegExp(`^INPS Sede di prova NS01: a place is free on ${free} at 09:00, kept for you until \\d\\d/\\d\\d/\\d{4} at \\d\\d:\\d\\d\\. Accept it from your waiting-list page\\.$`));
      const [lapsed] = await jobsOf(db, 'booking_id = $1', [lapsing]);
      expect(lapsed).toMatchObject({ kind: 'waitlist_offer', state: 'expired', attempts: 0 }); // its moment passed: never sent
    } finally {
      await worker.close();
      await gw.close();
      await enableChannels(db, {});
    }
  });
});
