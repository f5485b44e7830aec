/** A desk's weekly opening, summarised for people: "lun–ven 08:30–12:30; mar 14:00–16:00". */

export interface Opening {
  weekday: number;
  from: string;
  to: string;
}

const SHORT = {
  it: ['lun', 'mar', 'mer', 'gio', 'ven', 'sab', 'dom'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
} as const;

/** [1,2,3,5] → "lun–mer, ven" */
export function weekdayRanges(days: readonly number[], lang: 'it' | 'en'): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const a = SHORT[lang][sorted[i]! - 1]!;
    const b = SHORT[lang][sorted[j]! - 1]!;
    parts.push(j === i ? a : j === i + 1 ? `${a}, ${b}` : `${a}–${b}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** Days with the same opening hours together, in weekday order. */
export function summariseWeekly(weekly: readonly Opening[], lang: 'it' | 'en'): string[] {
  const byDay = new Map<number, string>();
  for (const w of [...weekly].sort((a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from))) {
    const prev = byDay.get(w.weekday);
    const range = `${w.from}–${w.to}`;
    byDay.set(w.weekday, prev ? `${prev}, ${range}` : range);
  }
  const groups = new Map<string, number[]>();
  for (const [day, hours] of byDay) groups.set(hours, [...(groups.get(hours) ?? []), day]);
  return [...groups.entries()]
    .sort((a, b) => a[1][0]! - b[1][0]!)
    .map(([hours, days]) => `${weekdayRanges(days, lang)} ${hours}`);
}
