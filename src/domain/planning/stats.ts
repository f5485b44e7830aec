/**
 * Distribution-free statistics of handling times (docs/planning.md).
 *
 * Percentiles are order statistics of the sample (the nearest-rank definition: the p-quantile
 * is x(⌈p·n⌉), the smallest value with at least p·n values at or below it). Their confidence
 * interval comes from the binomial law of the number of values below the true quantile: for
 * order statistics x(l) ≤ q_p ≤ x(u), the coverage is P(l ≤ B < u) with B ~ Binomial(n, p),
 * whatever the distribution (continuous). Shares get the Wilson score interval.
 */

/** Below this many calls a figure is shown with a warning: too few to conclude. */
export const MIN_SAMPLE = 30;

/** Nearest-rank p-quantile (0 < p ≤ 1) of a sorted sample; null when empty. */
export function quantile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const k = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length - 1e-9)));
  return sorted[k - 1]!;
}

/** ln k! for k = 0..n, kept and grown as larger samples come (a pure cache of a pure function). */
let LOG_FACT = new Float64Array([0, 0]);
function logFactorials(n: number): Float64Array {
  if (LOG_FACT.length > n) return LOG_FACT;
  const f = new Float64Array(Math.max(n + 1, LOG_FACT.length * 2));
  f.set(LOG_FACT);
  for (let i = LOG_FACT.length; i < f.length; i++) f[i] = f[i - 1]! + Math.log(i);
  LOG_FACT = f;
  return f;
}

/** P(B = k) for B ~ Binomial(n, p). */
function pmfAt(n: number, p: number, k: number, lf: Float64Array): number {
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(lf[n]! - lf[k]! - lf[n - k]! + k * Math.log(p) + (n - k) * Math.log(1 - p));
}

/** Binomial(n, p) probabilities P(B = k), k = 0..n. */
export function binomialPmf(n: number, p: number): Float64Array {
  const lf = logFactorials(n);
  const out = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) out[k] = pmfAt(n, p, k, lf);
  return out;
}

export interface Interval {
  low: number;
  high: number;
  /** The coverage actually reached (≥ the level asked for), or null when the sample is too small to reach it. */
  coverage: number | null;
}

/**
 * Order-statistic ranks (1-based) [l, u] with P(x(l) ≤ q_p ≤ x(u)) ≥ level, as symmetric
 * around n·p as the binomial allows; null when even [1, n] does not reach the level. Only the
 * binomial terms near n·p are computed (the interval grows from there), so large samples cost
 * a few standard deviations' worth of terms.
 */
export function quantileRanks(n: number, p: number, level = 0.95): { l: number; u: number; coverage: number } | null {
  if (n === 0) return null;
  const lf = logFactorials(n);
  // Coverage of [x(l), x(u)] = Σ_{k=l}^{u-1} P(B = k).
  let l = Math.max(1, Math.min(n, Math.ceil(n * p)));
  let u = l;
  let cov = 0;
  while (cov < level) {
    const canDown = l > 1;
    const canUp = u < n;
    if (!canDown && !canUp) break;
    const down = canDown ? pmfAt(n, p, l - 1, lf) : -1;
    const up = canUp ? pmfAt(n, p, u, lf) : -1;
    if (up >= down) { cov += up; u += 1; } else { cov += down; l -= 1; }
  }
  if (cov < level - 1e-12) return null;
  return { l, u, coverage: Math.min(1, cov) };
}

/** The p-quantile of a sorted sample and its distribution-free confidence interval. */
export function quantileWithCi(sorted: ArrayLike<number>, p: number, level = 0.95): { value: number | null; ci: Interval | null } {
  const value = quantile(sorted, p);
  if (value === null) return { value, ci: null };
  const r = quantileRanks(sorted.length, p, level);
  if (!r) return { value, ci: { low: sorted[0]!, high: sorted[sorted.length - 1]!, coverage: null } };
  return { value, ci: { low: sorted[r.l - 1]!, high: sorted[r.u - 1]!, coverage: r.coverage } };
}

/** Wilson score interval of a share k/n (z = 1.96 for 95 %). */
export function wilson(k: number, n: number, z = 1.959964): { share: number; low: number; high: number } | null {
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { share: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface SampleSummary {
  n: number;
  meanSec: number | null;
  p50: { value: number | null; ci: Interval | null };
  p90: { value: number | null; ci: Interval | null };
  p95: { value: number | null; ci: Interval | null };
  /** n < MIN_SAMPLE, or the 95 % interval of p90 not reachable with this many values. */
  tooSmall: boolean;
}

/** Median, p90 and p95 with their 95 % intervals, of an unsorted sample of seconds. */
export function summarize(values: readonly number[]): SampleSummary {
  return summarizeSorted(sortedCopy(values));
}

/** A sorted copy of numbers (a typed array: numeric sort, no comparator calls). */
export const sortedCopy = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

/** summarize() of an already sorted sample. */
export function summarizeSorted(sorted: Float64Array): SampleSummary {
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  const p90 = quantileWithCi(sorted, 0.9);
  return {
    n,
    meanSec: n ? sum / n : null,
    p50: quantileWithCi(sorted, 0.5),
    p90,
    p95: quantileWithCi(sorted, 0.95),
    tooSmall: n < MIN_SAMPLE || p90.ci?.coverage === null,
  };
}

export interface SlotFit {
  slotSec: number;
  /** Calls longer than the slot, with the Wilson 95 % interval. */
  overrun: { count: number; share: number; low: number; high: number } | null;
  /** Mean and p90 of the excess (seconds beyond the slot) among the calls that overran. */
  excessMeanSec: number | null;
  excessP90Sec: number | null;
}

/** How a sample of total handling times fits a slot of `slotSec`: the overrunning share and by how much. */
export function slotFit(values: readonly number[], slotSec: number): SlotFit {
  const excess = Float64Array.from(values.filter((v) => v > slotSec), (v) => v - slotSec).sort();
  const w = wilson(excess.length, values.length);
  return {
    slotSec,
    overrun: w ? { count: excess.length, ...w } : null,
    excessMeanSec: excess.length ? excess.reduce((a, b) => a + b, 0) / excess.length : null,
    excessP90Sec: quantile(excess, 0.9),
  };
}

/**
 * Whole minutes of a slot that cover a share of calls: ⌈q / 60⌉ of the quantile, with the
 * interval of the quantile turned into minutes the same way.
 */
export function minutesCovering(values: readonly number[], share: number): { minutes: number | null; low: number | null; high: number | null } {
  return minutesCoveringSorted(sortedCopy(values), share);
}

export function minutesCoveringSorted(sorted: Float64Array, share: number): { minutes: number | null; low: number | null; high: number | null } {
  const q = quantileWithCi(sorted, share);
  if (q.value === null) return { minutes: null, low: null, high: null };
  return { minutes: Math.ceil(q.value / 60), low: q.ci ? Math.ceil(q.ci.low / 60) : null, high: q.ci ? Math.ceil(q.ci.high / 60) : null };
}

/** 1-minute histogram of seconds, from 0 to the largest value's minute. */
export function histogram(values: ArrayLike<number> & Iterable<number>): { fromMin: number; count: number }[] {
  let max = -1;
  const bins = new Map<number, number>();
  for (const v of values) {
    const b = Math.floor(v / 60);
    bins.set(b, (bins.get(b) ?? 0) + 1);
    if (b > max) max = b;
  }
  const out = [];
  for (let b = 0; b <= max; b++) out.push({ fromMin: b, count: bins.get(b) ?? 0 });
  return out;
}
