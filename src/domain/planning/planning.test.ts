import { describe, expect, it } from 'vitest';
import { agentsFor, erlangC, meanWait, serviceLevel } from './erlang.js';
import { forecastError, forecastWeekdays, type DayDemand } from './forecast.js';
import { planCapacity, projectLead } from './plan-capacity.js';
import { prng, simulate, type SimArrival, type SimSlot } from './simulate.js';
import { binomialPmf, histogram, minutesCovering, quantile, quantileRanks, quantileWithCi, slotFit, summarize, wilson } from './stats.js';

describe('order statistics and their intervals', () => {
  it('nearest-rank quantiles', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(xs, 0.5)).toBe(5);
    expect(quantile(xs, 0.9)).toBe(9);
    expect(quantile(xs, 0.95)).toBe(10);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('the median interval of n = 10 is [x(2), x(9)] at 97.9 % (the textbook ranks)', () => {
    // P(2 ≤ B ≤ 8), B ~ Bin(10, 0.5) = 1 − 2·(1 + 10)/1024 = 0.97852.
    const r = quantileRanks(10, 0.5, 0.95)!;
    expect([r.l, r.u]).toEqual([2, 9]);
    expect(r.coverage).toBeCloseTo(1 - 22 / 1024, 6);
  });

  it('too few values for a 95 % interval of p90: null ranks, flagged too small', () => {
    // P(all 10 below q90) = 0.9^10 = 0.35: [x(1), x(10)] covers only 0.65.
    expect(quantileRanks(10, 0.9, 0.95)).toBeNull();
    expect(summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).tooSmall).toBe(true);
  });

  it('the binomial sums to 1', () => {
    const pmf = binomialPmf(50, 0.3);
    expect([...pmf].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('covers the true quantile of known distributions about 95 % of the time (seeded)', () => {
    const rand = prng(42);
    const trueP90 = -Math.log(0.1) * 300; // exponential, mean 300 s
    let hit = 0;
    const runs = 400;
    for (let r = 0; r < runs; r++) {
      const xs = Array.from({ length: 200 }, () => -Math.log(1 - rand()) * 300).sort((a, b) => a - b);
      const q = quantileWithCi(xs, 0.9);
      if (q.ci!.low <= trueP90 && trueP90 <= q.ci!.high) hit += 1;
      expect(q.ci!.coverage).toBeGreaterThanOrEqual(0.95);
    }
    // Binomial(400, ≥ 0.95): below 0.92 would be a broken interval.
    expect(hit / runs).toBeGreaterThan(0.92);
    // Uniform 0..600: the median's point estimate lands near 300.
    const u = Array.from({ length: 2001 }, () => rand() * 600).sort((a, b) => a - b);
    const m = quantileWithCi(u, 0.5);
    expect(Math.abs(m.value! - 300)).toBeLessThan(25);
    expect(m.ci!.low).toBeLessThan(300);
    expect(m.ci!.high).toBeGreaterThan(300);
  });

  it('Wilson interval: 10 of 100 → [0.0552, 0.1744]', () => {
    const w = wilson(10, 100)!;
    expect(w.low).toBeCloseTo(0.0552, 3);
    expect(w.high).toBeCloseTo(0.1744, 3);
    expect(wilson(0, 0)).toBeNull();
  });

  it('slot fit, minutes covering and the histogram', () => {
    const xs = Array.from({ length: 100 }, (_, i) => (i + 1) * 6); // 6..600 s
    const f = slotFit(xs, 480);
    expect(f.overrun!.count).toBe(20);
    expect(f.overrun!.share).toBeCloseTo(0.2);
    expect(f.excessMeanSec).toBeCloseTo(63); // 6..120, mean 63
    expect(minutesCovering(xs, 0.9).minutes).toBe(9); // p90 = 540 s
    expect(minutesCovering(xs, 0.95).minutes).toBe(10); // p95 = 570 s
    const h = histogram([0, 59, 60, 179]);
    expect(h).toEqual([{ fromMin: 0, count: 2 }, { fromMin: 1, count: 1 }, { fromMin: 2, count: 1 }]);
  });
});

describe('Erlang C against published tables', () => {
  it('10 erlangs: P(wait) for 11..15 agents', () => {
    // The classic table (e.g. Cooper, Introduction to Queueing Theory; call-centre tables): 0.6821, 0.4494, 0.2853, 0.1741, 0.1020.
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(erlangC(12, 10)).toBeCloseTo(0.4494, 4);
    expect(erlangC(13, 10)).toBeCloseTo(0.2853, 4);
    expect(erlangC(14, 10)).toBeCloseTo(0.1741, 4);
    expect(erlangC(15, 10)).toBeCloseTo(0.1020, 4);
  });

  it('M/M/3 at 2 erlangs: exactly 4/9; mean wait C·AHT/(N − a)', () => {
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12);
    expect(meanWait(3, 2, 300)).toBeCloseTo((4 / 9) * 300, 9);
    expect(erlangC(2, 2)).toBe(1);
  });

  it('agents for a service level', () => {
    // 10 erlangs, AHT 180 s, 80 % within 20 s: 13 agents (79.6 %) are not enough, 14 are.
    expect(serviceLevel(13, 10, 180, 20)).toBeLessThan(0.8);
    expect(agentsFor(10, 180, 20, 0.8)).toBe(14);
    expect(agentsFor(0, 180, 20, 0.8)).toBe(0);
  });
});

describe('weekday forecast', () => {
  const days: DayDemand[] = [];
  for (let w = 0; w < 10; w++) {
    for (let d = 0; d < 7; d++) {
      const day = new Date(Date.UTC(2026, 0, 5 + w * 7 + d)).toISOString().slice(0, 10); // 5 Jan 2026 is a Monday
      days.push({ day, weekday: d + 1, demand: d < 5 ? 20 + d * 2 + (w % 2) : 0, open: d < 5 });
    }
  }

  it('mean of the same weekday over the last weeks; closed days are not zero demand', () => {
    const f = forecastWeekdays(days, 4);
    expect(f.perWeekday[1]).toBeCloseTo(20.5);
    expect(f.perWeekday[5]).toBeCloseTo(28.5);
    expect(f.perWeekday[6]).toBeNull();
    expect(f.weeksUsed).toBe(4);
  });

  it('error on held-out weeks', () => {
    const e = forecastError(days, 2, 4);
    expect(e.heldOutDays).toBe(10);
    expect(e.mae).toBeCloseTo(0.5);
    expect(e.mape).toBeGreaterThan(0);
  });
});

describe('capacity plan', () => {
  const hours = [9, 10, 11, 12].map((hour) => ({ hour, openMinutes: 60, operators: 2 }));
  const week: (typeof hours)[] = [[], hours, hours, hours, hours, hours, [], []];
  const handling = Array.from({ length: 100 }, (_, i) => 300 + i * 4); // 300..696 s

  it('per option: overrun, operators per hour, lead time', () => {
    const plan = planCapacity({
      slotMinutes: 8, handlingSec: handling, attemptsPerBooking: 1, demandPerWeekday: [null, 40, 40, 40, 40, 40, null, null],
      hoursPerWeekday: week, backlog: 0, daysAhead: [1, 2, 3, 4, 5, 1, 2, 3, 4, 5],
    });
    expect(plan.options.map((o) => o.slotMinutes)).toEqual([8, 10, 12, 15]);
    const eight = plan.options[0]!;
    expect(eight.current).toBe(true);
    // 300..696 step 4: over 480 s are 484..696 → 54 of 100.
    expect(eight.overrunShare).toBeCloseTo(0.54);
    expect(eight.fits).toBe(false);
    // 40 a day over 4 hours = 10 an hour; an operator offers 7 slots of 8 min an hour → 2.
    expect(eight.hours[0]!.capacity).toBe(2);
    expect(eight.hours.every((h) => h.needed >= h.capacity && h.needed >= h.queueing)).toBe(true);
    const twelve = plan.options.find((o) => o.slotMinutes === 12)!;
    expect(twelve.fits).toBe(true); // p90 = 660 s ≤ 720
    expect(twelve.hours[0]!.capacity).toBe(2); // 5 slots an hour each
    expect(plan.options.every((o) => o.meetsLead)).toBe(true);
  });

  it('a backlog beyond the target asks for more operators', () => {
    const base = { slotMinutes: 10, handlingSec: handling, attemptsPerBooking: 1, demandPerWeekday: [null, 30, 30, 30, 30, 30, null, null], hoursPerWeekday: week, daysAhead: [1, 2, 3, 4, 5] };
    const calm = planCapacity({ ...base, backlog: 0 }).options.find((o) => o.slotMinutes === 10)!;
    const late = planCapacity({ ...base, backlog: 400 }).options.find((o) => o.slotMinutes === 10)!;
    expect(late.hours[0]!.capacity).toBeGreaterThan(calm.hours[0]!.capacity);
    expect(late.leadToday[0]).toBeGreaterThan(3);
    expect(late.leadPlanned.every((d) => d <= 3)).toBe(true);
  });

  it('fluid lead time', () => {
    // 10 waiting, 5 a day arrive, 10 a day served: first day 15 waiting → 2 days.
    expect(projectLead(10, [1, 2, 3], () => 5, () => 10)).toEqual([2, 1, 1]);
  });
});

describe('what-if simulator', () => {
  const slots: SimSlot[] = [];
  const arrivals: SimArrival[] = [];
  for (let day = 0; day < 20; day++) {
    for (let k = 0; k < 24; k++) slots.push({ deskId: 'd', start: day * 1440 + 540 + k * 10, day, places: 2 });
    for (let k = 0; k < 45; k++) arrivals.push({ deskId: 'd', at: day * 1440 + 480 - 600 + k * 13, day: Math.max(0, day - 1) });
  }
  const params = { slotMinutes: 10, handlingSec: [300, 400, 500, 600, 700, 800], noAnswer: 0.15, cancel: 0.05, maxAttempts: 3, retryGapMin: 15, dialSec: 40, minNoticeMin: 60, horizonDays: 10, seed: 7 };

  it('is deterministic for a seed, and a different seed changes it', () => {
    const a = simulate(slots, arrivals, params);
    const b = simulate(slots, arrivals, params);
    expect(b).toEqual(a);
    const c = simulate(slots, arrivals, { ...params, seed: 8 });
    expect(c.finals).not.toEqual(a.finals);
  });

  it('conservation: every booking ends in exactly one state', () => {
    for (const seed of [1, 2, 3]) {
      const r = simulate(slots, arrivals, { ...params, seed });
      expect(r.finals.length).toBe(arrivals.length);
      expect(r.finals.every((f) => ['served', 'no_answer', 'cancelled', 'refused'].includes(f))).toBe(true);
      const sum = r.states.served + r.states.no_answer + r.states.cancelled + r.states.refused;
      expect(sum).toBe(arrivals.length);
      expect(r.calls).toBeGreaterThanOrEqual(r.states.served + r.states.no_answer);
    }
  });

  it('more demand than places: refusals and growing lead times; longer slots overrun less', () => {
    const r = simulate(slots, arrivals, params);
    // 45 a day for 48 places: lead stays short.
    expect(r.leadMean!).toBeLessThan(3);
    const busy = simulate(slots, arrivals.concat(arrivals), params);
    expect(busy.states.refused).toBeGreaterThan(0);
    expect(busy.leadMean!).toBeGreaterThan(r.leadMean!);
    const long = simulate(slots, arrivals, { ...params, slotMinutes: 15 });
    expect(long.overrunShare!).toBeLessThan(r.overrunShare!);
  });
});
