import { histogram, minutesCoveringSorted, summarizeSorted, wilson, type SampleSummary } from './stats.js';

/**
 * The whole handling time of the calls of a node (docs/planning.md, "Measure"): per phase —
 * reaching the citizen (dial → answer), identification (answer → identity verified), talk
 * (answer → hang-up), after-call work (hang-up → outcome saved) — and the total (dial → outcome
 * saved) of answered calls against their desk's slot.
 */
export interface CallPhases {
  bookingId: string;
  adapter: string;
  answered: boolean;
  reachSec: number | null;
  identSec: number | null;
  talkSec: number | null;
  wrapSec: number | null;
  totalSec: number | null;
  /** The slot length of the call's desk, seconds. */
  slotSec: number;
}

export interface HandlingSummary {
  calls: number;
  answeredCalls: number;
  bookings: number;
  attemptsPerBooking: number | null;
  /** Bookings by number of attempts: 1, 2, 3 or more. */
  attempts: { one: number; two: number; threeOrMore: number };
  byAdapter: Record<string, number>;
  phases: { reach: SampleSummary; identification: SampleSummary; talk: SampleSummary; afterCallWork: SampleSummary; total: SampleSummary };
  /** Answered calls whose whole handling ran past their slot (Wilson 95 %), and the mean excess. */
  overrun: { count: number; share: number; low: number; high: number } | null;
  overrunMeanSec: number | null;
  /** Whole minutes of slot that cover 90 % / 95 % of the total handling times, with intervals. */
  cover90: { minutes: number | null; low: number | null; high: number | null };
  cover95: { minutes: number | null; low: number | null; high: number | null };
  histogram: { fromMin: number; count: number }[];
  /** Answered calls with no identity verified / no outcome saved after them (shown, not hidden). */
  missing: { identification: number; afterCallWork: number };
  tooSmall: boolean;
}

export function summarizeHandling(calls: readonly CallPhases[]): HandlingSummary {
  // One pass: each phase's values into a typed array (sorted once each), the counts alongside.
  const n = calls.length;
  const buf = { reach: new Float64Array(n), ident: new Float64Array(n), talk: new Float64Array(n), wrap: new Float64Array(n), total: new Float64Array(n) };
  const len = { reach: 0, ident: 0, talk: 0, wrap: 0, total: 0 };
  const put = (k: keyof typeof buf, v: number | null) => { if (v !== null) buf[k][len[k]++] = v; };
  const perBooking = new Map<string, number>();
  const byAdapter: Record<string, number> = {};
  let answered = 0;
  let over = 0;
  let excess = 0;
  let missingIdent = 0;
  let missingWrap = 0;
  for (const c of calls) {
    perBooking.set(c.bookingId, (perBooking.get(c.bookingId) ?? 0) + 1);
    byAdapter[c.adapter] = (byAdapter[c.adapter] ?? 0) + 1;
    if (!c.answered) continue;
    answered += 1;
    put('reach', c.reachSec);
    put('ident', c.identSec);
    put('talk', c.talkSec);
    put('wrap', c.wrapSec);
    put('total', c.totalSec);
    if (c.identSec === null) missingIdent += 1;
    if (c.wrapSec === null) missingWrap += 1;
    if (c.totalSec !== null && c.totalSec > c.slotSec) { over += 1; excess += c.totalSec - c.slotSec; }
  }
  const sorted = (k: keyof typeof buf) => buf[k].subarray(0, len[k]).sort();
  const attempts = { one: 0, two: 0, threeOrMore: 0 };
  for (const k of perBooking.values()) {
    if (k === 1) attempts.one += 1;
    else if (k === 2) attempts.two += 1;
    else attempts.threeOrMore += 1;
  }
  const w = wilson(over, len.total);
  const totals = sorted('total');
  const total = summarizeSorted(totals);
  return {
    calls: n,
    answeredCalls: answered,
    bookings: perBooking.size,
    attemptsPerBooking: perBooking.size ? n / perBooking.size : null,
    attempts,
    byAdapter,
    phases: {
      reach: summarizeSorted(sorted('reach')),
      identification: summarizeSorted(sorted('ident')),
      talk: summarizeSorted(sorted('talk')),
      afterCallWork: summarizeSorted(sorted('wrap')),
      total,
    },
    overrun: w ? { count: over, ...w } : null,
    overrunMeanSec: over ? excess / over : null,
    cover90: minutesCoveringSorted(totals, 0.9),
    cover95: minutesCoveringSorted(totals, 0.95),
    histogram: histogram(totals),
    missing: { identification: missingIdent, afterCallWork: missingWrap },
    tooSmall: total.tooSmall,
  };
}
