// Video appointments in two real Chromium instances with fake camera and microphone: the
// operator (from the agenda's "Partecipa") and the citizen (from the link, after the waiting
// page's device check) see each other — frames decoded on both sides, read from
// RTCPeerConnection.getStats() — once directly, once through a real TURN server (coturn, started
// here) with relay forced. The room page loads nothing from anywhere but the server itself. The
// citizen's room in English; the operator's one-click fall-back to a phone call.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookPlace } from '../../src/booking/book-place.js';
import { videoSettingsFromConfig } from '../../src/adapters/video/settings.js';
import { roomLinkForBooking } from '../../src/video/index.js';
import { testDatabases } from '../support/databases.js';
import { WEB_ROOT } from '../support/server.js';
import { taxCodeFor } from '../support/test-desk.js';
import { staffClient, startCallsServer, todayAt, type CallsServer } from '../integration/calls-support.js';
import { expectAccessible, h1, launchChromium, shoot, VIEWPORTS, watchErrors } from './support.js';

// Every RTCPeerConnection the page makes, kept where the test can read its statistics.
const TRACK_PEERS = () => {
  const Original = window.RTCPeerConnection;
  const peers: RTCPeerConnection[] = [];
  (window as unknown as { __peers: RTCPeerConnection[] }).__peers = peers;
  class Tracked extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      peers.push(this);
    }
  }
  window.RTCPeerConnection = Tracked;
};

interface MediaStats {
  state: string;
  policy: string | undefined;
  framesReceived: number;
  framesDecoded: number;
  localType: string | undefined;
  remoteType: string | undefined;
}

function mediaStats(page: Page): Promise<MediaStats | null> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { __peers?: RTCPeerConnection[] }).__peers ?? [];
    const pc = peers.filter((p) => p.connectionState === 'connected').pop();
    if (!pc) return null;
    const stats = await pc.getStats();
    let framesReceived = 0;
    let framesDecoded = 0;
    let pairId: string | undefined;
    stats.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        framesReceived += Number(s.framesReceived ?? 0);
        framesDecoded += Number(s.framesDecoded ?? 0);
      }
      if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') pairId = s.selectedCandidatePairId;
    });
    const pair = pairId ? stats.get(pairId) : undefined;
    return {
      state: pc.connectionState,
      policy: pc.getConfiguration().iceTransportPolicy,
      framesReceived,
      framesDecoded,
      localType: pair ? stats.get(pair.localCandidateId)?.candidateType : undefined,
      remoteType: pair ? stats.get(pair.remoteCandidateId)?.candidateType : undefined,
    };
  });
}

/** coturn in the foreground on 127.0.0.1, a random port, TURN REST credentials (use-auth-secret), no TLS. */
async function startTurn(secret: string): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-turn-'));
  const port = randomInt(20_000, 30_000);
  const minPort = randomInt(40_000, 50_000);
  const child: ChildProcess = spawn('turnserver', [
    '-n', '--no-cli', '--no-tls', '--no-dtls', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    `--min-port=${minPort}`, `--max-port=${minPort + 200}`, '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=sportello.test',
    '--allow-loopback-peers', '--log-file=stdout', '--simple-log', `--userdb=${join(dir, 'turndb')}`, `--pidfile=${join(dir, 'turn.pid')}`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      log += b.toString();
      if (new RegExp(`UDP listener opened on\\s*:?\\s*127\\.0\\.0\\.1:${port}`).test(log) || /Total General servers/.test(log)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`turnserver exited (${code}):\n${log}`)));
    setTimeout(() => reject(new Error(`turnserver did not start:\n${log}`)), 15_000).unref();
  });
  return {
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let browsers: Browser[] = [];
let seq = 0;

async function videoBooking(s: CallsServer, hh: number) {
  const k = 8800 + seq++;
  const made = await bookPlace(s.booking, {
    deskId: s.deskId, startMs: todayAt(hh), channel: 'video', source: 'staff', actor: 'system',
    taxCode: taxCodeFor(k), fullName: `Giulia Video${k}`, phone: `+39333${String(3000000 + k).slice(-7)}`, language: 'it', consent: true,
  });
  return (await s.db.query<{ id: string }>('SELECT id FROM booking WHERE code = $1', [made.booking.code])).rows[0]!.id;
}

async function contextFor(browser: Browser, phone = false, lang: 'it' | 'en' = 'it'): Promise<BrowserContext> {
  const v = phone ? VIEWPORTS[0] : VIEWPORTS[1];
  const context = await browser.newContext({ viewport: v.viewport, isMobile: v.isMobile, hasTouch: v.hasTouch, locale: lang === 'it' ? 'it-IT' : 'en-GB', permissions: ['camera', 'microphone'], bypassCSP: true }); // axe is injected inline (the CSP header itself is checked)
  await context.addInitScript(TRACK_PEERS);
  if (lang === 'en') await context.addInitScript(() => window.localStorage.setItem('sportello.lang', 'en'));
  return context;
}

/**
 * Operator and citizen in two browsers meet in the room of a booking; returns both pages'
 * statistics. `fallBack`: then the operator (on duty) falls back to a phone call in one click.
 */
async function meet(s: CallsServer, label: string, o: { relay: boolean; citizenLang?: 'it' | 'en'; fallBack?: boolean }) {
  const id = await videoBooking(s, o.relay ? 15 : 14);
  s.clock.now = todayAt(o.relay ? 15 : 14) - 2 * 60_000; // the room opens 5 minutes before
  const op = await staffClient(s, `video.op${seq}`, [{ role: 'desk_operator', scope: { kind: 'office', code: 'TT01' } }]);
  if (o.fallBack) expect((await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '201' })).status).toBe(200);
  const link = (await roomLinkForBooking(s.db, id, s.clock.now))!;
  const [b1, b2] = browsers;

  const opContext = await contextFor(b1!);
  await opContext.addCookies([{ name: 'sportello_session', value: op.cookie.split('=')[1]!, url: s.url }]);
  const opPage = await opContext.newPage();
  const opErrors = watchErrors(opPage);
  const citizenContext = await contextFor(b2!, true, o.citizenLang);
  const citizenPage = await citizenContext.newPage();
  const citizenErrors = watchErrors(citizenPage);
  const foreign: string[] = [];
  citizenPage.on('request', (r) => {
    if (!r.url().startsWith(s.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
  });

  // The operator: from the agenda's "Partecipa" (the console marks the video booking; on duty, it lists it).
  if (o.fallBack) {
    await opPage.goto(`${s.url}/operatore`);
    await opPage.locator('tbody tr', { has: opPage.getByTestId('video-badge') }).getByTestId('video-join').click();
    await expect.poll(() => new URL(opPage.url()).pathname).toBe(`/operatore/video/${id}`);
  } else await opPage.goto(`${s.url}/operatore/video/${id}`);
  await expect.poll(() => h1(opPage).textContent(), { timeout: 15_000 }).toMatch(/^Videochiamata — /);
  // The citizen: the link of the confirmation.
  const response = await citizenPage.goto(`${s.url}${new URL(link.url, s.url).pathname}`);
  if (o.citizenLang === 'en') await expect.poll(() => h1(citizenPage).textContent(), { timeout: 15_000 }).toBe('Video call with the INPS office');
  const csp = response!.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).toMatch(/default-src 'self'/);

  for (const page of [opPage, citizenPage]) {
    await expect.poll(() => page.getByTestId('video-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('connected');
  }
  const stats: MediaStats[] = [];
  for (const page of [opPage, citizenPage]) {
    let last: MediaStats | null = null;
    await expect.poll(async () => {
      last = await mediaStats(page);
      return !!last && last.framesDecoded > 0 && last.framesReceived > 0;
    }, { timeout: 20_000, message: `frames on ${label}` }).toBe(true);
    stats.push(last!);
  }
  await shoot(opPage, `video-${label}-operator`, false);
  await shoot(citizenPage, `video-${label}-citizen`, false);
  await expectAccessible(citizenPage, `citizen video room (${label})`);
  await expectAccessible(opPage, `operator video room (${label})`);
  expect(foreign, 'requests to other origins from the room page').toEqual([]);
  expect(await citizenPage.evaluate(() => [...document.scripts].filter((x) => x.src && new URL(x.src).origin !== location.origin).length)).toBe(0);
  if (o.fallBack) await fallBackToPhone(s, id, op.userId, opPage, citizenPage);
  expect(opErrors).toEqual([]);
  expect(citizenErrors).toEqual([]);
  await opContext.close();
  await citizenContext.close();
  return stats;
}

/**
 * "The video does not work? Call on the phone": one click starts the ordinary call to the
 * booking's number (the console's own call, its rules); the operator lands on the console with
 * that call under way, and the citizen's room page says the operator is phoning.
 */
async function fallBackToPhone(s: CallsServer, bookingId: string, operatorId: string, opPage: Page, citizenPage: Page) {
  s.clock.now = todayAt(14); // the slot's start: inside the call window
  const phone = (await s.db.query<{ phone: string }>('SELECT phone FROM booking WHERE id = $1', [bookingId])).rows[0]!.phone;
  await expect.poll(() => opPage.getByTestId('video-fallback').locator('xpath=..').textContent()).toContain(phone);
  await opPage.getByTestId('video-fallback').click();
  await expect.poll(() => new URL(opPage.url()).pathname, { timeout: 15_000 }).toBe('/operatore');
  // The console records the call to the booking's number, as its own "call" would, and shows it.
  const calls = await s.db.query<{ destination: string; operator_id: string; adapter: string }>('SELECT destination, operator_id, adapter FROM call WHERE booking_id = $1', [bookingId]);
  expect(calls.rows).toEqual([{ destination: phone, operator_id: operatorId, adapter: 'simulated' }]);
  const steps = await s.db.query<{ kind: string }>("SELECT kind FROM booking_event WHERE booking_id = $1 AND kind = 'call_started'", [bookingId]);
  expect(steps.rows.length).toBe(1);
  await expect.poll(() => opPage.getByTestId('call-state').count(), { timeout: 15_000 }).toBe(1);
  const code = (await s.db.query<{ code: string }>('SELECT code FROM booking WHERE id = $1', [bookingId])).rows[0]!.code;
  await expect.poll(() => opPage.locator('tbody tr', { hasText: code }).count()).toBe(1);
  await expectAccessible(opPage, 'operator console after the fall-back call');
  // The citizen's page: the operator is phoning (not "waiting for the operator").
  await expect.poll(() => citizenPage.getByTestId('video-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('phone');
  expect(await citizenPage.getByTestId('video-state').textContent()).toMatch(/operator is calling you on the phone/);
  await expectAccessible(citizenPage, 'citizen room after the fall-back call (English)');
  await shoot(citizenPage, 'video-fallback-citizen-en', false);
}

describe('video appointments in two browsers', () => {
  beforeAll(async () => {
    browsers = [await launchChromium({ fakeMedia: true }), await launchChromium({ fakeMedia: true })];
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
  });

  it('waiting page: the time, a camera and microphone check; then the room opens by itself', async () => {
    const s = await startCallsServer(testDatabases[0]!, { webRoot: WEB_ROOT });
    try {
      const id = await videoBooking(s, 11);
      s.clock.now = todayAt(10, 54) + 50_000; // ten seconds before the room opens (10:55)
      const link = (await roomLinkForBooking(s.db, id, s.clock.now))!;
      const context = await contextFor(browsers[1]!, true);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${s.url}/video`);
      await expectAccessible(page, 'video entry page');
      await page.getByLabel('Codice di accesso').fill(link.entryCode.toLowerCase());
      await page.getByRole('button', { name: 'Entra' }).click();
      await expect.poll(() => page.getByTestId('video-waiting').textContent()).toMatch(/La stanza apre alle 10:55/);
      await page.getByRole('button', { name: 'Prova videocamera e microfono' }).click();
      await expect.poll(() => page.getByTestId('device-check').textContent()).toMatch(/Videocamera: funziona.*Microfono: funziona/s);
      await expectAccessible(page, 'video waiting page');
      await shoot(page, 'video-waiting-phone');
      s.clock.now = todayAt(10, 55);
      // No operator yet: the citizen is in the room, waiting.
      await expect.poll(() => page.getByTestId('video-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('waiting');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await s.close();
    }
  });

  it('operator and citizen see each other directly (built-in WebRTC), the citizen in English; then the one-click phone call', async () => {
    const s = await startCallsServer(testDatabases[0]!, { webRoot: WEB_ROOT });
    try {
      const stats = await meet(s, 'direct', { relay: false, citizenLang: 'en', fallBack: true });
      for (const x of stats) expect(x.policy).toBe('all');
    } finally {
      await s.close();
    }
  }, 240_000);

  it('operator and citizen see each other through coturn, relay forced', async () => {
    const secret = randomBytes(24).toString('hex');
    const turn = await startTurn(secret);
    const settings = videoSettingsFromConfig({
      VIDEO_ICE_SERVERS: JSON.stringify([{ urls: `turn:127.0.0.1:${turn.port}?transport=udp` }]),
      VIDEO_TURN_SECRET: secret,
      VIDEO_ICE_TRANSPORT_POLICY: 'relay',
    });
    const s = await startCallsServer(testDatabases[0]!, { webRoot: WEB_ROOT, video: { settings } });
    try {
      const stats = await meet(s, 'relay', { relay: true });
      for (const x of stats) {
        expect(x.policy).toBe('relay');
        expect(x.localType).toBe('relay');
        expect(x.remoteType).toBe('relay');
      }
    } finally {
      await s.close();
      await turn.stop();
    }
  }, 240_000);
});
