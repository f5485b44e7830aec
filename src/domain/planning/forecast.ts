/**
 * Weekday demand forecast (docs/planning.md): the demand of a weekday is the mean of the same
 * weekday over the last `weeks` weeks of history that had the desk open that day (a seasonal
 * naive mean). Its error is measured by holding out the last `holdout` weeks: the forecast is
 * made from the weeks before them and compared day by day (mean absolute error, and the mean
 * absolute percentage error over the days with demand).
 */

export interface DayDemand {
  /** YYYY-MM-DD (local date). */
  day: string;
  /** ISO weekday 1 = Monday … 7 = Sunday. */
  weekday: number;
  demand: number;
  /** The desk offered places that day (closed days are not demand of zero). */
  open: boolean;
}

export interface WeekdayForecast {
  /** index 1..7; null for a weekday never open in the window. */
  perWeekday: (number | null)[];
  weeksUsed: number;
}

export function forecastWeekdays(history: readonly DayDemand[], weeks = 8): WeekdayForecast {
  const byWd: number[][] = [[], [], [], [], [], [], [], []];
  const sorted = [...history].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  for (let i = sorted.length - 1; i >= 0; i--) {
    const d = sorted[i]!;
    if (!d.open) continue;
    const list = byWd[d.weekday]!;
    if (list.length < weeks) list.push(d.demand);
  }
  const perWeekday = byWd.map((l, i) => (i === 0 || l.length === 0 ? null : l.reduce((a, b) => a + b, 0) / l.length));
  return { perWeekday, weeksUsed: Math.max(0, ...byWd.map((l) => l.length)) };
}

export interface ForecastError {
  heldOutDays: number;
  /** Mean absolute error, bookings a day. */
  mae: number | null;
  /** Mean absolute percentage error over held-out days with demand > 0 (0..1+). */
  mape: number | null;
}

/** Forecast from the history before the last `holdout` weeks, checked on those weeks. */
export function forecastError(history: readonly DayDemand[], holdout = 2, weeks = 8): ForecastError {
  const open = [...history].filter((d) => d.open).sort((a, b) => (a.day < b.day ? -1 : 1));
  if (open.length === 0) return { heldOutDays: 0, mae: null, mape: null };
  const last = open[open.length - 1]!.day;
  const cut = shiftDay(last, -7 * holdout);
  const train = open.filter((d) => d.day <= cut);
  const test = open.filter((d) => d.day > cut);
  const f = forecastWeekdays(train, weeks);
  let abs = 0;
  let n = 0;
  let pct = 0;
  let np = 0;
  for (const d of test) {
    const p = f.perWeekday[d.weekday];
    if (p === null || p === undefined) continue;
    abs += Math.abs(p - d.demand);
    n += 1;
    if (d.demand > 0) { pct += Math.abs(p - d.demand) / d.demand; np += 1; }
  }
  return { heldOutDays: n, mae: n ? abs / n : null, mape: np ? pct / np : null };
}

function shiftDay(day: string, days: number): string {
  const t = Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
