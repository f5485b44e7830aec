/**
 * The scalper of bench/surge-attack.ts, in a process of its own (all the CPU that process gets),
 * from ONE client address. It plays by the same rules as a citizen's page: it asks the desk's
 * proof-of-work challenges and solves them (before the release too, as many as it is given),
 * and then, as fast as it can, until told to stop:
 *  - hoards: holds any slot of the released week with a solved challenge;
 *  - books in other people's names: confirms its holds with honest citizens' tax codes (the
 *    people of the surge), each time with another phone number;
 *  - poisons: confirmations of made-up holds carrying a NUL, a lone surrogate or 1 MB of text.
 * Once a second it prints one JSON line of its counts (the benchmark keeps the last):
 * requests by kind and status, its live holds and bookings now, and their peak.
 *
 * Run by the benchmark: tsx bench/attacker.ts (settings in the ATTACK environment variable, JSON).
 */
import { randomUUID } from 'node:crypto';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { Pool } from 'undici';
import { taxCodeFor } from '../test/support/test-desk.js';

interface Settings {
  base: string;
  deskId: string;
  slots: string[];
  releaseMs: number;
  address: string;
  concurrency: number;
  /** Honest people's numbers, whose tax codes it books with. */
  victims: number;
}

const settings = JSON.parse(process.env.ATTACK ?? '{}') as Settings;
const pool = new Pool(settings.base, { connections: settings.concurrency, localAddress: settings.address, keepAliveTimeout: 60_000 });

const counts: Record<string, number> = {};
let requests = 0;
const count = (kind: string, status: number) => {
  requests++;
  counts[`${kind} ${status}`] = (counts[`${kind} ${status}`] ?? 0) + 1;
};

async function send(kind: string, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Record<string, string | string[] | undefined> }> {
  try {
    const res = await pool.request({
      method, path,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    });
    const text = await res.body.text();
    count(kind, res.statusCode);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  } catch {
    count(kind, 0);
    return { status: 0, body: null, headers: {} };
  }
}

// ------------------------------------------------------------------ challenges, solved ahead
let cookie: string | undefined;
const solved: string[] = [];
async function fetchAndSolve(): Promise<boolean> {
  const r = await send('challenge', 'GET', `/api/desks/${settings.deskId}/challenge`, undefined, cookie ? { cookie } : {});
  if (r.status !== 200) return false;
  const setCookie = r.headers['set-cookie'];
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (first) cookie = first.split(';')[0];
  const solution = await solveChallenge({ challenge: r.body.challenge as Challenge, deriveKey });
  if (!solution) return false;
  solved.push(Buffer.from(JSON.stringify({ challenge: r.body.challenge, solution })).toString('base64'));
  return true;
}

// ------------------------------------------------------------------ what it holds and has booked
const live = new Map<string, { token: string; expiresMs: number }>();
let booked = 0;
let peak = 0;
const liveNow = () => {
  const now = Date.now();
  for (const [id, h] of live) if (h.expiresMs <= now) live.delete(id);
  return live.size;
};
const notePeak = () => {
  peak = Math.max(peak, liveNow() + booked);
};

let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});

const pickSlot = () => settings.slots[Math.floor(Math.random() * settings.slots.length)]!;
let victim = 0;
let phone = 0;

async function hoard(): Promise<void> {
  const altcha = solved.pop();
  if (!altcha) {
    await fetchAndSolve();
    return;
  }
  const r = await send('hold', 'POST', `/api/desks/${settings.deskId}/holds`, { start: pickSlot(), channel: 'phone' }, { 'x-altcha': altcha, ...(cookie ? { cookie } : {}) });
  if (r.status === 201) {
    live.set(r.body.holdId, { token: r.body.holdToken, expiresMs: Date.parse(r.body.expiresAt) });
    notePeak();
  }
}

async function bookInAnotherName(): Promise<void> {
  const entry = [...live.entries()][0];
  if (!entry) return;
  const [id, h] = entry;
  live.delete(id);
  const i = victim++ % settings.victims;
  const r = await send('book-victim', 'POST', '/api/bookings', {
    hold: { id, token: h.token }, taxCode: taxCodeFor(i), fullName: `Scalper ${i}`,
    phone: `+39 320 ${String(1_000_000 + (phone++ % 9_000_000)).slice(-7)}`, channel: 'phone', language: 'it', consent: true,
  });
  if (r.status === 201) booked++;
  else if (r.status !== 0 && r.status < 500 && r.body?.code === 'hold_expired') live.delete(id);
  notePeak();
}

const POISONS = ['Nome\u0000Cognome', 'Nome \ud800', 'x'.repeat(1_000_000)];
let poisonK = 0;
async function poison(): Promise<void> {
  const fullName = POISONS[poisonK++ % POISONS.length]!;
  await send('poison', 'POST', '/api/bookings', {
    hold: { id: randomUUID(), token: 'a'.repeat(43) }, taxCode: taxCodeFor(victim++ % settings.victims), fullName,
    phone: '+39 320 0000000', channel: 'phone', language: 'it', consent: true, notes: fullName.length < 100 ? fullName : undefined,
  });
}

const report = () => {
  notePeak();
  process.stdout.write(JSON.stringify({ requests, counts, liveHolds: liveNow(), booked, peak, solvedLeft: solved.length }) + '\n');
};
const reporter = setInterval(report, 1000);

// Before the release: as many challenges as the server gives, solved.
while (!stopping && Date.now() < settings.releaseMs - 500) {
  if (!(await fetchAndSolve())) await new Promise((r) => setTimeout(r, 200));
}
const wait = settings.releaseMs - Date.now();
if (wait > 0) await new Promise((r) => setTimeout(r, wait));

// From the release: every worker loops over the three attacks as fast as the answers come.
await Promise.all(Array.from({ length: settings.concurrency }, async (_, w) => {
  for (let k = w; !stopping; k++) {
    const step = k % 3;
    if (step === 0) await hoard();
    else if (step === 1) await (live.size ? bookInAnotherName() : hoard());
    else await poison();
  }
}));
clearInterval(reporter);
report();
await pool.close();
