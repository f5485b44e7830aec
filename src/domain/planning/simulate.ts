/**
 * What-if simulator (docs/planning.md, "Simulator"): a discrete-event replay of a period at
 * one desk (or several, each on its own), deterministic for a seed.
 *
 * Events, in time order: a booking request arrives → it takes the first free place of a slot
 * inside the release window (not before `minNoticeMin` from now, not beyond `horizonDays`
 * working days), or it is refused (full). At a slot's start each booked call is dialled by
 * the first free operator (the slot's places are its operators; a call that overran delays the
 * next). Nobody answers with probability `noAnswer` → a retry `retryGapMin` later, up to
 * `maxAttempts`; an answered call lasts a handling time drawn from the measured sample.
 * Every booking ends in exactly one state: served, no_answer, cancelled or refused.
 */

export interface SimSlot {
  deskId: string;
  /** Minutes from the period's start. */
  start: number;
  /** Working-day index of the slot's day (0 = the period's first working day). */
  day: number;
  places: number;
}

export interface SimArrival {
  deskId: string;
  /** Minutes from the period's start. */
  at: number;
  /** Working-day index of the request's day. */
  day: number;
}

export interface SimParams {
  slotMinutes: number;
  handlingSec: readonly number[];
  noAnswer: number;
  cancel: number;
  maxAttempts: number;
  retryGapMin: number;
  /** Seconds a no-answer attempt keeps the operator (dialling, ringing). */
  dialSec: number;
  minNoticeMin: number;
  horizonDays: number;
  seed: number;
}

export type FinalState = 'served' | 'no_answer' | 'cancelled' | 'refused';

export interface SimResult {
  arrivals: number;
  states: Record<FinalState, number>;
  calls: number;
  /** Lead times (working days) of the bookings that got a place. */
  leadMean: number | null;
  leadP90: number | null;
  /** Per working day of request: mean lead time of that day's bookings. */
  leadByDay: { day: number; lead: number | null; refused: number }[];
  overrunShare: number | null;
  /** Mean delay (seconds) of a call's start after its slot's start. */
  startDelayMeanSec: number | null;
  /** The state of each arrival, in input order (for conservation checks). */
  finals: FinalState[];
}

/** mulberry32: deterministic [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ev { t: number; seq: number; booking: number; attempt: number; slot: number }

class Heap {
  private a: Ev[] = [];
  get size() { return this.a.length; }
  push(e: Ev) {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p]!, a[i]!)) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): Ev {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
const less = (x: Ev, y: Ev) => x.t < y.t || (x.t === y.t && x.seq < y.seq);

export function simulate(slotsIn: readonly SimSlot[], arrivals: readonly SimArrival[], p: SimParams): SimResult {
  const rand = prng(p.seed);
  const finals: FinalState[] = new Array<FinalState>(arrivals.length);
  const states: Record<FinalState, number> = { served: 0, no_answer: 0, cancelled: 0, refused: 0 };
  // Slots per desk in time order, with places left.
  const byDesk = new Map<string, { slot: SimSlot; left: number; idx: number }[]>();
  const slots = [...slotsIn].sort((a, b) => a.start - b.start);
  slots.forEach((s, idx) => {
    let l = byDesk.get(s.deskId);
    if (!l) byDesk.set(s.deskId, (l = []));
    l.push({ slot: s, left: s.places, idx });
  });
  const cursor = new Map<string, number>();
  const order = arrivals.map((a, i) => i).sort((i, j) => arrivals[i]!.at - arrivals[j]!.at || i - j);
  const bookedSlot = new Array<number>(arrivals.length).fill(-1);
  const leads: number[] = [];
  const perDay = new Map<number, { sum: number; n: number; refused: number }>();
  for (const i of order) {
    const a = arrivals[i]!;
    const list = byDesk.get(a.deskId) ?? [];
    // Slots before now + notice are never free again for later arrivals: move the cursor on.
    let c = cursor.get(a.deskId) ?? 0;
    while (c < list.length && list[c]!.slot.start < a.at + p.minNoticeMin) c += 1;
    cursor.set(a.deskId, c);
    let k = c;
    while (k < list.length && list[k]!.left === 0 && list[k]!.slot.day - a.day <= p.horizonDays) k += 1;
    // Places never come back in this model: the full slots passed over stay full.
    cursor.set(a.deskId, k);
    const d = perDay.get(a.day) ?? { sum: 0, n: 0, refused: 0 };
    perDay.set(a.day, d);
    if (k >= list.length || list[k]!.slot.day - a.day > p.horizonDays) {
      finals[i] = 'refused';
      d.refused += 1;
      continue;
    }
    list[k]!.left -= 1;
    bookedSlot[i] = list[k]!.idx;
    const lead = list[k]!.slot.day - a.day;
    leads.push(lead);
    d.sum += lead;
    d.n += 1;
  }
  // Calls: a heap of dial events; operators per desk as "free at" times (seconds).
  const heap = new Heap();
  let seq = 0;
  for (const i of order) {
    if (bookedSlot[i] === -1) continue;
    if (rand() < p.cancel) { finals[i] = 'cancelled'; continue; }
    const s = slots[bookedSlot[i]!]!;
    heap.push({ t: s.start * 60, seq: seq++, booking: i, attempt: 1, slot: bookedSlot[i]! });
  }
  const freeAt = new Map<string, number[]>();
  const slotSec = p.slotMinutes * 60;
  let calls = 0;
  let answered = 0;
  let over = 0;
  let delaySum = 0;
  let delayN = 0;
  while (heap.size) {
    const e = heap.pop();
    const s = slots[e.slot]!;
    let ops = freeAt.get(s.deskId);
    if (!ops) freeAt.set(s.deskId, (ops = []));
    // The desk's operators: as many as the slot's places (others stay idle in this model).
    while (ops.length < s.places) ops.push(0);
    let best = 0;
    for (let o = 1; o < s.places; o++) if (ops[o]! < ops[best]!) best = o;
    const start = Math.max(e.t, ops[best]!);
    calls += 1;
    if (e.attempt === 1) { delaySum += start - s.start * 60; delayN += 1; }
    if (rand() < p.noAnswer) {
      ops[best] = start + p.dialSec;
      if (e.attempt < p.maxAttempts) heap.push({ t: start + p.retryGapMin * 60, seq: seq++, booking: e.booking, attempt: e.attempt + 1, slot: e.slot });
      else finals[e.booking] = 'no_answer';
      continue;
    }
    const h = p.handlingSec.length ? p.handlingSec[Math.floor(rand() * p.handlingSec.length)]! : slotSec;
    ops[best] = start + h;
    answered += 1;
    if (h > slotSec) over += 1;
    finals[e.booking] = 'served';
  }
  for (const f of finals) states[f] += 1;
  const sortedLeads = leads.sort((a, b) => a - b);
  return {
    arrivals: arrivals.length,
    states,
    calls,
    leadMean: leads.length ? leads.reduce((x, y) => x + y, 0) / leads.length : null,
    leadP90: leads.length ? sortedLeads[Math.min(leads.length - 1, Math.ceil(0.9 * leads.length) - 1)]! : null,
    leadByDay: [...perDay].sort((a, b) => a[0] - b[0]).map(([day, v]) => ({ day, lead: v.n ? v.sum / v.n : null, refused: v.refused })),
    overrunShare: answered ? over / answered : null,
    startDelayMeanSec: delayN ? delaySum / delayN : null,
    finals,
  };
}
